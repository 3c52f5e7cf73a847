/// A dense, row-major array of `Scalar` with a shape; value semantics (copy on write).
///
/// Any tensor of rank ≥ 1 can be read as a matrix of `rows = shape[0]` by `columns = count / rows`,
/// which is how the affine layer treats an (N, d1, …, dk) input.
public struct Tensor<Scalar: BLASScalar>: Sendable, Equatable {
    /// The extent of each axis.
    public private(set) var shape: [Int]
    /// The elements in row-major order; `scalars.count == shape.reduce(1, *)`.
    public var scalars: [Scalar]

    /// A tensor of `shape` filled with `value`.
    public init(shape: [Int], repeating value: Scalar = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape \(shape) has a negative extent.")
        self.shape = shape
        self.scalars = [Scalar](repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor of `shape` holding `scalars` in row-major order.
    public init(shape: [Int], scalars: [Scalar]) {
        precondition(
            shape.reduce(1, *) == scalars.count,
            "Tensor shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count).")
        self.shape = shape
        self.scalars = scalars
    }

    /// A rank-2 tensor from nested rows (all rows the same length).
    public init(_ rows: [[Scalar]]) {
        let columns = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == columns }, "Tensor rows have different lengths.")
        self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
    }

    /// A rank-1 tensor.
    public init(_ vector: [Scalar]) {
        self.init(shape: [vector.count], scalars: vector)
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(shape: shape) }

    /// NumPy's `np.linspace(start, stop, num=count).reshape(shape)`.
    public static func linspace(_ start: Double, _ stop: Double, shape: [Int]) -> Tensor {
        let count = shape.reduce(1, *)
        let step = count > 1 ? (stop - start) / Double(count - 1) : 0
        var values = (0..<count).map { Scalar(start + Double($0) * step) }
        if count > 1 { values[count - 1] = Scalar(stop) }
        return Tensor(shape: shape, scalars: values)
    }

    /// The number of elements.
    @inlinable public var count: Int { scalars.count }
    /// The number of axes.
    @inlinable public var rank: Int { shape.count }
    /// The leading extent (N for a batch).
    @inlinable public var rows: Int { shape.first ?? 1 }
    /// The product of all extents after the first (D for an (N, D) matrix).
    @inlinable public var columns: Int { rows == 0 ? 0 : count / rows }

    /// The element at (row, column) of the matrix view.
    @inlinable public subscript(row: Int, column: Int) -> Scalar {
        get { scalars[row * columns + column] }
        set { scalars[row * columns + column] = newValue }
    }

    /// The same elements under a new shape with the same count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }

    /// Changes the shape in place, reusing storage; the count must not change.
    public mutating func reshape(_ newShape: [Int]) {
        precondition(newShape.reduce(1, *) == count, "Cannot reshape \(shape) to \(newShape).")
        shape = newShape
    }

    /// Sets every element to 0 in place, resized to `newShape` first if it has another shape.
    public mutating func zero(shape newShape: [Int]) {
        if shape != newShape { resize(newShape) }
        scalars.withUnsafeMutableBufferPointer { p in
            if let base = p.baseAddress { base.update(repeating: 0, count: p.count) }
        }
    }

    /// Makes this tensor `newShape`, reusing its storage when the count is unchanged (workspace buffers).
    public mutating func resize(_ newShape: [Int]) {
        let newCount = newShape.reduce(1, *)
        if newCount != scalars.count {
            scalars = [Scalar](repeating: 0, count: newCount)
        }
        shape = newShape
    }

    /// The same values converted to another scalar type.
    public func converted<Other: BLASScalar>(to _: Other.Type = Other.self) -> Tensor<Other> {
        Tensor<Other>(shape: shape, scalars: scalars.map { Other($0) })
    }

    /// The matrix transpose of a rank-2 tensor.
    public func transposed() -> Tensor {
        precondition(rank == 2, "transposed() needs a rank-2 tensor, got shape \(shape).")
        let (r, c) = (shape[0], shape[1])
        var out = Tensor(shape: [c, r])
        for i in 0..<r { for j in 0..<c { out.scalars[j * r + i] = scalars[i * c + j] } }
        return out
    }

    /// Rows `range` of the leading axis, as a new tensor.
    public func rows(_ range: Range<Int>) -> Tensor {
        var newShape = shape
        newShape[0] = range.count
        let c = columns
        return Tensor(shape: newShape, scalars: Array(scalars[(range.lowerBound * c)..<(range.upperBound * c)]))
    }

    /// The sum of squares of all elements (‖x‖²).
    public var squaredNorm: Scalar { Self.sumOfSquares(scalars) }

