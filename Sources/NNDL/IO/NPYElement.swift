/// An element type the `.npy` reader decodes, parsed from a dtype descriptor.
enum NPYElement: Equatable {
    case float64, float32, int64, int32, uint8, int8, bool
    /// `<U{n}`: n UTF-32 code units per element.
    case unicode(Int)

    /// The element type of `descr`, or `NPYError.unsupportedDtype`.
    init(descr: String) throws {
        switch descr {
        case "<f8": self = .float64
        case "<f4": self = .float32
        case "<i8": self = .int64
        case "<i4": self = .int32
        case "|u1", "<u1": self = .uint8
        case "|i1", "<i1": self = .int8
        case "|b1", "<b1": self = .bool
        default:
            let digits = descr.dropFirst(2)
            guard descr.hasPrefix("<U"), digits.allSatisfy({ ("0"..."9").contains($0) }),
                let width = Int(digits), width <= Int.max / 4
            else { throw NPYError.unsupportedDtype(descr) }
            self = .unicode(width)
        }
    }

    /// Bytes per element.
    var size: Int {
        switch self {
        case .float64, .int64: return 8
        case .float32, .int32: return 4
        case .uint8, .int8, .bool: return 1
        case let .unicode(width): return 4 * width
        }
    }

    /// Fills `array.doubles`, `.ints` or `.strings` from `count` little-endian elements (count × size bytes).
    func decode(_ data: ArraySlice<UInt8>, count: Int, into array: inout NPYArray) throws {
        try data.withUnsafeBytes { raw in
            func load<I: FixedWidthInteger>(_: I.Type, _ index: Int) -> I {
                I(littleEndian: raw.loadUnaligned(fromByteOffset: index * MemoryLayout<I>.size, as: I.self))
            }
            switch self {
            case .float64: array.doubles = (0..<count).map { Double(bitPattern: load(UInt64.self, $0)) }
            case .float32: array.doubles = (0..<count).map { Double(Float(bitPattern: load(UInt32.self, $0))) }
            case .int64: array.ints = (0..<count).map { Int(load(Int64.self, $0)) }
            case .int32: array.ints = (0..<count).map { Int(load(Int32.self, $0)) }
            case .uint8: array.ints = (0..<count).map { Int(raw[$0]) }
            case .int8: array.ints = (0..<count).map { Int(Int8(bitPattern: raw[$0])) }
            case .bool: array.ints = (0..<count).map { raw[$0] == 0 ? 0 : 1 }
            case let .unicode(width):
                array.strings = try (0..<count).map { element in
                    try Self.text((0..<width).map { load(UInt32.self, element * width + $0) }, element: element)
                }
            }
        }
    }

    /// The string of one `<U{n}` element's code units, trailing NULs removed (as NumPy returns it).
    private static func text(_ units: [UInt32], element: Int) throws -> String {
        var scalars = String.UnicodeScalarView()
        let end = (units.lastIndex { $0 != 0 } ?? -1) + 1
        for unit in units[..<end] {
            guard let scalar = Unicode.Scalar(unit) else {
                let hex = String(unit, radix: 16)
                throw NPYError.badText("element \(element) holds code point 0x\(hex), not a Unicode scalar")
            }
            scalars.append(scalar)
        }
        return String(scalars)
    }
}
