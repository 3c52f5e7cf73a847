#if !_endian(little)
#error("NPY reads and writes little-endian data by copying bytes; add byte swapping for a big-endian host.")
#endif

/// The `.npy` format (NumPy's `np.save` / `np.load` for one array), version 1.0 written, 1.0–3.0 read.
public enum NPY {
    /// The six bytes every `.npy` file starts with.
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    // MARK: - Encoding

    /// The `.npy` bytes of a tensor: dtype `<f8` or `<f4`, its shape, C order.
    public static func encode<T: BLASScalar>(_ tensor: Tensor<T>) -> [UInt8] {
        var out = header(NPYHeader(descr: T.npyDescriptor, fortranOrder: false, shape: tensor.shape))
        tensor.scalars.withUnsafeBytes { out.append(contentsOf: $0) }
        return out
    }

    /// The `.npy` bytes of an `<i8` array: ints: shape.reduce(1, *) values in row-major order.
    public static func encode(ints: [Int], shape: [Int]) -> [UInt8] {
        precondition(
            shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == ints.count,
            "NPY.encode(ints:shape:): shape \(shape) does not hold \(ints.count) values.")
        var out = header(NPYHeader(descr: "<i8", fortranOrder: false, shape: shape))
        out.reserveCapacity(out.count + 8 * ints.count)
        for value in ints { out.appendLittleEndian(Int64(value)) }
        return out
    }

    /// The `.npy` bytes of `np.array(string)`: a 0-d `<U{n}` array, n = its Unicode scalars (at least 1).
    public static func encode(string: String) -> [UInt8] {
        let scalars = Array(string.unicodeScalars)
        let width = max(1, scalars.count)
        var out = header(NPYHeader(descr: "<U\(width)", fortranOrder: false, shape: []))
        for scalar in scalars { out.appendLittleEndian(scalar.value) }
        for _ in scalars.count..<width { out.appendLittleEndian(UInt32(0)) }
        return out
    }

    /// Magic, version 1.0, header length, and the header dict padded with spaces and a newline to a multiple of 64.
    static func header(_ header: NPYHeader) -> [UInt8] {
        var text = header.text
        let unpadded = magic.count + 2 + 2 + text.utf8.count + 1
        text += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        precondition(text.utf8.count <= Int(UInt16.max), "NPY header for shape \(header.shape) is too long.")
        var out = magic + [1, 0]
        out.appendLittleEndian(UInt16(text.utf8.count))
        out.append(contentsOf: text.utf8)
        return out
    }

    // MARK: - Decoding

    /// The array in `.npy` bytes; throws `NPYError` for anything malformed or unsupported.
    public static func decode(_ bytes: [UInt8]) throws -> NPYArray { try decode(bytes[...]) }

    /// The array in `.npy` bytes (a slice of a larger buffer, such as a ZIP entry).
    static func decode(_ bytes: ArraySlice<UInt8>) throws -> NPYArray {
        let reader = ByteReader(bytes: bytes)
        do {
            let (header, dataOffset) = try readHeader(reader)
            let element = try NPYElement(descr: header.descr)
            let count = try elementCount(header.shape)
            let (needed, overflow) = count.multipliedReportingOverflow(by: element.size)
            let available = reader.count - dataOffset
            guard !overflow, needed == available else {
                throw NPYError.dataSize(expected: overflow ? Int.max : needed, got: available)
            }
            let data = try reader.slice("data", at: dataOffset, length: needed)
            // Fortran order is C order of the reversed shape: read it so, then reverse the axes back.
            var array = NPYArray(shape: header.fortranOrder ? header.shape.reversed() : header.shape, dtype: header.descr)
            try element.decode(data, count: count, into: &array)
            return header.fortranOrder ? array.reversingAxes() : array
        } catch let error as OutOfBounds {
            throw NPYError.truncated(error.description)
        }
    }

    /// The parsed header and the offset where the data starts.
    static func readHeader(_ reader: ByteReader) throws -> (NPYHeader, Int) {
        guard try Array(reader.slice("magic", at: 0, length: 6)) == magic else { throw NPYError.badMagic }
        let major = Int(try reader.integer("version", at: 6, as: UInt8.self))
        let minor = Int(try reader.integer("version", at: 7, as: UInt8.self))
        guard (1...3).contains(major), minor == 0 else { throw NPYError.unsupportedVersion(major: major, minor: minor) }
        let length = major == 1 ? try reader.u16("header length", at: 8) : try reader.u32("header length", at: 8)
        let start = major == 1 ? 10 : 12
        let text = try reader.slice("header", at: start, length: length)
        return (try NPYHeader.parse(text), start + length)
    }

    /// The product of the extents, or a thrown error when it overflows.
    static func elementCount(_ shape: [Int]) throws -> Int {
        try shape.reduce(1) { product, extent in
            let (result, overflow) = product.multipliedReportingOverflow(by: extent)
            guard !overflow else { throw NPYError.badHeader("shape \(shape) has too many elements") }
            return result
        }
    }
}
