import Testing
import NNDL

/// Every pinned number below was printed by numpy 2.4.6 (legacy `np.random` = RandomState/MT19937)
/// with the command quoted beside it; equality is exact. The suite pins short sequences: agreement over
/// long ones (1M values per distribution, 5 seeds) is not part of it.
@Suite struct NumPyRandomStateTests {
    @Test func randnMatchesNumPySeedZero() {
        // np.random.seed(0); np.random.randn(3)
        var rng = NumPyRandomState(seed: 0)
        #expect(rng.randn(3) == [1.764052345967664, 0.4001572083672233, 0.9787379841057392])
    }

    @Test func rawDrawsAndRandMatchNumPy() {
        // np.random.seed(0); np.random.randint(0, 2**32, size=3, dtype=np.uint64)  (raw next_uint32)
        var raw = NumPyRandomState(seed: 0)
        #expect((0..<3).map { _ in raw.nextUInt32() } == [2_357_136_044, 2_546_248_239, 3_071_714_933])
        // np.random.seed(0); np.random.rand(5)
        var rng = NumPyRandomState(seed: 0)
        #expect(rng.rand(4) == [0.5488135039273248, 0.7151893663724195, 0.6027633760716439, 0.5448831829968969])
        #expect(rng.randomSample() == 0.4236547993389047)
    }

    @Test func normalCacheContinuesAcrossCalls() {
        // np.random.seed(0); np.random.randn(3); np.random.randn(2) → [2.240893199201458, 1.8675579901499675]
        // (equal to np.random.seed(0); np.random.randn(5)[3:]); randn(3) leaves the pair's second value cached.
        var rng = NumPyRandomState(seed: 0)
        _ = rng.randn(3)
        #expect(rng.randn(2) == [2.240893199201458, 1.8675579901499675])
        var whole = NumPyRandomState(seed: 0)
        #expect(Array(whole.randn(5).suffix(2)) == [2.240893199201458, 1.8675579901499675])
        // The cached value does not consume uniforms: np.random.seed(0); np.random.randn(3); np.random.rand()
        var mixed = NumPyRandomState(seed: 0)
        _ = mixed.randn(3)
        #expect(mixed.randomSample() == 0.4236547993389047)
    }

    @Test func stateMatchesNumPyAndContinuesTheStream() throws {
        // np.random.seed(0); np.random.randn(3); s = np.random.get_state()
        // → s[1][:2] = [2443250962, 1093594115], s[2] = 8, s[3] = 1, s[4] = 2.240893199201458
        var rng = NumPyRandomState(seed: 0)
        _ = rng.randn(3)
        let state = rng.state
        #expect(state.key.count == 624 && Array(state.key.prefix(2)) == [2_443_250_962, 1_093_594_115])
        #expect(state.position == 8 && state.hasGauss && state.cachedGaussian == 2.240893199201458)
        var copy = try NumPyRandomState(state: state)
        #expect(copy.randn(2) == rng.randn(2))
        #expect(copy.choice(1000, size: 700) == rng.choice(1000, size: 700))
        var bad = state
        bad.position = 625
        #expect(throws: NNDLError.self) { try NumPyRandomState(state: bad) }
    }

    @Test func reseedingDropsTheCachedNormal() {
        // np.random.seed(0); np.random.randn(1); np.random.seed(0); np.random.randn(1) → [1.764052345967664]
        var rng = NumPyRandomState(seed: 0)
        #expect(rng.standardNormal() == 1.764052345967664)
        rng.seed(0)
        #expect(rng.standardNormal() == 1.764052345967664)
        #expect(rng.standardNormal() == 0.4001572083672233)
    }

    @Test func randnInFloatRoundsTheDoubleValues() {
        // np.random.seed(231); np.random.randn(2, 3).astype(np.float32)
        var rng = NumPyRandomState(seed: 231)
        let x = rng.randn(shape: [2, 3], as: Float.self)
        #expect(x.shape == [2, 3])
        #expect(x.scalars == [0.41794342, 1.3971003, -1.7859043, -0.70882773, -0.074725315, -0.7750168])
    }

