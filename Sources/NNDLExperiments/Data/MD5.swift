import Foundation

/// MD5 (RFC 1321), for checking the CIFAR-10 archive against its published checksum. Streaming: `update` then `hexDigest`.
public struct MD5: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476)
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    private static let shifts: [UInt32] = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21]
    private static let table: [UInt32] = (0..<64).map { UInt32(truncatingIfNeeded: Int64(abs(sin(Double($0 + 1))) * 4_294_967_296)) }

    /// A fresh digest.
    public init() {}

    /// Adds bytes to the message.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        length &+= UInt64(bytes.count)
        buffer.append(contentsOf: bytes)
        let whole = buffer.count / 64 * 64
        guard whole > 0 else { return }
        buffer.withUnsafeBufferPointer { p in
            for offset in stride(from: 0, to: whole, by: 64) { compress(p, offset) }
        }
        buffer.removeFirst(whole)
    }

    /// The digest as 32 lowercase hex digits (the message is padded; the value is not reusable afterwards).
    public mutating func hexDigest() -> String {
        let bits = length &* 8
        update([0x80])
        while buffer.count % 64 != 56 { update([0]) }
        update((0..<8).map { UInt8(truncatingIfNeeded: bits >> (8 * UInt64($0))) })
        return [state.0, state.1, state.2, state.3]
            .flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (8 * UInt32($0))) } }
            .map { String(format: "%02x", $0) }.joined()
    }

    /// The MD5 of `bytes` as hex.
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        var m = MD5()
        m.update(bytes)
        return m.hexDigest()
    }

    private mutating func compress(_ p: UnsafeBufferPointer<UInt8>, _ offset: Int) {
        var m = [UInt32](repeating: 0, count: 16)
        for i in 0..<16 {
            let b = offset + 4 * i
            m[i] = UInt32(p[b]) | UInt32(p[b + 1]) << 8 | UInt32(p[b + 2]) << 16 | UInt32(p[b + 3]) << 24
        }
        var (a, b, c, d) = state
        for i in 0..<64 {
            var f: UInt32, g: Int
            switch i / 16 {
            case 0: (f, g) = ((b & c) | (~b & d), i)
            case 1: (f, g) = ((d & b) | (~d & c), (5 * i + 1) % 16)
            case 2: (f, g) = (b ^ c ^ d, (3 * i + 5) % 16)
            default: (f, g) = (c ^ (b | ~d), (7 * i) % 16)
            }
            f = f &+ a &+ Self.table[i] &+ m[g]
            a = d
            d = c
            c = b
            let s = Self.shifts[(i / 16) * 4 + i % 4]
            b = b &+ (f << s | f >> (32 - s))
        }
        state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d)
    }
}
