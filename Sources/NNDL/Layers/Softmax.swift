import Foundation

/// x: (N, C) scores, y: (N) labels → the mean softmax cross-entropy loss and dx: (N, C).
public func softmaxLoss<T: BLASScalar>(_ x: Tensor<T>, _ y: [Int]) -> (loss: T, dx: Tensor<T>) {
    var dx = Tensor<T>(shape: x.shape)
    let loss = Softmax.loss(x, y, dx: &dx)
    return (loss, dx)
}

/// The softmax kernels.
public enum Softmax {
    /// The mean cross-entropy of `x` (N, C) against labels `y`, writing dL/dx into `dx` (resized if needed).
    ///
    /// Each row is shifted by its maximum first, so scores of ±1e4 give finite values.
    @_specialize(where T == Double)
    @_specialize(where T == Float)
    public static func loss<T: BLASScalar>(_ x: Tensor<T>, _ y: [Int], dx: inout Tensor<T>) -> T {
        let (n, c) = (x.rows, x.columns)
        precondition(y.count == n, "softmax loss: \(n) rows but \(y.count) labels.")
        if dx.shape != [n, c] { dx.resize([n, c]) }
        var total: T = 0
        x.scalars.withUnsafeBufferPointer { s in
            dx.scalars.withUnsafeMutableBufferPointer { d in
                for i in 0..<n {
                    let row = i * c
                    var top = s[row]
                    for j in 1..<c where s[row + j] > top { top = s[row + j] }
                    var sum: T = 0
                    for j in 0..<c {
                        let e = T.exp(s[row + j] - top)
                        d[row + j] = e
                        sum += e
                    }
                    precondition(y[i] >= 0 && y[i] < c, "softmax loss: label \(y[i]) outside 0..<\(c).")
                    total -= s[row + y[i]] - top - T.log(sum)
                    let scale = 1 / (sum * T(n))
                    for j in 0..<c { d[row + j] *= scale }
                    d[row + y[i]] -= 1 / T(n)
                }
            }
        }
        return total / T(n)
    }

    /// Row-wise softmax probabilities of x: (N, C) → (N, C).
    public static func probabilities<T: BLASScalar>(_ x: Tensor<T>) -> Tensor<T> {
        var p = x
        let c = x.columns
        p.scalars.withUnsafeMutableBufferPointer { s in
            for i in 0..<x.rows {
                let row = i * c
                var top = s[row]
                for j in 1..<c where s[row + j] > top { top = s[row + j] }
                var sum: T = 0
                for j in 0..<c {
                    s[row + j] = T.exp(s[row + j] - top)
                    sum += s[row + j]
                }
                for j in 0..<c { s[row + j] /= sum }
            }
        }
        return p
    }
}

/// x: (N, C) scores, y: (N) labels → the mean multiclass hinge loss (margin 1) and dx: (N, C).
public func svmLoss<T: BLASScalar>(_ x: Tensor<T>, _ y: [Int]) -> (loss: T, dx: Tensor<T>) {
    let (n, c) = (x.rows, x.columns)
    precondition(y.count == n, "svm loss: \(n) rows but \(y.count) labels.")
    var dx = Tensor<T>(shape: x.shape)
    var total: T = 0
    x.scalars.withUnsafeBufferPointer { s in
        dx.scalars.withUnsafeMutableBufferPointer { d in
            for i in 0..<n {
                let row = i * c, correct = s[row + y[i]]
                var positive = 0
                for j in 0..<c where j != y[i] {
                    let margin = s[row + j] - correct + 1
                    if margin > 0 {
                        total += margin
                        d[row + j] = 1 / T(n)
                        positive += 1
                    }
                }
                d[row + y[i]] = -T(positive) / T(n)
            }
        }
    }
    return (total / T(n), dx)
}
