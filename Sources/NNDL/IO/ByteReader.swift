/// A field that does not fit in the bytes left: `what` needs `length` bytes at `offset` of `size`.
struct OutOfBounds: Error, CustomStringConvertible {
    let what: String
    let offset: Int
    let length: Int
    let size: Int

    /// "central directory (46 bytes at offset 120) runs past the end (128 bytes)".
    var description: String {
        "\(what) (\(length) bytes at offset \(offset)) runs past the end (\(size) bytes)"
    }
}

/// Bounds-checked little-endian reads from bytes; offsets are relative to the start of `bytes`.
struct ByteReader {
    /// The bytes read; their indices need not start at 0.
    let bytes: ArraySlice<UInt8>

    /// The number of bytes.
    var count: Int { bytes.count }

    /// The `length` bytes at `offset`, after checking they exist (overflow-safe).
    func slice(_ what: String, at offset: Int, length: Int) throws -> ArraySlice<UInt8> {
        guard offset >= 0, length >= 0, offset <= count, length <= count - offset else {
            throw OutOfBounds(what: what, offset: offset, length: length, size: count)
        }
        let start = bytes.startIndex + offset
        return bytes[start..<(start + length)]
    }

    /// The unsigned little-endian integer of `I`'s width at `offset`.
    func integer<I: FixedWidthInteger & UnsignedInteger>(
        _ what: String, at offset: Int, as _: I.Type = I.self
    ) throws -> I {
        let field = try slice(what, at: offset, length: I.bitWidth / 8)
        var value: I = 0
        for (shift, byte) in field.enumerated() { value |= I(byte) << (8 * shift) }
        return value
    }

    /// A 16-bit little-endian field as Int.
    func u16(_ what: String, at offset: Int) throws -> Int { Int(try integer(what, at: offset, as: UInt16.self)) }

    /// A 32-bit little-endian field as Int.
    func u32(_ what: String, at offset: Int) throws -> Int { Int(try integer(what, at: offset, as: UInt32.self)) }

    /// A 64-bit little-endian field as Int; values above Int.max are reported as out of bounds.
    func u64(_ what: String, at offset: Int) throws -> Int {
        let value = try integer(what, at: offset, as: UInt64.self)
        guard let result = Int(exactly: value) else {
            throw OutOfBounds(what: "\(what) = \(value)", offset: offset, length: 8, size: count)
        }
        return result
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` as little-endian bytes of its width.
    mutating func appendLittleEndian<I: FixedWidthInteger>(_ value: I) {
        var v = value.littleEndian
        Swift.withUnsafeBytes(of: &v) { append(contentsOf: $0) }
    }

    /// Appends `value` as big-endian bytes of its width (PNG's and zlib's order).
    mutating func appendBigEndian<I: FixedWidthInteger>(_ value: I) {
        var v = value.bigEndian
        Swift.withUnsafeBytes(of: &v) { append(contentsOf: $0) }
    }
}
