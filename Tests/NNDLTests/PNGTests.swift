import Foundation
import Testing
@testable import NNDL

/// A PNG decoder for what `PNG.encode` writes (8-bit RGB, stored deflate blocks, filter 0), written from the specs
/// and checking everything a viewer would: signature, chunk order, every CRC, the zlib header, each block's NLEN,
/// the Adler-32, the filter bytes and the data length. Its checksums are computed bit by bit, not with `CRC32.table`.
struct DecodedPNG: Equatable {
    var width: Int
    var height: Int
    var rgb: [UInt8]
    /// How many stored deflate blocks the zlib stream had.
    var blocks: Int

    struct Invalid: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The CRC-32 of PNG (ISO 3309), one bit at a time.
    static func crc(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            c ^= UInt32(byte)
            for _ in 0..<8 { c = c & 1 == 1 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
        }
        return ~c
    }

    /// Adler-32, reducing after every byte.
    static func adler(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return b << 16 | a
    }

    static func bigEndian(_ b: [UInt8], _ at: Int) -> UInt32 {
        b[at..<(at + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    init(width: Int, height: Int, rgb: [UInt8], blocks: Int) {
        (self.width, self.height, self.rgb, self.blocks) = (width, height, rgb, blocks)
    }

    /// Decodes `png`, throwing at the first thing that is wrong.
    init(_ png: [UInt8]) throws {
        guard png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw Invalid("no signature") }
        var at = 8, types: [String] = [], header: [UInt8] = [], idat: [UInt8] = []
        while at < png.count {
            guard at + 12 <= png.count else { throw Invalid("truncated chunk at \(at)") }
            let length = Int(Self.bigEndian(png, at)), end = at + 8 + length
            guard end + 4 <= png.count else { throw Invalid("chunk at \(at) overruns the file") }
            let type = String(decoding: png[(at + 4)..<(at + 8)], as: UTF8.self)
            guard Self.crc(png[(at + 4)..<end]) == Self.bigEndian(png, end) else { throw Invalid("bad CRC in \(type)") }
            types.append(type)
            if type == "IHDR" { header = Array(png[(at + 8)..<end]) }
            if type == "IDAT" { idat += png[(at + 8)..<end] }
            at = end + 4
        }
        guard types.first == "IHDR", types.last == "IEND", header.count == 13 else { throw Invalid("chunks \(types)") }
        guard header[8...] == [8, 2, 0, 0, 0] else { throw Invalid("not 8-bit RGB: \(Array(header[8...]))") }
        width = Int(Self.bigEndian(header, 0))
        height = Int(Self.bigEndian(header, 4))
        let (raw, blocks) = try Self.inflateStored(idat)
        self.blocks = blocks
        let stride = 1 + 3 * width
        guard raw.count == height * stride else { throw Invalid("\(raw.count) bytes for \(width)×\(height)") }
        rgb = []
        for y in 0..<height {
            guard raw[y * stride] == 0 else { throw Invalid("row \(y) has filter \(raw[y * stride])") }
            rgb += raw[(y * stride + 1)..<((y + 1) * stride)]
        }
    }

    /// The data of a zlib stream made of stored blocks, and how many blocks it had.
    static func inflateStored(_ z: [UInt8]) throws -> ([UInt8], Int) {
        guard z.count >= 6, z[0] & 0x0F == 8, (Int(z[0]) << 8 | Int(z[1])) % 31 == 0, z[1] & 0x20 == 0 else {
            throw Invalid("bad zlib header")
        }
        var at = 2, out: [UInt8] = [], blocks = 0, final = false
        while !final {
            guard at + 5 <= z.count, z[at] & 0b110 == 0 else { throw Invalid("not a stored block at \(at)") }
            final = z[at] & 1 == 1
            let length = Int(z[at + 1]) | Int(z[at + 2]) << 8, complement = Int(z[at + 3]) | Int(z[at + 4]) << 8
            guard length ^ complement == 0xFFFF, at + 5 + length <= z.count else { throw Invalid("bad LEN/NLEN at \(at)") }
            out += z[(at + 5)..<(at + 5 + length)]
            at += 5 + length
            blocks += 1
        }
        guard at + 4 == z.count, bigEndian(z, at) == adler(out) else { throw Invalid("bad Adler-32") }
        return (out, blocks)
    }
}

@Suite struct PNGTests {
    /// Published values: Adler-32 of "Wikipedia" is 0x11E60398 (Wikipedia's worked example); every PNG ends with the
    /// IEND chunk's CRC AE 42 60 82; 100000 bytes of 0xFF cross zlib's 5552-byte reduction runs
    /// (python3: `hex(zlib.adler32(b'\xff' * 100000))` → 0x149a302c).
    @Test func checksumsMatchPublishedValues() {
        #expect(Adler32.checksum(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(CRC32.checksum(Array("IEND".utf8)) == 0xAE42_6082)
        let ones = [UInt8](repeating: 0xFF, count: 100_000)
        #expect(Adler32.checksum(ones) == 0x149A_302C)
        #expect(Adler32.checksum(ones) == DecodedPNG.adler(ones))
    }

    /// Red, green / blue, white, byte for byte what Python writes with `zlib.compress(raw, 0)` (stored blocks):
    /// sig + chunk(IHDR, pack('>IIBBBBB', 2, 2, 8, 2, 0, 0, 0)) + chunk(IDAT, zlib.compress(raw, 0)) + chunk(IEND, b''),
    /// chunk(t, d) = pack('>I', len(d)) + t + d + pack('>I', zlib.crc32(t + d)).
    @Test func twoByTwoIsWhatPythonWrites() throws {
        let rgb: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]
        let png = PNG.encode(rgb: rgb, width: 2, height: 2)
        let python = "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a73"
            + "00000019494441547801010e00f1ff00ff000000ff00000000ffffffff1fee05fbdeddec2b"
            + "0000000049454e44ae426082"
        #expect(png.map { String(format: "%02x", $0) }.joined() == python)
        #expect(try DecodedPNG(png) == DecodedPNG(width: 2, height: 2, rgb: rgb, blocks: 1))
    }

    /// Sizes around the 65535-byte stored-block limit: 28×771 is exactly one full block (771 rows of 1 + 84 bytes),
    /// one more row spills into a second; 200×150 needs two, 1456×15 (4369-byte rows) exactly one.
    @Test(arguments: [(1, 1, 1), (3, 1, 1), (1, 3, 1), (28, 771, 1), (28, 772, 2), (200, 150, 2), (1456, 15, 1), (300, 300, 5)])
    func decodesToTheSamePixels(width: Int, height: Int, blocks: Int) throws {
        let rgb = (0..<(width * height * 3)).map { UInt8(truncatingIfNeeded: $0 &* 7919 % 251) }
        let decoded = try DecodedPNG(PNG.encode(rgb: rgb, width: width, height: height))
        #expect(decoded == DecodedPNG(width: width, height: height, rgb: rgb, blocks: blocks))
    }

    /// A flipped bit anywhere is caught: in the pixels by the IDAT CRC, and (with the CRC fixed) by the Adler-32.
    @Test func theDecoderCatchesDamage() throws {
        var png = PNG.encode(rgb: [1, 2, 3, 4, 5, 6], width: 2, height: 1)
        let pixel = png.count - 12 - 4 - 4 - 1  // the last pixel byte: before Adler-32, IDAT CRC, IEND
        png[pixel] ^= 1
        #expect(throws: DecodedPNG.Invalid.self) { try DecodedPNG(png) }
        let idat = 8 + 25  // after the signature and IHDR
        let end = idat + 8 + Int(DecodedPNG.bigEndian(png, idat))
        png.replaceSubrange(end..<(end + 4), with: withUnsafeBytes(of: DecodedPNG.crc(png[(idat + 4)..<end]).bigEndian, Array.init))
        #expect { try DecodedPNG(png) } throws: { "\($0)" == "bad Adler-32" }
    }
}
