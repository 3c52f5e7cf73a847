import Foundation
import Testing
@testable import NNDL

/// A PNG decoder for what `PNG.encode` writes (8-bit RGB, filter 0), written from the specs and checking everything a
/// viewer would: signature, chunk order, every CRC, the zlib header, the Adler-32, the filter bytes and the data
/// length. Its checksums are computed bit by bit, not with `CRC32.table`; the deflate data goes through zlib's inflate.
struct DecodedPNG: Equatable {
    var width: Int
    var height: Int
    var rgb: [UInt8]

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

    init(width: Int, height: Int, rgb: [UInt8]) {
        (self.width, self.height, self.rgb) = (width, height, rgb)
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
        let stride = 1 + 3 * width
        let raw = try Self.inflate(idat, size: height * stride)
        rgb = []
        for y in 0..<height {
            guard raw[y * stride] == 0 else { throw Invalid("row \(y) has filter \(raw[y * stride])") }
            rgb += raw[(y * stride + 1)..<((y + 1) * stride)]
        }
    }

    /// The `size` bytes of a zlib stream (RFC 1950): header, deflate data, Adler-32 of the data.
    static func inflate(_ z: [UInt8], size: Int) throws -> [UInt8] {
        guard z.count >= 6, z[0] & 0x0F == 8, (Int(z[0]) << 8 | Int(z[1])) % 31 == 0, z[1] & 0x20 == 0 else {
            throw Invalid("bad zlib header")
        }
        let out: [UInt8]
        do { out = try Deflate.inflate(z[2..<(z.count - 4)], size: size, entry: "IDAT") } catch { throw Invalid("\(error)") }
        guard bigEndian(z, z.count - 4) == adler(out) else { throw Invalid("bad Adler-32") }
        return out
    }
}

@Suite struct PNGTests {
    /// Published values: every PNG ends with the IEND chunk's CRC AE 42 60 82; the test decoder's Adler-32 of
    /// "Wikipedia" is 0x11E60398 (Wikipedia's worked example).
    @Test func checksumsMatchPublishedValues() {
        #expect(CRC32.checksum(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(DecodedPNG.adler(Array("Wikipedia".utf8)) == 0x11E6_0398)
    }

    /// Red, green / blue, white: the decoder gets the pixels back, and so does Python's zlib (the file Pillow or a
    /// browser opens is the same stream).
    @Test func twoByTwoDecodesHereAndInPython() throws {
        let rgb: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]
        let png = PNG.encode(rgb: rgb, width: 2, height: 2)
        #expect(try DecodedPNG(png) == DecodedPNG(width: 2, height: 2, rgb: rgb))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nndl-png-\(getpid()).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(png).write(to: URL(fileURLWithPath: path))
        guard let python = PythonCheck.run(Self.pythonDecode, path) else { return }
        #expect(python == "2 2 ff0000" + "00ff00" + "0000ff" + "ffffff")
    }

    /// Reads the PNG at argv[1] with Python's zlib: `width height hex(scanlines without their filter bytes)`.
    static let pythonDecode = """
        import struct, sys, zlib
        b = open(sys.argv[1], 'rb').read()
        w, h = struct.unpack('>II', b[16:24])
        at, idat = 8, b''
        while at < len(b):
            n = struct.unpack('>I', b[at:at + 4])[0]
            if b[at + 4:at + 8] == b'IDAT': idat += b[at + 8:at + 8 + n]
            at += 12 + n
        raw = zlib.decompress(idat)
        s = 1 + 3 * w
        print(w, h, b''.join(raw[y * s + 1:(y + 1) * s] for y in range(h)).hex())
        """

    /// Pictures from one pixel to wide and tall ones, and a picture of repeating pixels (what a filter grid's padding
    /// looks like) compressing to a small fraction of its 3 · width · height bytes.
    @Test(arguments: [(1, 1), (3, 1), (1, 3), (28, 771), (200, 150), (1456, 15), (300, 300)])
    func decodesToTheSamePixels(width: Int, height: Int) throws {
        let rgb = (0..<(width * height * 3)).map { UInt8(truncatingIfNeeded: $0 &* 7919 % 251) }
        let decoded = try DecodedPNG(PNG.encode(rgb: rgb, width: width, height: height))
        #expect(decoded == DecodedPNG(width: width, height: height, rgb: rgb))
        let flat = [UInt8](repeating: 128, count: width * height * 3)
        let png = PNG.encode(rgb: flat, width: width, height: height)
        #expect(try DecodedPNG(png).rgb == flat)
        if flat.count > 10_000 { #expect(png.count < flat.count / 50, "\(png.count) bytes for \(flat.count) of grey") }
    }

    /// A flipped bit anywhere is caught: in the pixels by the IDAT CRC, and (with the CRC fixed) by the Adler-32.
    @Test func theDecoderCatchesDamage() throws {
        var png = PNG.encode(rgb: [1, 2, 3, 4, 5, 6], width: 2, height: 1)
        let adlerByte = png.count - 12 - 4 - 1  // the Adler-32's last byte: before the IDAT CRC and IEND
        png[adlerByte] ^= 1
        #expect(throws: DecodedPNG.Invalid.self) { try DecodedPNG(png) }
        let idat = 8 + 25  // after the signature and IHDR
        let end = idat + 8 + Int(DecodedPNG.bigEndian(png, idat))
        png.replaceSubrange(end..<(end + 4), with: withUnsafeBytes(of: DecodedPNG.crc(png[(idat + 4)..<end]).bigEndian, Array.init))
        #expect { try DecodedPNG(png) } throws: { "\($0)" == "bad Adler-32" }
    }
}
