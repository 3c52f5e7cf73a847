import CKernels

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
        run(parts: threads) { t in
            var c = t
            while c < n {
                body(c, (c * size)..<min(count, (c + 1) * size))
                c += threads
            }
        }
    }

    /// Calls `body(p)` for every 0 ≤ p < parts, side by side on the calling thread and the engine's worker pool
    /// (`nndl_parallel_run`: workers that spin briefly between passes instead of sleeping, since a training step runs
    /// several passes a few tens of microseconds apart), and returns when all have returned.
    public static func run(parts: Int, _ body: @Sendable (Int) -> Void) {
        guard parts > 1 else {
            if parts == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { body in
            var context = body
            withUnsafeMutablePointer(to: &context) { pointer in
                nndl_parallel_run(Int32(parts), { context, part in
                    context!.assumingMemoryBound(to: (@Sendable (Int) -> Void).self).pointee(Int(part))
                }, pointer)
            }
        }
    }
}
