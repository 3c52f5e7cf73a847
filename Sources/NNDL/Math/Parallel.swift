import Dispatch

/// Element-wise passes over large arrays, split across the threads OpenBLAS may use: between products those cores
/// would only spin. Chunks are fixed by size, not by thread count, so no result depends on how many threads ran.
public enum Parallel {
    /// Elements per chunk (256 KB of float64): small arrays stay on the calling thread.
    public static let chunk = 1 << 15

    /// The number of chunks of `size` that `count` elements make.
    public static func chunkCount(_ count: Int, size: Int = chunk) -> Int { (count + size - 1) / size }

    /// Calls `body(c, range)` for every chunk c of 0..<count (`size` items each, the last maybe fewer), on up to
    /// `BLASThreads.current` threads when there are two chunks or more. Each chunk must touch only its own items.
    public static func chunks(_ count: Int, size: Int = chunk, _ body: @Sendable (Int, Range<Int>) -> Void) {
        precondition(size >= 1, "Parallel.chunks: chunk size \(size) < 1.")
        let n = chunkCount(count, size: size)
        let threads = n > 1 ? min(BLASThreads.current, n) : 1
        if threads <= 1 {
            for c in 0..<n { body(c, (c * size)..<min(count, (c + 1) * size)) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            var c = t
            while c < n {
                body(c, (c * size)..<min(count, (c + 1) * size))
                c += threads
            }
        }
    }
}
