/// Orders text as a person reads it: runs of digits by their value, so `w2` comes before `w10`,
/// and letters without regard to ASCII case (ties fall back to plain order, so it stays total).
enum NaturalOrder {
    /// -1, 0 or 1 as `a` sorts before, with or after `b`.
    static func compare(_ a: String, _ b: String) -> Int {
        // Names are native strings, so their UTF-8 is contiguous and nothing is copied.
        let contiguous = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in compare(x, y) }
        } ?? nil
        let natural = contiguous ?? Array(a.utf8).withUnsafeBufferPointer { x in
            Array(b.utf8).withUnsafeBufferPointer { y in compare(x, y) }
        }
        if natural != 0 { return natural }
        return a < b ? -1 : (a == b ? 0 : 1)
    }

    private static func compare(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0, j = 0
        while i < x.count, j < y.count {
            guard isDigit(x[i]), isDigit(y[j]) else {
                let (c, d) = (lowercased(x[i]), lowercased(y[j]))
                if c != d { return c < d ? -1 : 1 }
                i += 1
                j += 1
                continue
            }
            let (numberX, numberY) = (digitRun(x, from: &i), digitRun(y, from: &j))
            if numberX.count != numberY.count { return numberX.count < numberY.count ? -1 : 1 }
            for (p, q) in zip(numberX, numberY) where p != q { return p < q ? -1 : 1 }
        }
        let (restX, restY) = (x.count - i, y.count - j)
        return restX == restY ? 0 : (restX < restY ? -1 : 1)
    }

    /// The digits from `index` on, without leading zeros; moves `index` past them.
    private static func digitRun(_ bytes: UnsafeBufferPointer<UInt8>, from index: inout Int) -> Slice<UnsafeBufferPointer<UInt8>> {
        var start = index
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        while start < index - 1, bytes[start] == UInt8(ascii: "0") { start += 1 }
        return bytes[start..<index]
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}