    /// Σ x², specialized for both dtypes (generic callers reach the fast loop). Each `Parallel` chunk is summed
    /// with eight partial sums (so the additions need not wait on one another), then the chunks in order.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    static func sumOfSquares(_ x: [Scalar]) -> Scalar {
        x.withUnsafeBufferPointer { sumOfSquares($0, scaledInto: nil, by: 0) }
    }

    /// Σ x² as `sumOfSquares`, and when `out` is given, out[i] = factor · x[i] in the same pass (weight decay).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    static func sumOfSquares(
        _ x: UnsafeBufferPointer<Scalar>, scaledInto out: UnsafeMutablePointer<Scalar>?, by factor: Scalar
    ) -> Scalar {
        guard let base = x.baseAddress else { return 0 }
        let chunks = Parallel.chunkCount(x.count)
        if chunks == 1 { return sumOfSquares(base, 0..<x.count, out, factor) }
        return withUnsafeTemporaryAllocation(of: Scalar.self, capacity: chunks) { partial in
            nonisolated(unsafe) let p = base, out = out, sums = partial.baseAddress!
            Parallel.chunks(x.count) { c, range in sums[c] = sumOfSquares(p, range, out, factor) }
            var total: Scalar = 0
            for c in 0..<chunks { total += sums[c] }
            return total
        }
    }

    @inline(__always)
    private static func sumOfSquares(
        _ p: UnsafePointer<Scalar>, _ range: Range<Int>, _ out: UnsafeMutablePointer<Scalar>?, _ factor: Scalar
    ) -> Scalar {
        if let out {
            var i = range.lowerBound
            while i < range.upperBound {
                out[i] = factor * p[i]
                i &+= 1
            }
        }
        let n = range.upperBound
        var s0: Scalar = 0, s1: Scalar = 0, s2: Scalar = 0, s3: Scalar = 0
        var s4: Scalar = 0, s5: Scalar = 0, s6: Scalar = 0, s7: Scalar = 0
        var i = range.lowerBound
        while i &+ 8 <= n {
            s0 += p[i] * p[i]; s1 += p[i &+ 1] * p[i &+ 1]; s2 += p[i &+ 2] * p[i &+ 2]; s3 += p[i &+ 3] * p[i &+ 3]
            s4 += p[i &+ 4] * p[i &+ 4]; s5 += p[i &+ 5] * p[i &+ 5]; s6 += p[i &+ 6] * p[i &+ 6]; s7 += p[i &+ 7] * p[i &+ 7]
            i &+= 8
        }
        var tail: Scalar = 0
        while i < n {
            tail += p[i] * p[i]
            i &+= 1
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)) + tail
    }

    /// Whether every element is finite (no NaN or infinity).
    public var isFinite: Bool { Self.allFinite(scalars) }

    /// Reads the bit patterns, so the check is a branch-free loop the compiler vectorises, chunks across threads.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    static func allFinite(_ x: [Scalar]) -> Bool {
        x.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return true }
            let chunks = Parallel.chunkCount(p.count)
            return withUnsafeTemporaryAllocation(of: Bool.self, capacity: chunks) { flags in
                nonisolated(unsafe) let raw = UnsafeRawPointer(base), ok = flags.baseAddress!
                Parallel.chunks(p.count) { c, range in
                    ok[c] = MemoryLayout<Scalar>.size == 8
                        ? noAllOnesExponent(raw.assumingMemoryBound(to: UInt64.self), range, exponent: 0x7ff0_0000_0000_0000)
                        : noAllOnesExponent(raw.assumingMemoryBound(to: UInt32.self), range, exponent: 0x7f80_0000)
                }
                return (0..<chunks).allSatisfy { ok[$0] }
            }
        }
    }

    /// The sum of all elements.
    public var sum: Scalar { scalars.reduce(0, +) }
}

extension Tensor: CustomStringConvertible {
    /// A short description with the shape and the first elements.
    public var description: String {
        let head = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor\(shape)[\(head)\(count > 8 ? ", …" : "")]"
    }
}

/// Whether no IEEE bit pattern in `bits[range]` has an all-ones exponent (NaN or ±infinity). Adding the
/// exponent's lowest bit to `bits & exponent` carries into the sign bit exactly when the exponent is all ones.
@inline(__always)
private func noAllOnesExponent<U: FixedWidthInteger & UnsignedInteger>(
    _ bits: UnsafePointer<U>, _ range: Range<Int>, exponent: U
) -> Bool {
    let lowest = exponent & (~exponent &+ 1)
    var acc: U = 0
    var i = range.lowerBound
    while i < range.upperBound {
        acc |= (bits[i] & exponent) &+ lowest
        i &+= 1
    }
    return acc >> (U.bitWidth - 1) == 0
}
