import CZlib

/// Deflate through zlib: raw streams for compressed ZIP entries (`np.savez_compressed`) and zlib streams for PNG.
enum Deflate {
    /// The most a deflate stream expands: 1032 bytes out per byte in (RFC 1951's longest match per shortest code).
    static let maxRatio = 1032

    /// The `size` bytes a raw deflate stream (ZIP method 8, no zlib header) holds; throws `ZipFault.corrupt` for a
    /// stream that is damaged, ends early, or holds more or fewer than `size` bytes.
    static func inflate(_ compressed: ArraySlice<UInt8>, size: Int, entry: String) throws -> [UInt8] {
        guard size <= max(1, compressed.count) * maxRatio else {
            throw ZipFault.corrupt("'\(entry)' claims \(size) bytes from \(compressed.count) compressed bytes")
        }
        var out = [UInt8](repeating: 0, count: size)
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ZipFault.corrupt("zlib could not start inflating '\(entry)'")
        }
        defer { inflateEnd(&stream) }
        // One extra output byte, so a stream holding more than `size` bytes is caught rather than cut short.
        var spare: UInt8 = 0
        let status = compressed.withUnsafeBufferPointer { input -> Int32 in
            out.withUnsafeMutableBufferPointer { output -> Int32 in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = UInt32(input.count)
                stream.next_out = output.baseAddress
                stream.avail_out = UInt32(output.count)
                var status = CZlib.inflate(&stream, Z_FINISH)
                if status == Z_BUF_ERROR && stream.avail_out == 0 {
                    status = withUnsafeMutablePointer(to: &spare) { extra in
                        stream.next_out = extra
                        stream.avail_out = 1
                        return CZlib.inflate(&stream, Z_FINISH)
                    }
                }
                return status
            }
        }
        guard status == Z_STREAM_END, stream.total_out == UInt(size) else {
            let why = status == Z_STREAM_END ? "holds \(stream.total_out) bytes, not \(size)"
                : status == Z_DATA_ERROR ? "is not a valid deflate stream" : "ends early or holds more than \(size) bytes"
            throw ZipFault.corrupt("the compressed data of '\(entry)' \(why)")
        }
        return out
    }

    /// A zlib stream (RFC 1950) of `bytes` at zlib's default level, as PNG's IDAT chunks hold.
    static func zlibCompress(_ bytes: [UInt8]) -> [UInt8] {
        var length = compressBound(UInt(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(length))
        let status = out.withUnsafeMutableBufferPointer { o in
            bytes.withUnsafeBufferPointer { i in
                compress2(o.baseAddress, &length, i.baseAddress, UInt(i.count), Z_DEFAULT_COMPRESSION)
            }
        }
        precondition(status == Z_OK, "Deflate.zlibCompress: zlib failed (\(status)) within compressBound's room.")
        out.removeLast(out.count - Int(length))
        return out
    }
}
