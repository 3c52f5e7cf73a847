import Foundation

/// NumPy's legacy RandomState: MT19937 with NumPy's seeding and legacy distributions.
///
/// Seeded with the same integer, it reproduces `np.random.seed(s)` followed by `rand`, `randn`,
/// `randint`, `choice`, `permutation` and `shuffle` bit for bit (checked against numpy 2.4).
/// A value type: a copy continues the same stream independently.
public struct NumPyRandomState: Sendable {
    private var twister: MersenneTwister
    /// The second value of the last polar pair, returned by the next `standardNormal()`.
    private var cachedGauss: Double = 0
    /// Whether `cachedGauss` holds an unused value (numpy's `has_gauss`).
    private var hasCachedGauss = false

    /// `np.random.seed(seed)` with an integer seed (numpy's `init_genrand` path).
    public init(seed: UInt32) {
        twister = MersenneTwister(seed: seed)
    }

    /// The full state, as `np.random.get_state()` reports it (checkpoints store it to continue the stream).
    public struct State: Sendable, Codable, Equatable {
        /// The 624 untempered MT19937 words.
        public var key: [UInt32]
        /// The index of the next word, 0...624.
        public var position: Int
        /// Whether a normal value is cached (numpy's `has_gauss`).
        public var hasGauss: Bool
        /// The cached normal value (numpy's `cached_gaussian`).
        public var cachedGaussian: Double
    }

    /// The state a copy would continue from.
    public var state: State {
        State(key: twister.key, position: twister.nextIndex, hasGauss: hasCachedGauss, cachedGaussian: cachedGauss)
    }

    /// A generator continuing from `state` (`np.random.set_state`); throws when the key or position is out of range.
    public init(state: State) throws {
        guard let twister = MersenneTwister(key: state.key, position: state.position) else {
            throw NNDLError.invalidValue(
                name: "random state", value: "\(state.key.count) key words, position \(state.position)",
                requirement: "624 key words and a position in 0...624")
        }
        self.twister = twister
        self.cachedGauss = state.cachedGaussian
        self.hasCachedGauss = state.hasGauss
    }

    /// Reseeds like `np.random.seed(seed)`, which also drops a cached normal value.
    public mutating func seed(_ seed: UInt32) {
        twister.reseed(seed)
        cachedGauss = 0
        hasCachedGauss = false
    }

    /// One raw 32-bit MT19937 output.
    public mutating func nextUInt32() -> UInt32 {
        twister.next32()
    }

    // MARK: - Uniform and normal

    /// `np.random.random_sample()` / `rand()`: a double in [0, 1) with 53 bits from two draws.
    public mutating func randomSample() -> Double {
        twister.nextDouble()
    }

