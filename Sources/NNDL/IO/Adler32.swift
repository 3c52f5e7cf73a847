/// The Adler-32 checksum that ends a zlib stream (RFC 1950 §8.2): two sums modulo 65521.
enum Adler32 {
    /// The largest prime below 2¹⁶.
    static let modulus: UInt32 = 65521
    /// Bytes that can be summed before `b` could overflow 32 bits (zlib's NMAX).
    static let run = 5552

    /// The checksum of `bytes` (zlib.adler32 in Python): b << 16 | a, with a = 1 + Σ byte and b = Σ a after each byte.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.withUnsafeBufferPointer { bytes in
            var a: UInt32 = 1, b: UInt32 = 0
            var start = 0
            while start < bytes.count {
                let end = min(start + run, bytes.count)
                for i in start..<end {
                    a &+= UInt32(bytes[i])
                    b &+= a
                }
                a %= modulus
                b %= modulus
                start = end
            }
            return b << 16 | a
        }
    }

    /// The checksum of `bytes` (zlib.adler32 in Python).
    static func checksum(_ bytes: [UInt8]) -> UInt32 { checksum(bytes[...]) }
}
