import Testing
@testable import NNDL

/// `.npy` bytes with the given header text (padded like NumPy to a multiple of 64) and data.
func npyBytes(_ dict: String, data: [UInt8] = [], version: UInt8 = 1) -> [UInt8] {
    let prefix = version == 1 ? 10 : 12
    let padding = (64 - (prefix + dict.utf8.count + 1) % 64) % 64
    let text = Array((dict + String(repeating: " ", count: padding) + "\n").utf8)
    var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
    if version == 1 { out.appendLittleEndian(UInt16(text.count)) } else { out.appendLittleEndian(UInt32(text.count)) }
    return out + text + data
}

/// One malformed `.npy` and the error it must give.
struct BadNPY: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let bytes: [UInt8]
    let error: NPYError
}

private let f8Data = [UInt8](repeating: 0, count: 16)
private let badNPYs: [BadNPY] = [
    BadNPY(testDescription: "bad magic", bytes: Array("\u{7F}ELF and so on".utf8), error: .badMagic),
    BadNPY(
        testDescription: "empty", bytes: [],
        error: .truncated("magic (6 bytes at offset 0) runs past the end (0 bytes)")),
    BadNPY(
        testDescription: "version 4.0",
        bytes: NPY.magic + [4, 0, 0, 0],
        error: .unsupportedVersion(major: 4, minor: 0)),
    BadNPY(
        testDescription: "header length past the end",
        bytes: Array(npyBytes("{}")[0..<8]) + [0xFF, 0xFF, 0x7B],
        error: .truncated("header (65535 bytes at offset 10) runs past the end (11 bytes)")),
    BadNPY(
        testDescription: "complex dtype",
        bytes: npyBytes("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", data: f8Data),
        error: .unsupportedDtype("<c16")),
    BadNPY(
        testDescription: "big-endian dtype",
        bytes: npyBytes("{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", data: f8Data),
        error: .unsupportedDtype(">f8")),
    BadNPY(
        testDescription: "structured dtype",
        bytes: npyBytes("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2,), }", data: f8Data),
        error: .unsupportedDtype("a structured dtype (a list of fields)")),
    BadNPY(
        testDescription: "missing key",
        bytes: npyBytes("{'descr': '<f8', 'shape': (2,), }", data: f8Data),
        error: .badHeader("keys are [\"descr\", \"shape\"], expected descr, fortran_order, shape")),
    BadNPY(
        testDescription: "not a dict",
        bytes: npyBytes("__import__('os').system('true')", data: f8Data),
        error: .badHeader("expected '{' at character 0 of the header")),
    BadNPY(
        testDescription: "negative extent",
        bytes: npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }", data: f8Data),
        error: .badHeader("shape [-2] has a negative extent")),
    BadNPY(
        testDescription: "extent overflow",
        bytes: npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }"),
        error: .badHeader("integer too large at character 69 of the header")),
    BadNPY(
        testDescription: "element count overflow",
        bytes: npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }"),
        error: .badHeader("shape [4611686018427387904, 4] has too many elements")),
    BadNPY(
        testDescription: "byte count overflow",
        bytes: npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2305843009213693952,), }"),
        error: .dataSize(expected: Int.max, got: 0)),
    BadNPY(
        testDescription: "data too short",
        bytes: npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", data: f8Data),
        error: .dataSize(expected: 24, got: 16)),
    BadNPY(
        testDescription: "data too long",
        bytes: npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", data: f8Data),
        error: .dataSize(expected: 8, got: 16)),
    BadNPY(
        testDescription: "surrogate code point",
        bytes: npyBytes("{'descr': '<U1', 'fortran_order': False, 'shape': (), }", data: [0x00, 0xD8, 0, 0]),
        error: .badText("element 0 holds code point 0xd800, not a Unicode scalar")),
]

