import NNDL

/// How filter values become brightness.
public enum FilterScaling: String, Sendable, Equatable, CaseIterable {
    /// Each filter min–max scaled on its own (the notebook's `visualize_grid`).
    case perFilter = "per-filter"
    /// One min–max over all filters, so magnitudes compare.
    case global
}

/// An RGB picture, row-major, three bytes a pixel.
public struct FilterImage: Sendable, Equatable {
    /// Pixels across.
    public let width: Int
    /// Pixels down.
    public let height: Int
    /// height × width × 3 bytes.
    public private(set) var bytes: [UInt8]
    /// The black pixels between filters when this is a grid of filters (0 otherwise).
    public private(set) var padding = 0

    /// `show_net_weights`' padding, `visualize_grid(W1, padding=3)`: the PNG export and the pixel pictures use it;
    /// character-cell panels, short of cells, keep 1.
    public static let notebookPadding = 3

    /// A black picture.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        bytes = [UInt8](repeating: 0, count: self.width * self.height * 3)
    }

    /// The pixel at column x, row y.
    public subscript(x: Int, y: Int) -> RGB {
        get {
            let i = (y * width + x) * 3
            return RGB(bytes[i], bytes[i + 1], bytes[i + 2])
        }
        set {
            let i = (y * width + x) * 3
            (bytes[i], bytes[i + 1], bytes[i + 2]) = (newValue.r, newValue.g, newValue.b)
        }
    }


    /// The notebook's `visualize_grid(W1, padding=padding)`: ceil(√N) filters a row, each min–max scaled to 0…255
    /// (truncated, like `astype('uint8')`), black padding between; global scaling shares one min–max.
    public static func grid(of snapshot: FilterSnapshot, scaling: FilterScaling, padding: Int = 1) -> FilterImage {
        let n = snapshot.count, shape = snapshot.image
        var perRow = 0
        while perRow * perRow < n { perRow += 1 }
        let size = max(perRow, 1)
        var out = FilterImage(width: shape.width * size + padding * (size - 1),
                              height: shape.height * size + padding * (size - 1))
        out.padding = padding
        let global = scaling == .global ? bounds(snapshot.values[...]) : nil
        for i in 0..<n {
            let x0 = (i % size) * (shape.width + padding), y0 = (i / size) * (shape.height + padding)
            out.paint(snapshot, filter: i, bounds: global, at: (x0, y0))
        }
        return out
    }

    /// Filter `index` of `snapshot` alone, scaled on its own or with the global min–max.
    public static func filter(_ index: Int, of snapshot: FilterSnapshot, scaling: FilterScaling) -> FilterImage {
        precondition(index >= 0 && index < snapshot.count, "FilterImage: filter index out of range.")
        var out = FilterImage(width: snapshot.image.width, height: snapshot.image.height)
        let global = scaling == .global ? bounds(snapshot.values[...]) : nil
        out.paint(snapshot, filter: index, bounds: global, at: (0, 0))
        return out
    }

    /// The finite minimum and maximum of `values` (0, 0 when none are finite).
    static func bounds(_ values: ArraySlice<Float>) -> (low: Float, high: Float) {
        var low = Float.infinity, high = -Float.infinity
        for v in values where v.isFinite {
            low = min(low, v)
            high = max(high, v)
        }
        return low <= high ? (low, high) : (0, 0)
    }

    /// 255·(v − low)/(high − low), truncated; 0 for a constant filter or a non-finite value.
    static func level(_ v: Float, low: Float, high: Float) -> UInt8 {
        let range = Double(high) - Double(low)
        guard v.isFinite, range > 0 else { return 0 }
        let scaled = 255 * (Double(v) - Double(low)) / range
        return UInt8(min(max(scaled, 0), 255))
    }

    /// Paints one filter with its top-left pixel at `origin`; 3+ channels are RGB, fewer are grey.
    mutating func paint(_ snapshot: FilterSnapshot, filter i: Int, bounds: (low: Float, high: Float)?, at origin: (Int, Int)) {
        let shape = snapshot.image, base = i * shape.dimension
        let (low, high) = bounds ?? FilterImage.bounds(snapshot.values[base..<(base + shape.dimension)])
        snapshot.values.withUnsafeBufferPointer { v in
            for y in 0..<shape.height {
                for x in 0..<shape.width {
                    let channel = { (c: Int) in
                        FilterImage.level(v[base + shape.index(y: y, x: x, channel: min(c, shape.channels - 1))],
                                          low: low, high: high)
                    }
                    let rgb = shape.channels >= 3 ? RGB(channel(0), channel(1), channel(2))
                        : RGB(channel(0), channel(0), channel(0))
                    self[origin.0 + x, origin.1 + y] = rgb
                }
            }
        }
    }

    /// Copies `picture` with its top-left pixel at `origin`, clipped to this picture.
    public mutating func place(_ picture: FilterImage, at origin: (x: Int, y: Int)) {
        let x0 = max(0, origin.x), x1 = min(width, origin.x + picture.width)
        guard x0 < x1 else { return }
        for y in max(0, origin.y)..<max(max(0, origin.y), min(height, origin.y + picture.height)) {
            let src = ((y - origin.y) * picture.width + (x0 - origin.x)) * 3, dst = (y * width + x0) * 3
            bytes.replaceSubrange(dst..<(dst + (x1 - x0) * 3), with: picture.bytes[src..<(src + (x1 - x0) * 3)])
        }
    }

    /// The picture resampled to `width` × `height`: a box filter (mean of the covered pixels) when shrinking,
    /// nearest neighbour when enlarging.
    public func resized(width w: Int, height h: Int) -> FilterImage {
        var out = FilterImage(width: w, height: h)
        guard width > 0, height > 0 else { return out }
        let xs = (0..<out.width).map { tx in (tx * width / w, max(tx * width / w + 1, (tx + 1) * width / w)) }
        bytes.withUnsafeBufferPointer { src in
            out.bytes.withUnsafeMutableBufferPointer { dst in
                for ty in 0..<out.height {
                    let sy0 = ty * height / h, sy1 = max(sy0 + 1, (ty + 1) * height / h)
                    for (tx, (sx0, sx1)) in xs.enumerated() {
                        var r = 0, g = 0, b = 0
                        for sy in sy0..<sy1 {
                            for i in stride(from: (sy * width + sx0) * 3, to: (sy * width + sx1) * 3, by: 3) {
                                r += Int(src[i]); g += Int(src[i + 1]); b += Int(src[i + 2])
                            }
                        }
                        let n = (sy1 - sy0) * (sx1 - sx0), o = (ty * w + tx) * 3
                        (dst[o], dst[o + 1], dst[o + 2]) = (UInt8(r / n), UInt8(g / n), UInt8(b / n))
                    }
                }
            }
        }
        return out
    }
}
