/// Decoding of possibly invalid UTF-8 into Unicode scalars, replacing each *maximal subpart* of an
/// ill-formed sequence with one U+FFFD (Unicode §3.9 "U+FFFD Substitution of Maximal Subparts",
/// the practice WHATWG's decoder also follows). Written out rather than delegated to
/// `String(decoding:)` so the rule is pinned by our own tests and can be fused with the control
/// character pass in `DisplaySafety` without a second copy of the line.
enum UTF8Repair {
    static let replacement = Unicode.Scalar(0xFFFD)!

    /// Calls `body` with each scalar decoded from `bytes`, U+FFFD standing for each maximal subpart.
    @inline(__always)
    static func forEachScalar(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Unicode.Scalar) -> Void) {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                body(Unicode.Scalar(lead))
                index += 1
                continue
            }
            guard let shape = SequenceShape(lead: lead) else {
                body(replacement)
                index += 1
                continue
            }
            // Table 3-7: the second byte has a lead-specific range, the rest are 80...BF.
            var value = UInt32(lead) & shape.leadMask
            var consumed = 1
            while consumed < shape.length {
                let position = index + consumed
                guard position < count else { break }
                let byte = bytes[position]
                let range = consumed == 1 ? shape.secondByteRange : 0x80...0xBF
                guard range.contains(byte) else { break }
                value = (value << 6) | UInt32(byte & 0x3F)
                consumed += 1
            }
            if consumed == shape.length, let scalar = Unicode.Scalar(value) {
                body(scalar)
            } else {
                body(replacement)
            }
            index += consumed
        }
    }

    /// The well-formed byte sequences that may start with a given lead byte (Unicode Table 3-7).
    private struct SequenceShape {
        var length: Int
        var leadMask: UInt32
        var secondByteRange: ClosedRange<UInt8>

        init?(lead: UInt8) {
            switch lead {
            case 0xC2...0xDF: self.init(length: 2, leadMask: 0x1F, secondByteRange: 0x80...0xBF)
            case 0xE0: self.init(length: 3, leadMask: 0x0F, secondByteRange: 0xA0...0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: self.init(length: 3, leadMask: 0x0F, secondByteRange: 0x80...0xBF)
            case 0xED: self.init(length: 3, leadMask: 0x0F, secondByteRange: 0x80...0x9F)  // no surrogates
            case 0xF0: self.init(length: 4, leadMask: 0x07, secondByteRange: 0x90...0xBF)
            case 0xF1...0xF3: self.init(length: 4, leadMask: 0x07, secondByteRange: 0x80...0xBF)
            case 0xF4: self.init(length: 4, leadMask: 0x07, secondByteRange: 0x80...0x8F)  // <= U+10FFFF
            default: return nil  // continuation bytes, C0, C1, F5...FF never start a sequence
            }
        }

        private init(length: Int, leadMask: UInt32, secondByteRange: ClosedRange<UInt8>) {
            self.length = length
            self.leadMask = leadMask
            self.secondByteRange = secondByteRange
        }
    }
}
