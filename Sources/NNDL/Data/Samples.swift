/// How the D values of one image row are ordered.
public enum ImageLayout: String, Sendable, Codable, Equatable, CaseIterable {
    /// height × width × channel (the first notebook's `load_CIFAR10` rows, N×32×32×3).
    case hwc
    /// channel × height × width (the FC notebook's N×3×32×32).
    case chw
}

/// The geometry of image rows: height, width, channels and their order.
public struct ImageShape: Sendable, Codable, Equatable {
    /// Pixel rows.
    public var height: Int
    /// Pixel columns.
    public var width: Int
    /// Colour channels (3 for RGB).
    public var channels: Int
    /// The order of values inside one row.
    public var layout: ImageLayout

    /// An image geometry.
    public init(height: Int, width: Int, channels: Int, layout: ImageLayout) {
        self.height = height
        self.width = width
        self.channels = channels
        self.layout = layout
    }

    /// CIFAR-10's 32×32×3 in `layout`.
    public static func cifar(_ layout: ImageLayout) -> ImageShape {
        ImageShape(height: 32, width: 32, channels: 3, layout: layout)
    }

    /// height · width · channels.
    public var dimension: Int { height * width * channels }

    /// The index inside a row of pixel (y, x), channel c.
    @inlinable public func index(y: Int, x: Int, channel c: Int) -> Int {
        switch layout {
        case .hwc: return (y * width + x) * channels + c
        case .chw: return (c * height + y) * width + x
        }
    }
}

/// A labelled set of rows that can be gathered into a float minibatch.
///
/// CIFAR-10 keeps its pixels as `UInt8` and converts (subtracting the mean) only in `gather`;
/// in-memory sets (toy, random, tests) hold floats.
public protocol Samples: Sendable {
    /// The number of rows (N).
    var count: Int { get }
    /// The shape of one row, e.g. `[3072]` or `[3, 32, 32]`.
    var featureShape: [Int] { get }
    /// The class of each row, in 0..<numClasses.
    var labels: [Int] { get }
    /// Copies rows `indices` into `x`, resizing it to (indices.count, featureShape…); values as the model sees them.
    func gather<T: BLASScalar>(_ indices: [Int], into x: inout Tensor<T>)
}

extension Samples {
    /// D, the product of `featureShape`.
    public var dimension: Int { featureShape.reduce(1, *) }

    /// Rows `indices` as a new tensor, with their labels.
    public func batch<T: BLASScalar>(_ indices: [Int], as _: T.Type = T.self) -> (x: Tensor<T>, y: [Int]) {
        var x = Tensor<T>(shape: [0])
        gather(indices, into: &x)
        return (x, indices.map { labels[$0] })
    }

    /// All rows as one tensor.
    public func all<T: BLASScalar>(as _: T.Type = T.self) -> Tensor<T> {
        batch(Array(0..<count), as: T.self).x
    }
}

/// Samples held as a float tensor (toy data, random data, tests).
public struct TensorSamples<Element: BLASScalar>: Samples {
    /// The rows, (N, featureShape…).
    public let x: Tensor<Element>
    /// One label per row.
    public let labels: [Int]

    /// Rows `x` (N, …) with labels `y` (N).
    public init(x: Tensor<Element>, y: [Int]) {
        precondition(x.rows == y.count, "TensorSamples: \(x.rows) rows but \(y.count) labels.")
        self.x = x
        self.labels = y
    }

    public var count: Int { labels.count }
    public var featureShape: [Int] { Array(x.shape.dropFirst()) }

    @_specialize(where Element == Double, T == Double)
    @_specialize(where Element == Double, T == Float)
    public func gather<T: BLASScalar>(_ indices: [Int], into out: inout Tensor<T>) {
        let d = dimension
        out.resize([indices.count] + featureShape)
        x.scalars.withUnsafeBufferPointer { src in
            out.scalars.withUnsafeMutableBufferPointer { dst in
                for (row, i) in indices.enumerated() {
                    for j in 0..<d { dst[row * d + j] = T(src[i * d + j]) }
                }
            }
        }
    }
}

/// The splits a model trains and is evaluated on.
public struct DataSplits: Sendable {
    /// Training rows.
    public var train: any Samples
    /// Validation rows (accuracy after each epoch).
    public var val: any Samples
    /// Test rows, when the source has them.
    public var test: (any Samples)?
    /// The image geometry of a row, when rows are images (for drawing W1).
    public var image: ImageShape?
    /// Class names in label order.
    public var classNames: [String]

    /// Splits with optional test rows and image geometry.
    public init(
        train: any Samples, val: any Samples, test: (any Samples)? = nil,
        image: ImageShape? = nil, classNames: [String]
    ) {
        self.train = train
        self.val = val
        self.test = test
        self.image = image
        self.classNames = classNames
    }

    /// The number of classes.
    public var numClasses: Int { classNames.count }
}

/// The first `count` rows of other samples, gathered as they are there (the notebook's
/// `small_data = {'X_train': data['X_train'][:num_train], …}`: rows of data already centred on the whole split's mean).
public struct FirstRows: Samples {
    /// The samples the rows come from.
    public let base: any Samples
    public let count: Int
    public let labels: [Int]

    /// Rows 0..<count of `base` (count ≤ base.count).
    public init(_ base: any Samples, count: Int) {
        precondition(count >= 1 && count <= base.count, "FirstRows: \(count) rows of \(base.count).")
        self.base = base
        self.count = count
        self.labels = Array(base.labels.prefix(count))
    }

    public var featureShape: [Int] { base.featureShape }

    public func gather<T: BLASScalar>(_ indices: [Int], into x: inout Tensor<T>) {
        precondition(indices.allSatisfy { $0 < count }, "FirstRows: a row index is beyond the first \(count).")
        base.gather(indices, into: &x)
    }
}
