import Dispatch
import Glibc
import Synchronization

/// The read source on stdin. It is level-triggered, so its handler suspends it until the main
/// actor has read what is there; `held` says it is suspended so, that it may be resumed exactly
/// once, and before it is cancelled (a source released while suspended traps).
///
/// `@unchecked Sendable`: dispatch sources are thread-safe (suspend, resume and cancel may be
/// called from any thread) but the Linux overlay does not mark them Sendable; `held` is atomic,
/// and `cancel` runs on the handler's own queue, so it never interleaves with the handler.
final class InputWatch: @unchecked Sendable {
    private let queue = DispatchQueue(label: "input")
    private let source: any DispatchSourceRead
    private let held = Atomic<Bool>(false)

    init(onReadable: @escaping @Sendable () -> Void) {
        source = DispatchSource.makeReadSource(fileDescriptor: STDIN_FILENO, queue: queue)
        source.setEventHandler { [weak self] in
            guard let self else { return }
            held.store(true, ordering: .sequentiallyConsistent)
            source.suspend()
            onReadable()
        }
        source.resume()
    }

    /// After what woke the reader has been read: listen again.
    func rearm() {
        if held.exchange(false, ordering: .sequentiallyConsistent) { source.resume() }
    }

    /// Asynchronous, so the main actor never waits on the handler's queue.
    func cancel() {
        queue.async { [self] in
            rearm()
            source.cancel()
        }
    }
}
