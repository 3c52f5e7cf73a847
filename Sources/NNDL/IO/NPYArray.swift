/// An array decoded from a `.npy` file: its shape, dtype descriptor and values in row-major order.
public struct NPYArray: Sendable, Equatable {
    /// The extent of each axis; `[]` for a 0-d array (one element).
    public var shape: [Int]
    /// The NumPy descriptor as stored: `"<f8"`, `"<f4"`, `"<i8"`, `"<i4"`, `"|u1"`, `"|i1"`, `"|b1"` or `"<U{n}"`.
    public var dtype: String
    /// The values of a float array (`<f8`, `<f4`), widened exactly to Double; nil otherwise.
    public var doubles: [Double]?
    /// The values of an integer or bool array; nil otherwise.
    public var ints: [Int]?
    /// The values of a unicode (`<U{n}`) array, trailing NULs removed; nil otherwise.
    public var strings: [String]?

    /// An array from its parts; exactly one of `doubles`, `ints`, `strings` is expected to be set.
    public init(shape: [Int], dtype: String, doubles: [Double]? = nil, ints: [Int]? = nil, strings: [String]? = nil) {
        self.shape = shape
        self.dtype = dtype
        self.doubles = doubles
        self.ints = ints
        self.strings = strings
    }

    /// This array with its axes in reverse order (a 2-D array's transpose), values moved to match.
    func reversingAxes() -> NPYArray {
        let reversed = Array(shape.reversed())
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        // Element i of the result, at index (j0 … jk) of `reversed`, is the element at (jk … j0) here.
        func permuted<V>(_ values: [V]) -> [V] {
            (0..<values.count).map { i in
                var rest = i, source = 0
                for axis in stride(from: reversed.count - 1, through: 0, by: -1) {
                    source += (rest % reversed[axis]) * strides[reversed.count - 1 - axis]
                    rest /= reversed[axis]
                }
                return values[source]
            }
        }
        return NPYArray(shape: reversed, dtype: dtype, doubles: doubles.map(permuted), ints: ints.map(permuted),
                        strings: strings.map(permuted))
    }

    /// The number of elements (1 for a 0-d array).
    public var count: Int { shape.reduce(1, *) }

    /// The text of a one-element unicode array (what `NPY.encode(string:)` writes); nil otherwise.
    public var string: String? {
        guard let strings, strings.count == 1 else { return nil }
        return strings[0]
    }

    /// The value of a one-element integer array (a saved step count); nil otherwise.
    public var int: Int? {
        guard let ints, ints.count == 1 else { return nil }
        return ints[0]
    }

    /// The values as a tensor of the same shape (floats and integers convert; text throws `NPYError.notNumeric`).
    public func tensor<T: BLASScalar>(of _: T.Type = T.self) throws -> Tensor<T> {
        if let doubles { return Tensor(shape: shape, scalars: doubles.map { T($0) }) }
        if let ints { return Tensor(shape: shape, scalars: ints.map { T($0) }) }
        throw NPYError.notNumeric(dtype: dtype)
    }
}

/// What was wrong with the bytes of a `.npy` array.
public enum NPYError: Error, Equatable, CustomStringConvertible {
    /// The bytes end before a field is complete.
    case truncated(String)
    /// The first six bytes are not `\x93NUMPY`.
    case badMagic
    /// A format version other than 1.0, 2.0 or 3.0.
    case unsupportedVersion(major: Int, minor: Int)
    /// The header dictionary could not be parsed or lacks/has extra keys.
    case badHeader(String)
    /// A dtype this reader does not decode.
    case unsupportedDtype(String)
    /// The data section has `got` bytes where the shape and dtype need `expected`.
    case dataSize(expected: Int, got: Int)
    /// A unicode element holds a value that is not a Unicode scalar.
    case badText(String)
    /// A text array was asked for numbers.
    case notNumeric(dtype: String)

    /// A one-line message naming the values.
    public var description: String {
        switch self {
        case let .truncated(detail): return "truncated: \(detail)"
        case .badMagic: return "not a .npy array (the magic string \\x93NUMPY is missing)"
        case let .unsupportedVersion(major, minor): return "unsupported .npy format version \(major).\(minor)"
        case let .badHeader(detail): return "bad header: \(detail)"
        case let .unsupportedDtype(descr):
            return "unsupported dtype '\(descr)' (supported: <f8 <f4 <i8 <i4 |u1 |i1 |b1 <U{n})"
        case let .dataSize(expected, got):
            return "the data holds \(got) bytes where the shape and dtype need \(expected)"
        case let .badText(detail): return "bad unicode data: \(detail)"
        case let .notNumeric(dtype): return "dtype '\(dtype)' holds text, not numbers"
        }
    }
}