    /// `np.random.rand(count)`: `count` uniform doubles in [0, 1).
    public mutating func rand(_ count: Int) -> [Double] {
        precondition(count >= 0, "rand needs a non-negative count, got \(count).")
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count { buffer.initializeElement(at: i, to: twister.nextDouble()) }
            initialized = count
        }
    }

    /// `np.random.standard_normal()`: the legacy polar (Marsaglia) method, which caches the pair's second value.
    public mutating func standardNormal() -> Double {
        if hasCachedGauss {
            hasCachedGauss = false
            defer { cachedGauss = 0 }
            return cachedGauss
        }
        var x1: Double, x2: Double, r2: Double
        repeat {
            x1 = 2.0 * twister.nextDouble() - 1.0
            x2 = 2.0 * twister.nextDouble() - 1.0
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1.0 || r2 == 0.0
        let f = (-2.0 * log(r2) / r2).squareRoot()
        cachedGauss = f * x1
        hasCachedGauss = true
        return f * x2
    }

    /// `np.random.randn(count)`: `count` standard normal doubles.
    public mutating func randn(_ count: Int) -> [Double] {
        randn(count, as: Double.self)
    }

    /// `np.random.randn(*shape).astype(T)`: normals computed in Double, then rounded to `T`; shape as given.
    public mutating func randn<T: BLASScalar>(shape: [Int], as type: T.Type) -> Tensor<T> {
        precondition(shape.allSatisfy { $0 >= 0 }, "randn shape \(shape) has a negative extent.")
        return Tensor(shape: shape, scalars: randn(shape.reduce(1, *), as: type))
    }

    /// `count` standard normals converted to `T`.
    private mutating func randn<T: BLASScalar>(_ count: Int, as _: T.Type) -> [T] {
        precondition(count >= 0, "randn needs a non-negative count, got \(count).")
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count { buffer.initializeElement(at: i, to: T(standardNormal())) }
            initialized = count
        }
    }

    // MARK: - Integers

    /// `np.random.randint(low, high)` (int64): a draw in low..<high by numpy's legacy masked rejection.
    public mutating func randint(_ low: Int, _ high: Int) -> Int {
        precondition(low < high, "randint needs low < high, got low \(low), high \(high).")
        // numpy: rng = (high - 1) - low as uint64, result = uint64(low) + draw (both wrap).
        let range = UInt64(bitPattern: Int64(high &- 1 &- low))
        let offset = UInt64(bitPattern: Int64(low))
        return Int(Int64(bitPattern: offset &+ boundedMasked(range)))
    }

    /// `np.random.randint(low, high, size=count)`: the same draws as `count` scalar calls.
    public mutating func randint(_ low: Int, _ high: Int, count: Int) -> [Int] {
        precondition(count >= 0, "randint needs a non-negative count, got \(count).")
        return (0..<count).map { _ in randint(low, high) }
    }

    /// `np.random.choice(n, size)` (replace=True, p=None): `size` indices in 0..<n, i.e. `randint(0, n, size)`.
    public mutating func choice(_ n: Int, size: Int) -> [Int] {
        var indices = [Int](repeating: 0, count: size)
        choice(n, into: &indices)
        return indices
    }

    /// The same draws as `choice(n, size: buffer.count)`, written into `buffer` without allocating.
    public mutating func choice(_ n: Int, into buffer: inout [Int]) {
        guard !buffer.isEmpty else { return }
        precondition(n > 0, "choice needs n > 0 unless no samples are taken, got n \(n).")
        let range = UInt64(n - 1)
        buffer.withUnsafeMutableBufferPointer { out in
            for i in out.indices { out[i] = Int(boundedMasked(range)) }
        }
    }

    // MARK: - Permutations

    /// `np.random.permutation(n)`: 0..<n shuffled by `shuffle`.
    public mutating func permutation(_ n: Int) -> [Int] {
        precondition(n >= 0, "permutation needs n >= 0, got \(n).")
        var values = Array(0..<n)
        shuffle(&values)
        return values
    }

    /// `np.random.shuffle(x)` on a 1-D list or array: backwards Fisher–Yates with numpy's `random_interval`.
    public mutating func shuffle<E>(_ array: inout [E]) {
        guard array.count > 1 else { return }
        array.withUnsafeMutableBufferPointer { x in
            for i in stride(from: x.count - 1, through: 1, by: -1) {
                x.swapAt(i, Int(boundedMasked(UInt64(i))))
            }
        }
    }

    /// A draw in 0...range: the smallest all-ones mask ≥ range, rejecting masked draws above range.
    ///
    /// This is both numpy's legacy `randint` path (`use_masked=True`) and its `random_interval`:
    /// no draw for range 0, 32-bit draws up to 0xFFFF_FFFF, 64-bit draws (high word first) above.
    @inline(__always)
    private mutating func boundedMasked(_ range: UInt64) -> UInt64 {
        if range == 0 { return 0 }
        let mask = UInt64.max >> range.leadingZeroBitCount
        if range <= UInt64(UInt32.max) {
            let mask32 = UInt32(truncatingIfNeeded: mask), range32 = UInt32(truncatingIfNeeded: range)
            var value: UInt32
            repeat { value = twister.next32() & mask32 } while value > range32
            return UInt64(value)
        }
        var value: UInt64
        repeat { value = twister.next64() & mask } while value > range
        return value
    }
}
