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
    ///
    /// Consumes the raw batches: the training rows are rearranged in place, so the peak memory stays close to the
    /// raw bytes (a caller that keeps using `self` pays for one copy instead).
    public consuming func prepare(_ options: CIFARPreprocessing) throws -> DataSplits {
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
        var raw = consume self
        let val = Self.arrange(raw.trainPixels[(nTrain * d)..<((nTrain + nVal) * d)], layout: options.layout)
        let test = Self.arrange(raw.testPixels[0..<(nTest * d)], layout: options.layout)
        let labels = (train: raw.trainLabels, test: raw.testLabels)
        var train = raw.trainPixels
        raw.trainPixels = []
        raw.testPixels = []
        train.removeLast(train.count - nTrain * d)
        if options.layout == .hwc { Self.interleaveInPlace(&train) }
        var mean = [Double](repeating: 0, count: d)
        if options.subtractMean {
            // Integer sums are exact; the mean is computed once in Double. Blocks of 65536 rows keep the 32-bit
            // partial sums below 65536 × 255, whatever the number of rows.
            var sums = [UInt64](repeating: 0, count: d)
            train.withUnsafeBufferPointer { p in
                sums.withUnsafeMutableBufferPointer { acc in
                    var row = [UInt32](repeating: 0, count: d)
                    row.withUnsafeMutableBufferPointer { partial in
                        // 32-bit sums vectorise; each block is folded into the 64-bit totals.
                        let block = 1 << 16
                        var r0 = 0
                        while r0 < nTrain {
                            let r1 = min(r0 + block, nTrain)
                            for j in 0..<d { partial[j] = 0 }
                            for r in r0..<r1 {
                                let base = p.baseAddress! + r * d
                                for j in 0..<d { partial[j] &+= UInt32(base[j]) }
                            }
                            for j in 0..<d { acc[j] &+= UInt64(partial[j]) }
                            r0 = r1
                        }
                    }
                }
            }
            mean = sums.map { Double($0) / Double(nTrain) }
        }
        func samples(_ pixels: [UInt8], _ labels: ArraySlice<UInt8>) -> ImageSamples {
            ImageSamples(pixels: pixels, labels: labels.map(Int.init), mean: mean, image: image)
        }
        return DataSplits(
            train: samples(train, labels.train[0..<nTrain]),
            val: samples(val, labels.train[nTrain..<(nTrain + nVal)]),
            test: nTest > 0 ? samples(test, labels.test[0..<nTest]) : nil,
            image: image, classNames: raw.classNames)
    }

    /// Channel-planar rows (R plane, G plane, B plane) copied out in `layout`.
    static func arrange(_ planar: ArraySlice<UInt8>, layout: ImageLayout) -> [UInt8] {
        var out = Array(planar)
        if layout == .hwc { interleaveInPlace(&out) }
        return out
    }

    /// Rewrites each 3072-byte channel-planar row as height × width × channel, through one row of scratch.
    static func interleaveInPlace(_ pixels: inout [UInt8]) {
        let d = CIFAR10.imageBytes
        precondition(pixels.count % d == 0, "interleaveInPlace: \(pixels.count) bytes is not a whole number of rows.")
        var scratch = [UInt8](repeating: 0, count: d)
        scratch.withUnsafeMutableBufferPointer { row in
            pixels.withUnsafeMutableBufferPointer { all in
                for r in 0..<(all.count / d) {
                    let base = all.baseAddress! + r * d
                    row.baseAddress!.update(from: base, count: d)
                    for p in 0..<1024 {
                        base[3 * p] = row[p]
                        base[3 * p + 1] = row[1024 + p]
                        base[3 * p + 2] = row[2048 + p]
                    }
                }
            }
        }
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
        if indices.isEmpty { return }
        pixels.withUnsafeBufferPointer { src in
            mean.withUnsafeBufferPointer { m in
                x.scalars.withUnsafeMutableBufferPointer { dst in
                    indices.withUnsafeBufferPointer { rows in
                        // Each chunk of rows writes its own rows of `dst`; the pointers outlive the calls.
                        nonisolated(unsafe) let r = rows.baseAddress!, sp = src.baseAddress!
                        nonisolated(unsafe) let mp = m.baseAddress!, op = dst.baseAddress!
                        Parallel.chunks(rows.count, size: max(1, Parallel.chunk / d)) { _, range in
                            centreRows(range, r, sp, mp, op, d)
                        }
                    }
                }
            }
        }
    }
}

/// Rows `range` of a minibatch: output row k is image `rows[k]` minus the mean, `d` values each.
private func centreRows<T: BLASScalar>(
    _ range: Range<Int>, _ rows: UnsafePointer<Int>, _ pixels: UnsafePointer<UInt8>, _ mean: UnsafePointer<Double>,
    _ out: UnsafeMutablePointer<T>, _ d: Int
) {
    for k in range { centreRow(pixels + rows[k] * d, mean: mean, into: out + k * d, count: d) }
}

/// out[j] = T(Double(pixels[j]) − mean[j]) for j < count: the pixel minus the mean in float64, then rounded to `T`.
/// Plain pointers and a counted loop, so the compiler vectorises the conversion.
@inline(__always)
private func centreRow<T: BLASScalar>(
    _ pixels: UnsafePointer<UInt8>, mean: UnsafePointer<Double>, into out: UnsafeMutablePointer<T>, count: Int
) {
    var j = 0
    while j < count {
        out[j] = T(Double(pixels[j]) - mean[j])
        j &+= 1
    }
}
