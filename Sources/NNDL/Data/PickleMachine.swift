import Foundation

/// A tiny pickle interpreter for the opcodes CIFAR-10's Python files use; every length is checked
/// against the bytes that remain before anything is allocated.
struct PickleMachine {
    let bytes: [UInt8]
    let path: String
    private var pos = 0
    private var stack: [PickleValue] = []
    private var memo: [Int: PickleValue] = [:]

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    private func fail(_ reason: String) -> CIFARError { .badPickle(path: path, reason: reason) }

    private mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, n <= bytes.count - pos else { throw fail("truncated at byte \(pos)") }
        defer { pos += n }
        return bytes[pos..<(pos + n)]
    }

    private mutating func uint(_ n: Int) throws -> Int {
        try take(n).reversed().reduce(0) { $0 << 8 | Int($1) }
    }

    private mutating func line() throws -> String {
        guard let end = bytes[pos...].firstIndex(of: 10) else { throw fail("truncated GLOBAL") }
        defer { pos = end + 1 }
        return String(decoding: bytes[pos..<end], as: UTF8.self)
    }

    private mutating func pop() throws -> PickleValue {
        guard let v = stack.popLast() else { throw fail("stack underflow at byte \(pos)") }
        return v
    }

    /// The items above the topmost MARK, removing them and the mark.
    private mutating func popMark() throws -> [PickleValue] {
        guard let m = stack.lastIndex(where: { if case .mark = $0 { true } else { false } }) else {
            throw fail("missing MARK at byte \(pos)")
        }
        let items = Array(stack[(m + 1)...])
        stack.removeSubrange(m...)
        return items
    }

    /// Runs to STOP and returns the pickled object.
    mutating func run() throws -> PickleValue {
        while true {
            let op = try take(1).first!
            if op == 0x2E { return try pop() }  // STOP
            try execute(op)
        }
    }

    private mutating func execute(_ op: UInt8) throws {
        switch op {
        case 0x80: _ = try take(1)  // PROTO
        case 0x95: _ = try take(8)  // FRAME
        case 0x7D: stack.append(.dict(PickleBox()))  // EMPTY_DICT
        case 0x5D: stack.append(.list(PickleBox()))  // EMPTY_LIST
        case 0x29: stack.append(.tuple([]))  // EMPTY_TUPLE
        case 0x28: stack.append(.mark)  // MARK
        case 0x4E: stack.append(.none)
        case 0x88: stack.append(.bool(true))
        case 0x89: stack.append(.bool(false))
        case 0x4B: stack.append(.int(try uint(1)))  // BININT1
        case 0x4D: stack.append(.int(try uint(2)))  // BININT2
        case 0x4A: stack.append(.int(Int(Int32(truncatingIfNeeded: try uint(4)))))  // BININT
        case 0x8A: try long1()
        case 0x47: stack.append(.float(Double(bitPattern: try take(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) })))  // BINFLOAT
        case 0x55: stack.append(.bytes(Array(try take(try uint(1)))))  // SHORT_BINSTRING
        case 0x54: stack.append(.bytes(Array(try take(try uint(4)))))  // BINSTRING
        case 0x43: stack.append(.bytes(Array(try take(try uint(1)))))  // SHORT_BINBYTES
        case 0x42: stack.append(.bytes(Array(try take(try uint(4)))))  // BINBYTES
        case 0x58: stack.append(.string(String(decoding: try take(try uint(4)), as: UTF8.self)))  // BINUNICODE
        case 0x8C: stack.append(.string(String(decoding: try take(try uint(1)), as: UTF8.self)))  // SHORT_BINUNICODE
        case 0x71: memo[try uint(1)] = stack.last  // BINPUT
        case 0x72: memo[try uint(4)] = stack.last  // LONG_BINPUT
        case 0x94: memo[memo.count] = stack.last  // MEMOIZE
        case 0x68, 0x6A:  // BINGET, LONG_BINGET
            let key = try uint(op == 0x68 ? 1 : 4)
            guard let v = memo[key] else { throw fail("memo \(key) is unset") }
            stack.append(v)
        case 0x85, 0x86, 0x87:  // TUPLE1, TUPLE2, TUPLE3
            let n = Int(op - 0x84)
            guard stack.count >= n else { throw fail("stack underflow at byte \(pos)") }
            let items = Array(stack.suffix(n))
            stack.removeLast(n)
            stack.append(.tuple(items))
        case 0x74: stack.append(.tuple(try popMark()))  // TUPLE
        case 0x61: try append([try pop()])  // APPEND
        case 0x65: try append(try popMark())  // APPENDS
        case 0x73:  // SETITEM
            let v = try pop(), k = try pop()
            try setItems([k, v])
        case 0x75: try setItems(try popMark())  // SETITEMS
        case 0x63: try global(try line(), try line())  // GLOBAL
        case 0x93:  // STACK_GLOBAL
            guard case let .string(name) = try pop(), case let .string(module) = try pop() else { throw fail("bad STACK_GLOBAL") }
            try global(module, name)
        case 0x52: try reduce()  // REDUCE
        case 0x62: try build()  // BUILD
        default:
            throw fail(String(format: "unsupported opcode 0x%02X at byte %d", op, pos - 1))
        }
    }

    private mutating func long1() throws {
        let n = try uint(1)
        guard n <= 8 else { throw fail("integer too large") }
        let raw = try take(n)
        var v = 0
        for (i, b) in raw.enumerated() { v |= Int(b) << (8 * i) }
        if n > 0, n < 8, raw.last! & 0x80 != 0 { v -= 1 << (8 * n) }
        stack.append(.int(v))
    }

    private mutating func append(_ items: [PickleValue]) throws {
        guard case let .list(box)? = stack.last else { throw fail("APPEND to a non-list") }
        box.items.append(contentsOf: items)
    }

    private mutating func setItems(_ items: [PickleValue]) throws {
        guard items.count % 2 == 0, case let .dict(box)? = stack.last else { throw fail("SETITEM on a non-dict") }
        for i in stride(from: 0, to: items.count, by: 2) { box.pairs.append((items[i], items[i + 1])) }
    }

    private static let allowedGlobals: Set<String> = [
        "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct",
        "numpy.ndarray", "numpy.dtype", "_codecs.encode",
    ]

    private mutating func global(_ module: String, _ name: String) throws {
        let full = "\(module).\(name)"
        guard Self.allowedGlobals.contains(full) else { throw fail("refuses to load \(full)") }
        stack.append(.global(full))
    }

    private mutating func reduce() throws {
        guard case let .tuple(args) = try pop(), case let .global(callable) = try pop() else { throw fail("bad REDUCE") }
        switch (callable, args.first) {
        case let ("_codecs.encode", .string(text)?):
            guard text.unicodeScalars.allSatisfy({ $0.value < 256 }) else { throw fail("non-latin1 bytes") }
            stack.append(.bytes(text.unicodeScalars.map { UInt8($0.value) }))
        case let ("numpy.dtype", .string(code)?):
            stack.append(.dtype(code))
        case let ("numpy.dtype", .bytes(code)?):
            stack.append(.dtype(String(decoding: code, as: UTF8.self)))
        case ("numpy.core.multiarray._reconstruct", _), ("numpy._core.multiarray._reconstruct", _):
            stack.append(.ndarray(shape: [], dtype: "", data: []))
        default:
            throw fail("unsupported call \(callable)")
        }
    }

    private mutating func build() throws {
        let state = try pop()
        let object = try pop()
        switch object {
        case .dtype:
            stack.append(object)
        case .ndarray:
            // (version, shape, dtype, is_fortran, raw data)
            guard case let .tuple(s) = state, s.count == 5, case let .tuple(dims) = s[1], case let .dtype(code) = s[2] else {
                throw fail("unexpected ndarray state")
            }
            if case .bool(true) = s[3] { throw fail("Fortran-ordered arrays are not CIFAR batches") }
            let shape = try dims.map { d -> Int in
                guard case let .int(v) = d, v >= 0 else { throw fail("bad array shape") }
                return v
            }
            guard case let .bytes(data) = s[4] else { throw fail("array data is not raw bytes") }
            stack.append(.ndarray(shape: shape, dtype: code.replacingOccurrences(of: "|", with: ""), data: data))
        default:
            throw fail("BUILD on an unsupported object")
        }
    }
}
