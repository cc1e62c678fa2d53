import Foundation

/// A large generated file written and then read in fixed chunks: memory stays at one chunk
/// whatever the size, shown by RSS beside the throughput.
public enum LargeFileStream {
    public struct Outcome: Sendable {
        public let bytesRead: Int
        /// Sum of every byte read, to prove the whole file went through.
        public let checksum: UInt64
        public let expectedChecksum: UInt64
        public let baselineResidentBytes: Int
        public let peakResidentBytes: Int
        public var peakGrowthBytes: Int { peakResidentBytes - baselineResidentBytes }
    }

    public static let chunkBytes = 1 << 20

    /// The file's chunk: a repeating ramp of bytes, cheap to generate and to check.
    static let pattern = Data((0..<chunkBytes).map { UInt8(truncatingIfNeeded: $0 &* 31) })

    public static func run(_ context: LessonContext) async throws -> Outcome {
        let size = context.settings.largeFileBytes
        let path = context.scratchPath("large.bin")
        let baseline = try await SystemMonitor.residentBytes(context.blocking)
        var peak = baseline
        context.say("generating \(megabytes(size)) MB in \(chunkBytes >> 20) MiB chunks; RSS \(megabytes(baseline)) MB")
        try await context.blocking.run {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            var written = 0
            while written < size {
                let count = min(chunkBytes, size - written)
                try handle.write(contentsOf: pattern.prefix(count))
                written += count
            }
        }
        try await context.beat()
        let reader = try await ChunkReader.open(path: path, blocking: context.blocking)
        // Real time spent reading, beats left out: throughput is the disk's, whatever --speed is.
        var readingTime = Duration.zero
        var readingSince = ContinuousClock.now
        var bytesRead = 0
        var checksum: UInt64 = 0
        var nextReport = size / 10
        while true {
            let chunk = try await reader.read(upTo: chunkBytes)
            if chunk.isEmpty { break }
            bytesRead += chunk.count
            checksum &+= byteSum(chunk)
            if bytesRead >= nextReport || bytesRead == size {
                nextReport += size / 10
                let resident = try await SystemMonitor.residentBytes(context.blocking)
                peak = max(peak, resident)
                readingTime += readingSince.duration(to: .now)
                let seconds = max(readingTime.inSeconds, 1e-6)
                let rate = megabytes(Int(Double(bytesRead) / seconds))
                context.say("\(megabytes(bytesRead))/\(megabytes(size)) MB  \(rate) MB/s  RSS \(megabytes(resident)) MB")
                context.mark(.gauge(label: "MB read", value: bytesRead / 1_000_000, limit: size / 1_000_000,
                                    note: "RSS \(megabytes(resident)) MB · \(rate) MB/s"))
                try await context.beat(.milliseconds(300))
                readingSince = ContinuousClock.now
            }
        }
        let outcome = Outcome(bytesRead: bytesRead, checksum: checksum, expectedChecksum: expectedChecksum(size: size),
                              baselineResidentBytes: baseline, peakResidentBytes: peak)
        context.say("read \(megabytes(bytesRead)) MB; RSS grew at most \(megabytes(outcome.peakGrowthBytes)) MB")
        return outcome
    }

    static func expectedChecksum(size: Int) -> UInt64 {
        byteSum(pattern) &* UInt64(size / chunkBytes) &+ byteSum(pattern.prefix(size % chunkBytes))
    }

    /// The sum of all bytes, eight at a time: the per-byte loop cost a debug build (the tests')
    /// about a second of CPU per 20 MB, enough to starve the timing tests running beside it.
    static func byteSum(_ data: Data) -> UInt64 {
        data.withUnsafeBytes { bytes in
            let wordCount = bytes.count / 8
            var sum: UInt64 = 0
            for index in 0..<wordCount {
                let word = bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
                // Adjacent bytes added pairwise into four 16-bit lanes (each at most 510), then the
                // multiply gathers the four lanes into the top 16 bits.
                let pairs = (word & 0x00FF_00FF_00FF_00FF) &+ ((word >> 8) & 0x00FF_00FF_00FF_00FF)
                sum &+= (pairs &* 0x0001_0001_0001_0001) >> 48
            }
            for byte in bytes[(wordCount * 8)...] { sum &+= UInt64(byte) }
            return sum
        }
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f", Double(bytes) / 1_000_000)
    }
}
