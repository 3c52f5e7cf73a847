extension Zip {
    /// One central-directory record: the authoritative name, method, CRC and sizes of an entry.
    struct CentralRecord {
        let nameBytes: ArraySlice<UInt8>
        let name: String
        let method: Int
        let crc: UInt32
        let size: Int
        /// The bytes the entry takes in the archive (`size` when stored, less when deflated).
        let compressedSize: Int
        let localOffset: Int
        /// The record's length in the directory (fixed part, name, extra field, comment).
        let length: Int

        /// Reads the record at `offset`, checking what this reader can handle.
        init(_ reader: ByteReader, at offset: Int) throws {
            guard try reader.u32("central directory record", at: offset) == centralSignature else {
                throw ZipFault.corrupt("no central directory record at offset \(offset)")
            }
            let field = { (at: Int, width: Int) throws -> Int in
                width == 2 ? try reader.u16("central directory record", at: offset + at)
                    : try reader.u32("central directory record", at: offset + at)
            }
            let (flags, method) = (try field(8, 2), try field(10, 2))
            let (nameLength, extraLength, commentLength) = (try field(28, 2), try field(30, 2), try field(32, 2))
            nameBytes = try reader.slice("entry name", at: offset + centralHeaderSize, length: nameLength)
            guard let name = String(validating: nameBytes, as: UTF8.self) else {
                throw ZipFault.corrupt("an entry name at offset \(offset) is not UTF-8")
            }
            let extra = ByteReader(bytes: try reader.slice(
                "extra field of '\(name)'", at: offset + centralHeaderSize + nameLength, length: extraLength))
            let narrow = [try field(24, 4), try field(20, 4), try field(42, 4)]  // size, compressed size, offset
            let wide = try zip64Values(narrow, extra: extra, entry: name)
            guard flags & 0x41 == 0 else { throw ZipFault.unsupported("entry '\(name)' is encrypted") }
            guard method == 0 || method == 8 else {
                throw ZipFault.unsupported("entry '\(name)' uses compression method \(method); only stored (np.savez) "
                    + "and deflated (np.savez_compressed) entries are read")
            }
            guard method == 8 || wide[0] == wide[1] else {
                throw ZipFault.corrupt("stored entry '\(name)' has size \(wide[0]) but compressed size \(wide[1])")
            }
            (self.name, self.method, self.crc) = (name, method, UInt32(try field(16, 4)))
            (size, compressedSize, localOffset) = (wide[0], wide[1], wide[2])
            length = centralHeaderSize + nameLength + extraLength + commentLength
        }

        /// The entry's bytes after its local header (inflated when deflated), checked against this record and its CRC-32;
        /// they must end before `limit` (the central directory).
        func data(_ reader: ByteReader, before limit: Int) throws -> ArraySlice<UInt8> {
            let at = localOffset
            guard try reader.u32("local header of '\(name)'", at: at) == localSignature else {
                throw ZipFault.corrupt("no local header for '\(name)' at offset \(at)")
            }
            let field = { (offset: Int, width: Int) throws -> Int in
                width == 2 ? try reader.u16("local header of '\(name)'", at: at + offset)
                    : try reader.u32("local header of '\(name)'", at: at + offset)
            }
            let (flags, nameLength, extraLength) = (try field(6, 2), try field(26, 2), try field(28, 2))
            guard try field(8, 2) == method,
                try reader.slice("local name of '\(name)'", at: at + localHeaderSize, length: nameLength) == nameBytes
            else { throw ZipFault.corrupt("the local header of '\(name)' disagrees with the central directory") }
            if flags & 0x08 == 0 {  // no data descriptor: the local header carries the CRC and sizes too
                let extra = ByteReader(bytes: try reader.slice(
                    "local extra field of '\(name)'", at: at + localHeaderSize + nameLength, length: extraLength))
                let sizes = try zip64Values([try field(22, 4), try field(18, 4)], extra: extra, entry: name)
                guard UInt32(try field(14, 4)) == crc, sizes == [size, compressedSize] else {
                    throw ZipFault.corrupt("the local header of '\(name)' disagrees with the central directory")
                }
            }
            let start = at + localHeaderSize + nameLength + extraLength
            guard start <= limit, compressedSize <= limit - start else {
                throw ZipFault.corrupt("the data of '\(name)' runs into the central directory")
            }
            let stored = try reader.slice("data of '\(name)'", at: start, length: compressedSize)
            let data = method == 8 ? try Deflate.inflate(stored, size: size, entry: name)[...] : stored
            let computed = CRC32.checksum(data)
            guard computed == crc else { throw ZipFault.checksum(entry: name, stored: crc, computed: computed) }
            return data
        }
    }
}
