import Foundation

/// An error as one short cause: a file-system failure as the system says it (`No space left on
/// device`, `File too large`), not as Foundation wraps it (`The operation could not be
/// completed. (NSCocoaErrorDomain error 512.)`).
public enum ErrorCause {
    public static func text(of error: any Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        // Stored as an NSError or as a Swift error, depending on the Foundation call.
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? any Error { return text(of: underlying) }
        return nsError.domain == NSCocoaErrorDomain ? nsError.localizedDescription : String(describing: error)
    }
}
