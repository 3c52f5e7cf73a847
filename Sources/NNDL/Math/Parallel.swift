import Dispatch

/// Element-wise passes over large arrays, split across the threads OpenBLAS may use: between products those cores
/// would only spin. Chunks are fixed by size, not by thread count, so no result depends on how many threads ran.
public enum Parallel {
    /// Elements per chunk (256 KB of float64): small arrays stay on the calling thread.
    public static let chunk = 1 << 15

    /// The number of chunks `count` elements make.
    public static func chunkCount(_ count: Int) -> Int { (count + chunk - 1) / chunk }

    /// Calls `body(c, range)` for every chunk c of 0..<count, on up to `BLASThreads.current` threads when there
    /// are two chunks or more. Each chunk must touch only its own elements.
    public static func chunks(_ count: Int, _ body: @Sendable (Int, Range<Int>) -> Void) {
        let n = chunkCount(count)
        let threads = n > 1 ? min(BLASThreads.current, n) : 1
        if threads <= 1 {
            for c in 0..<n { body(c, (c * chunk)..<min(count, (c + 1) * chunk)) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            var c = t
            while c < n {
                body(c, (c * chunk)..<min(count, (c + 1) * chunk))
                c += threads
            }
        }
    }
}