    @Test func randintRejectsMaskedDrawsAboveTheRange() {
        // np.random.seed(0); np.random.randint(0, 5, size=10): mask 7, the first 16 raw draws & 7 are
        // [4,7,5,0,3,3,3,7,1,3,5,2,4,7,6,0], so six are rejected and the 17th raw draw comes next
        // (np.random.seed(0); np.random.randint(0, 2**32, size=17, dtype=np.uint64)[16] == 4138900056).
        var rng = NumPyRandomState(seed: 0)
        #expect(rng.randint(0, 5, count: 10) == [4, 0, 3, 3, 3, 1, 3, 2, 4, 0])
        #expect(rng.nextUInt32() == 4_138_900_056)
        // np.random.seed(0); np.random.randint(-3, 3, size=10)
        var shifted = NumPyRandomState(seed: 0)
        #expect(shifted.randint(-3, 3, count: 10) == [1, 2, -3, 0, 0, 0, -2, 0, 2, -1])
    }

    @Test func randintAboveThirtyTwoBitsUsesSixtyFourBitDraws() {
        // np.random.seed(0); np.random.randint(0, 2**32 + 5, size=4)
        var rng = NumPyRandomState(seed: 0)
        #expect(rng.randint(0, (1 << 32) + 5, count: 4) == [2_546_248_239, 1_277_901_399, 243_580_376, 1_171_049_868])
        // A one-value range consumes no draw: np.random.seed(0); np.random.randint(5, 6); np.random.rand()
        var single = NumPyRandomState(seed: 0)
        #expect(single.randint(5, 6) == 5)
        #expect(single.randomSample() == 0.5488135039273248)
    }

    @Test func choiceMatchesNumPyMinibatchIndices() {
        // c = (np.random.seed(0), np.random.choice(49000, 200))[1]; c[:5], c[-5:], c.sum()
        var rng = NumPyRandomState(seed: 0)
        let indices = rng.choice(49000, size: 200)
        #expect(indices.count == 200)
        #expect(Array(indices.prefix(5)) == [2732, 43567, 42613, 45891, 21243])
        #expect(Array(indices.suffix(5)) == [38040, 16975, 38953, 15912, 28086])
        #expect(indices.reduce(0, +) == 4_983_537)
    }

    @Test func choiceIntoBufferEqualsChoiceWithSize() {
        var allocating = NumPyRandomState(seed: 7)
        var filling = NumPyRandomState(seed: 7)
        var buffer = [Int](repeating: -1, count: 200)
        for _ in 0..<3 {
            filling.choice(49000, into: &buffer)
            #expect(buffer == allocating.choice(49000, size: 200))
        }
        #expect(filling.nextUInt32() == allocating.nextUInt32())
    }

    @Test(arguments: [
        // np.random.seed(0); np.random.permutation(10)
        (UInt32(0), [2, 8, 4, 9, 1, 6, 7, 3, 0, 5]),
        // np.random.seed(1); np.random.permutation(10)
        (UInt32(1), [2, 9, 6, 4, 0, 3, 1, 7, 8, 5]),
    ])
    func permutationOfTenMatchesNumPy(seed: UInt32, expected: [Int]) {
        var rng = NumPyRandomState(seed: seed)
        #expect(rng.permutation(10) == expected)
    }

    @Test func permutationOfFiftyThousandMatchesNumPy() {
        // np.random.seed(0); p = np.random.permutation(50000)
        // p[:5] and (np.arange(50000, dtype=np.int64) * p).sum() % 1000000007
        var rng = NumPyRandomState(seed: 0)
        let p = rng.permutation(50000)
        #expect(Array(p.prefix(5)) == [11841, 19602, 45519, 25747, 42642])
        #expect(p.enumerated().reduce(0) { $0 + $1.offset * $1.element } % 1_000_000_007 == 989_859_982)
        #expect(p.sorted() == Array(0..<50000))
    }

    @Test func shuffleMatchesNumPyOnAList() {
        // l = ["a", "b", "c", "d", "e", "f"]; np.random.seed(0); np.random.shuffle(l); l
        var rng = NumPyRandomState(seed: 0)
        var letters = ["a", "b", "c", "d", "e", "f"]
        rng.shuffle(&letters)
        #expect(letters == ["f", "c", "b", "d", "a", "e"])
    }

    @Test func copiesContinueTheSameStreamIndependently() {
        var original = NumPyRandomState(seed: 0)
        _ = original.randn(1)
        var copy = original
        _ = copy.rand(1000)
        // Advancing the copy left the original's state and cached normal untouched.
        var reference = NumPyRandomState(seed: 0)
        _ = reference.randn(1)
        var second = original
        let expected = reference.randn(700)
        #expect(original.randn(700) == expected)
        #expect(second.randn(700) == expected)
    }
}
