/// The CRC-32 of ZIP, gzip and PNG (reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF).
enum CRC32 {
    /// The 256 remainders of one byte, computed once.
    static let table: [UInt32] = (0..<256).map { byte in
        var c = UInt32(byte)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The checksum of `bytes` (zlib.crc32 in Python).
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        table.withUnsafeBufferPointer { table in
            bytes.withUnsafeBufferPointer { bytes in
                var c: UInt32 = 0xFFFF_FFFF
                for byte in bytes { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
                return c ^ 0xFFFF_FFFF
            }
        }
    }

    /// The checksum of `bytes` (zlib.crc32 in Python).
    static func checksum(_ bytes: [UInt8]) -> UInt32 { checksum(bytes[...]) }
}
