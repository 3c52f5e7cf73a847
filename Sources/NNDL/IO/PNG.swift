/// A PNG encoder for 8-bit RGB pictures (colour type 2): every scanline has filter type 0 and the IDAT chunk holds
/// the scanlines deflated by zlib at its default level.
public enum PNG {
    /// The eight bytes every PNG file starts with.
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// rgb: (height, width, 3) bytes, row-major → the bytes of a PNG file showing them.
    public static func encode(rgb: [UInt8], width: Int, height: Int) -> [UInt8] {
        precondition(width > 0 && height > 0, "PNG: a picture needs at least one pixel.")
        precondition(width <= Int(Int32.max) && height <= Int(Int32.max), "PNG: width and height must be < 2³¹.")
        precondition(rgb.count == width * height * 3, "PNG: rgb must hold width · height · 3 bytes.")
        let stride = 3 * width
        var scanlines: [UInt8] = []
        scanlines.reserveCapacity(height * (1 + stride))
        for y in 0..<height {
            scanlines.append(0)
            scanlines.append(contentsOf: rgb[(y * stride)..<((y + 1) * stride)])
        }
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]  // bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace
        var out = signature
        appendChunk("IHDR", header, to: &out)
        appendChunk("IDAT", Deflate.zlibCompress(scanlines), to: &out)
        appendChunk("IEND", [], to: &out)
        return out
    }

    /// Appends length, type, data and the CRC-32 of type and data.
    static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
        precondition(type.utf8.count == 4 && data.count <= Int(Int32.max), "PNG: a chunk has a 4-letter type and < 2³¹ bytes.")
        out.reserveCapacity(out.count + data.count + 12)
        out.appendBigEndian(UInt32(data.count))
        let start = out.count
        out.append(contentsOf: type.utf8)
        out.append(contentsOf: data)
        out.appendBigEndian(CRC32.checksum(out[start...]))
    }
}
