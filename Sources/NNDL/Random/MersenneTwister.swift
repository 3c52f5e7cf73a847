/// The 32-bit Mersenne Twister (MT19937) exactly as NumPy's legacy `RandomState` runs it.
///
/// The 624-word state lives in a `ContiguousArray`, so copying the generator copies the stream
/// (copy on write): two copies produce the same numbers independently.
struct MersenneTwister: Sendable {
    static let stateCount = 624
    private static let shift = 397
    private static let matrixA: UInt32 = 0x9908_B0DF
    private static let upperMask: UInt32 = 0x8000_0000
    private static let lowerMask: UInt32 = 0x7FFF_FFFF

    /// The untempered twister state (numpy's `key`).
    private var state: ContiguousArray<UInt32>
    /// The index of the next word in 0...624 (624: regenerate first).
    private var position: Int

    /// A generator seeded like `np.random.seed(seed)` with an integer seed (`init_genrand`).
    init(seed: UInt32) {
        state = ContiguousArray(repeating: 0, count: Self.stateCount)
        position = Self.stateCount
        reseed(seed)
    }

    /// A generator continuing from a saved state: 624 key words and the next index in 0...624.
    init?(key: [UInt32], position: Int) {
        guard key.count == Self.stateCount, (0...Self.stateCount).contains(position) else { return nil }
        state = ContiguousArray(key)
        self.position = position
    }

    /// The untempered state words (numpy's `get_state()[1]`).
    var key: [UInt32] { Array(state) }

    /// The index of the next word (numpy's `get_state()[2]`).
    var nextIndex: Int { position }

    /// Knuth's linear seeding (`mt19937_seed` / `init_genrand`); the next draw regenerates the state.
    mutating func reseed(_ seed: UInt32) {
        state.withUnsafeMutableBufferPointer { s in
            var value = seed
            for i in 0..<Self.stateCount {
                s[i] = value
                value = 1_812_433_253 &* (value ^ (value >> 30)) &+ UInt32(i + 1)
            }
        }
        position = Self.stateCount
    }

    /// The next tempered 32-bit output (`mt19937_next32`).
    @inline(__always)
    mutating func next32() -> UInt32 {
        if position == Self.stateCount { regenerate() }
        var y = state[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// Two 32-bit outputs, the first as the high word (`mt19937_next64`, checked against numpy).
    @inline(__always)
    mutating func next64() -> UInt64 {
        let high = UInt64(next32())
        return high << 32 | UInt64(next32())
    }

    /// A double in [0, 1) with 53 random bits from two draws (`mt19937_next_double`).
    @inline(__always)
    mutating func nextDouble() -> Double {
        let a = next32() >> 5
        let b = next32() >> 6
        return (Double(a) * 67_108_864.0 + Double(b)) / 9_007_199_254_740_992.0
    }

    /// Refills all 624 words at once (`mt19937_gen`).
    private mutating func regenerate() {
        let n = Self.stateCount, m = Self.shift
        state.withUnsafeMutableBufferPointer { s in
            @inline(__always) func twist(_ i: Int, _ next: Int, _ far: Int) {
                let y = (s[i] & Self.upperMask) | (s[next] & Self.lowerMask)
                s[i] = s[far] ^ (y >> 1) ^ ((0 &- (y & 1)) & Self.matrixA)
            }
            for i in 0..<(n - m) { twist(i, i + 1, i + m) }
            for i in (n - m)..<(n - 1) { twist(i, i + 1, i + m - n) }
            twist(n - 1, 0, m - 1)
        }
        position = 0
    }
}
