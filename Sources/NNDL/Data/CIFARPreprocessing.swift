/// The notebooks' `get_CIFAR10_data`: split sizes, mean-image subtraction, and the row layout.
public struct CIFARPreprocessing: Sendable, Codable, Equatable {
    /// Training rows: records 0..<numTraining.
    public var numTraining = 49000
    /// Validation rows: records numTraining..<numTraining+numValidation of the training batches.
    public var numValidation = 1000
    /// Test rows: the first numTest test records.
    public var numTest = 1000
    /// Subtract the training split's mean image from every split.
    public var subtractMean = true
    /// Row order: HWC (the first notebook) or CHW (the FC notebook).
    public var layout = ImageLayout.hwc

    /// The notebooks' defaults.
    public init() {}
}

extension CIFAR10Raw {
    /// Splits, lays out and centres the images as the notebooks do; pixels stay `UInt8`.
    public func prepare(_ options: CIFARPreprocessing) throws -> DataSplits {
        let (nTrain, nVal, nTest) = (options.numTraining, options.numValidation, options.numTest)
        guard nTrain >= 1, nVal >= 1, nTest >= 0 else {
            throw CIFARError.badSplit("numTraining and numValidation must be ≥ 1 and numTest ≥ 0, got \(nTrain), \(nVal), \(nTest)")
        }
        guard nTrain + nVal <= trainCount else {
            throw CIFARError.badSplit("numTraining + numValidation must be at most \(trainCount), got \(nTrain) + \(nVal)")
        }
        guard nTest <= testCount else { throw CIFARError.badSplit("numTest must be at most \(testCount), got \(nTest)") }
        let image = ImageShape.cifar(options.layout)
        let d = CIFAR10.imageBytes
        let train = Self.arrange(trainPixels, rows: 0..<nTrain, layout: options.layout)
        var mean = [Double](repeating: 0, count: d)
        if options.subtractMean {
            // Integer sums are exact; the mean is computed once in Double.
            var sums = [Int](repeating: 0, count: d)
            train.withUnsafeBufferPointer { p in
                for r in 0..<nTrain { for j in 0..<d { sums[j] &+= Int(p[r * d + j]) } }
            }
            mean = sums.map { Double($0) / Double(nTrain) }
        }
        func samples(_ pixels: [UInt8], _ labels: ArraySlice<UInt8>) -> ImageSamples {
            ImageSamples(pixels: pixels, labels: labels.map(Int.init), mean: mean, image: image)
        }
        let val = Self.arrange(trainPixels, rows: nTrain..<(nTrain + nVal), layout: options.layout)
        let test = Self.arrange(testPixels, rows: 0..<nTest, layout: options.layout)
        return DataSplits(
            train: samples(train, trainLabels[0..<nTrain]),
            val: samples(val, trainLabels[nTrain..<(nTrain + nVal)]),
            test: nTest > 0 ? samples(test, testLabels[0..<nTest]) : nil,
            image: image, classNames: classNames)
    }

    /// Rows `rows` of channel-planar pixels, rearranged to `layout`.
    static func arrange(_ planar: [UInt8], rows: Range<Int>, layout: ImageLayout) -> [UInt8] {
        let d = CIFAR10.imageBytes
        if layout == .chw { return Array(planar[(rows.lowerBound * d)..<(rows.upperBound * d)]) }
        var out = [UInt8](repeating: 0, count: rows.count * d)
        planar.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for (k, r) in rows.enumerated() {
                    let s = r * d, o = k * d
                    for p in 0..<1024 {
                        dst[o + 3 * p] = src[s + p]
                        dst[o + 3 * p + 1] = src[s + 1024 + p]
                        dst[o + 3 * p + 2] = src[s + 2048 + p]
                    }
                }
            }
        }
        return out
    }
}

/// CIFAR-10 rows kept as `UInt8`, converted to floats (mean subtracted) only when a minibatch is gathered.
public struct ImageSamples: Samples {
    /// N × 3072 pixels in `image.layout`.
    public let pixels: [UInt8]
    public let labels: [Int]
    /// The mean image subtracted in `gather` (zeros when not centring), in `image.layout`.
    public let mean: [Double]
    /// The geometry of one row.
    public let image: ImageShape

    /// Rows of pixels with labels and a mean image.
    public init(pixels: [UInt8], labels: [Int], mean: [Double], image: ImageShape) {
        precondition(pixels.count == labels.count * image.dimension, "ImageSamples: pixel count does not match labels.")
        self.pixels = pixels
        self.labels = labels
        self.mean = mean
        self.image = image
    }

    public var count: Int { labels.count }
    public var featureShape: [Int] {
        image.layout == .hwc ? [image.dimension] : [image.channels, image.height, image.width]
    }

    @_specialize(where T == Double)
    @_specialize(where T == Float)
    public func gather<T: BLASScalar>(_ indices: [Int], into x: inout Tensor<T>) {
        let d = image.dimension
        let shape = [indices.count] + featureShape
        if x.shape != shape { x.resize(shape) }
        let centre = mean.map { T($0) }
        pixels.withUnsafeBufferPointer { src in
            centre.withUnsafeBufferPointer { m in
                x.scalars.withUnsafeMutableBufferPointer { dst in
                    for (row, i) in indices.enumerated() {
                        let s = i * d, o = row * d
                        for j in 0..<d { dst[o + j] = T(src[s + j]) - m[j] }
                    }
                }
            }
        }
    }
}
