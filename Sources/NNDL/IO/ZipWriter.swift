/// A structural problem in a ZIP archive; `NPZ` reports it with the file's path.
enum ZipFault: Error, Equatable {
    /// The bytes are not a consistent ZIP archive.
    case corrupt(String)
    /// A valid archive using a feature this reader does not implement (compression, encryption, several disks).
    case unsupported(String)
    /// An entry's data does not match its stored CRC-32.
    case checksum(entry: String, stored: UInt32, computed: UInt32)
    /// An archive too large to write without ZIP64.
    case tooLarge(String)
}

/// ZIP archives of STORED (uncompressed) entries: the subset `np.savez` writes and `np.load` reads.
enum Zip {
    static let localSignature = 0x0403_4B50
    static let centralSignature = 0x0201_4B50
    static let endSignature = 0x0605_4B50
    static let zip64EndSignature = 0x0606_4B50
    static let zip64LocatorSignature = 0x0706_4B50
    /// The 32-bit field value that means "see the ZIP64 extra field".
    static let sentinel32 = 0xFFFF_FFFF
    /// Sizes of the fixed parts of the records.
    static let localHeaderSize = 30, centralHeaderSize = 46, endSize = 22

    /// The bytes of an archive holding `entries` in order, uncompressed, with CRC-32s; names are UTF-8.
    static func archive(_ entries: [(name: String, data: [UInt8])]) throws -> [UInt8] {
        let total = entries.reduce(endSize) {
            $0 + localHeaderSize + centralHeaderSize + 2 * $1.name.utf8.count + $1.data.count
        }
        guard total < sentinel32, entries.count < 0xFFFF else {
            throw ZipFault.tooLarge("\(entries.count) entries, \(total) bytes: more than a ZIP without ZIP64 holds")
        }
        var out: [UInt8] = []
        out.reserveCapacity(total)
        var central: [UInt8] = []
        for entry in entries {
            let header = EntryHeader(name: Array(entry.name.utf8), data: entry.data, offset: out.count)
            header.appendLocal(to: &out)
            out.append(contentsOf: entry.data)
            header.appendCentral(to: &central)
        }
        let centralOffset = out.count
        out.append(contentsOf: central)
        out.appendLittleEndian(UInt32(endSignature))
        out.appendLittleEndian(UInt32(0))  // this disk, the directory's disk
        out.appendLittleEndian(UInt16(entries.count))
        out.appendLittleEndian(UInt16(entries.count))
        out.appendLittleEndian(UInt32(central.count))
        out.appendLittleEndian(UInt32(centralOffset))
        out.appendLittleEndian(UInt16(0))  // comment length
        return out
    }

    /// The fields the local and central headers of one written entry share.
    private struct EntryHeader {
        let name: [UInt8]
        let crc: UInt32
        let size: UInt32
        let offset: UInt32
        /// Bit 11 (names are UTF-8) when the name is not plain ASCII.
        var flags: UInt16 { name.allSatisfy { $0 < 0x80 } ? 0 : 0x0800 }

        init(name: [UInt8], data: [UInt8], offset: Int) {
            self.name = name
            self.crc = CRC32.checksum(data)
            self.size = UInt32(data.count)
            self.offset = UInt32(offset)
        }

        /// version needed, flags, method 0, time 00:00, date 1980-01-01, crc, sizes, name length, extra length 0.
        private func appendCommon(to out: inout [UInt8]) {
            for field: UInt16 in [20, flags, 0, 0, 0x21] { out.appendLittleEndian(field) }
            for field in [crc, size, size] { out.appendLittleEndian(field) }
            out.appendLittleEndian(UInt16(name.count))
            out.appendLittleEndian(UInt16(0))
        }

        /// The local file header, before the entry's data.
        func appendLocal(to out: inout [UInt8]) {
            out.appendLittleEndian(UInt32(Zip.localSignature))
            appendCommon(to: &out)
            out.append(contentsOf: name)
        }

        /// The central directory record: made by Unix, mode -rw-r--r--, pointing at the local header.
        func appendCentral(to out: inout [UInt8]) {
            out.appendLittleEndian(UInt32(Zip.centralSignature))
            out.appendLittleEndian(UInt16(3 << 8 | 20))
            appendCommon(to: &out)
            for field: UInt16 in [0, 0, 0] { out.appendLittleEndian(field) }  // comment, disk, internal attributes
            out.appendLittleEndian(UInt32(0o100644) << 16)
            out.appendLittleEndian(offset)
            out.append(contentsOf: name)
        }
    }
}
