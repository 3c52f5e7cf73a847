import Testing
@testable import NNDL

@Suite struct TensorTests {
    @Test func gemmMatchesHandComputedProduct() {
        // [[1,2,3],[4,5,6]] · [[1,0],[0,1],[1,1]] = [[4,5],[10,11]]
        let a = Tensor<Double>([[1, 2, 3], [4, 5, 6]])
        let b = Tensor<Double>([[1, 0], [0, 1], [1, 1]])
        #expect(MatMul.product(a, b).scalars == [4, 5, 10, 11])
        // aᵀ·a is 3×3: first row [17, 22, 27]
        #expect(MatMul.product(a, transposeA: true, a).scalars.prefix(3) == [17, 22, 27])
        // a·aᵀ = [[14, 32], [32, 77]]
        #expect(MatMul.product(a, a, transposeB: true).scalars == [14, 32, 32, 77])
    }

    @Test func gemmInFloatAccumulatesWithBeta() {
        let a = Tensor<Float>([[1, 2], [3, 4]])
        var c = Tensor<Float>([[1, 1], [1, 1]])
        MatMul.gemm(a, a, into: &c, alpha: 1, beta: 1)
        #expect(c.scalars == [8, 11, 16, 23])
    }

    @Test func linspaceMatchesNumPy() {
        // np.linspace(-0.1, 0.5, num=4) = [-0.1, 0.1, 0.3, 0.5]
        let t = Tensor<Double>.linspace(-0.1, 0.5, shape: [2, 2])
        #expect(zip(t.scalars, [-0.1, 0.1, 0.3, 0.5]).allSatisfy { abs($0 - $1) < 1e-15 })
        #expect(t.rows == 2 && t.columns == 2)
    }
}