@Suite struct NPYTests {
    @Test func encodeMatchesNumPySave() {
        // np.save of np.array([[1.5, -2.0]]) with NumPy 2.4.6: a 118-byte header (0x76), then the 16 data bytes.
        let expected = npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }")
            + [0, 0, 0, 0, 0, 0, 248, 63, 0, 0, 0, 0, 0, 0, 0, 192]
        let bytes = NPY.encode(Tensor<Double>([[1.5, -2.0]]))
        #expect(bytes == expected)
        #expect(bytes[8] == 0x76 && bytes.count == 144)
        // np.save(np.array([1, -1], dtype='<i8')) data section.
        let ints = NPY.encode(ints: [1, -1], shape: [2])
        #expect(Array(ints.suffix(16)) == [1, 0, 0, 0, 0, 0, 0, 0] + [UInt8](repeating: 255, count: 8))
    }

    @Test func floatTensorsRoundTrip() throws {
        let double = Tensor<Double>(shape: [2, 3], scalars: [0.1, -2.5e-300, .infinity, -0.0, 1e308, 3])
        let decodedDouble = try NPY.decode(NPY.encode(double))
        #expect(decodedDouble.dtype == "<f8" && decodedDouble.shape == [2, 3])
        #expect(try decodedDouble.tensor(of: Double.self) == double)

        let float = Tensor<Float>(shape: [3], scalars: [0.1, -1.5, .leastNonzeroMagnitude])
        let decodedFloat = try NPY.decode(NPY.encode(float))
        #expect(decodedFloat.dtype == "<f4" && decodedFloat.shape == [3])
        #expect(try decodedFloat.tensor(of: Float.self) == float)

        let scalar = try NPY.decode(NPY.encode(Tensor<Double>(shape: [], scalars: [0.125])))
        #expect(scalar.shape == [] && scalar.doubles == [0.125])
        let empty = try NPY.decode(NPY.encode(Tensor<Double>(shape: [0, 4])))
        #expect(empty.shape == [0, 4] && empty.doubles == [])
    }

    @Test func intsAndStringsRoundTrip() throws {
        let ints = try NPY.decode(NPY.encode(ints: [0, -1, .max, .min], shape: [2, 2]))
        #expect(ints == NPYArray(shape: [2, 2], dtype: "<i8", ints: [0, -1, .max, .min]))
        #expect(try ints.tensor(of: Double.self).scalars == [0, -1, 9.223372036854775807e18, -9.223372036854775808e18])
        for text in ["héllo", "", "日本語 🎉", "run-07 (lr=1e-3)"] {
            let decoded = try NPY.decode(NPY.encode(string: text))
            #expect(decoded.shape == [] && decoded.string == text)
            #expect(decoded.dtype == "<U\(max(1, text.unicodeScalars.count))")
            #expect(throws: NPYError.notNumeric(dtype: decoded.dtype)) { try decoded.tensor(of: Double.self) }
        }
    }

    @Test func acceptsOtherHeaderSpellings() throws {
        // Version 2.0 (4-byte header length), keys in another order, double quotes, Python 2's 3L.
        let bytes = npyBytes(
            "{\"shape\": (2L,), 'fortran_order':False,'descr':'<f8'}",
            data: NPY.encode(Tensor<Double>([1, 2])).suffix(16), version: 2)
        #expect(try NPY.decode(bytes) == NPYArray(shape: [2], dtype: "<f8", doubles: [1, 2]))
    }

    @Test(arguments: badNPYs)
    func rejectsMalformedArrays(_ bad: BadNPY) {
        #expect(throws: bad.error) { try NPY.decode(bad.bytes) }
    }

    @Test func errorsReadAsOneLine() {
        #expect(NPYError.unsupportedDtype("<c16").description
            == "unsupported dtype '<c16' (supported: <f8 <f4 <i8 <i4 |u1 |i1 |b1 <U{n})")
        #expect(NPYError.dataSize(expected: 24, got: 16).description
            == "the data holds 16 bytes where the shape and dtype need 24")
    }

    @Test func crc32MatchesZlib() {
        // zlib.crc32 in Python 3.11.
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        #expect(CRC32.checksum(Array((0..<1024).map { UInt8($0 % 256) })) == 0xB70B_4C26)
        #expect(CRC32.checksum([]) == 0)
    }
}

/// Fortran-ordered arrays (`np.savez(path, W1=W1.T)` saves the transpose's column-major buffer) read as their
/// row-major values: `np.asfortranarray(np.arange(24).reshape(2, 3, 4))` has data 0, 12, 4, 16, 8, 20, 1, …
@Suite struct FortranOrderTests {
    @Test func threeAxesComeBackInCOrder() throws {
        let c = (0..<24).map { Int64($0) }
        var fortran: [UInt8] = []
        for k in 0..<4 { for j in 0..<3 { for i in 0..<2 { fortran.appendLittleEndian(UInt64(c[i * 12 + j * 4 + k])) } } }
        let array = try NPY.decode(npyBytes("{'descr': '<i8', 'fortran_order': True, 'shape': (2, 3, 4), }", data: fortran))
        #expect(array == NPYArray(shape: [2, 3, 4], dtype: "<i8", ints: Array(0..<24)))
        #expect(Array(fortran[0..<16]) == [0, 0, 0, 0, 0, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0], "the buffer is column-major")
    }
}
