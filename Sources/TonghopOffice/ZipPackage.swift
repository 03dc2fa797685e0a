import Foundation
import SystemZlib
import TonghopCore

/// An Office Open XML package (.xlsx, .docx): named parts in a ZIP archive.
///
/// Written here rather than with ZIPFoundation (which reads the packages tonghop receives): ZIPFoundation deflates at
/// zlib's default level only, and at commune scale that alone took 135 ms of a synthesis' 300. This writer deflates at
/// level 1 (a fifth of the time, files a third larger) in chunks on all cores, and writes nothing but what Office needs:
/// no ZIP64 (a part over 4 GiB is refused), no encryption, no extra fields.
public struct ZipPackage: Sendable {
    /// What a part holds: a text, bytes, or how to write its bytes when the package is written, so that a large part
    /// (a commune-scale sheet) is deflated as it is written and never held whole.
    public enum Content: Sendable {
        /// A text (a commune-scale document's rows and results come as bytes, `written`).
        case text(String)
        case bytes([UInt8])
        /// Bytes handed to the output given, piece by piece, when the package comes to the part.
        case written(@Sendable (ByteOutput) throws -> Void)
    }

    /// Parts in the order they are written; `[Content_Types].xml` should come first.
    public var parts: [(path: String, content: Content)] = []
    /// The time stamped on every entry, in Vietnam time (ZIP times have no zone): a fixed instant gives the same bytes
    /// every time, whatever the server's zone.
    public var modified: Date

    public init(modified: Date) {
        self.modified = modified
    }

    public mutating func add(_ path: String, _ text: String) {
        parts.append((path, .text(text)))
    }

    public mutating func add(_ path: String, bytes: [UInt8]) {
        parts.append((path, .bytes(bytes)))
    }

    /// A part whose bytes `write` hands to its output, piece by piece, as the package is written.
    public mutating func add(_ path: String, writing write: @escaping @Sendable (ByteOutput) throws -> Void) {
        parts.append((path, .written(write)))
    }

    /// Why a package cannot be written.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Input bytes deflated at a time; each chunk after the first is primed with the 32 KiB before it, so chunking
    /// costs almost nothing in size.
    public static let chunkSize = 1 << 20
    /// The bytes before a chunk that prime its deflating: deflate's whole window.
    static let dictionarySize = 32 * 1024

    /// The archive's bytes, every part deflated.
    public func data() throws -> Data {
        var data = Data()
        try write { data.append(contentsOf: $0) }
        return data
    }

    /// Writes the archive to `output` part by part: each part's bytes (written now if they are `written`) deflated in
    /// chunks on all cores as they come, handed on with their header before the next part's. Errors of the package are
    /// `Failure`; `output`'s and a part writer's own are thrown as they are. Each part is let go once written (a sheet's
    /// writer, and the sheet it writes, with it).
    public consuming func write(to output: ByteOutput) throws {
        let (time, date) = Self.dosTime(modified)
        var out = ByteWriter(capacity: 1 << 16)
        var central = ByteWriter()
        var offset = 0
        for index in parts.indices {
            let part = parts[index]
            parts[index].content = .bytes([])
            let (crc, size, compressed) = try Self.deflated(part.content, path: part.path)
            guard offset < Int(UInt32.max), parts.count < Int(UInt16.max) else {
                throw Failure(description: "the package is larger than a ZIP archive without ZIP64 can hold")
            }
            let name = Array(part.path.utf8)
            func header(central: Bool, into z: inout ByteWriter) {
                z.uint32LE(central ? 0x0201_4B50 : 0x0403_4B50)
                if central { z.uint16LE(0x031E) }  // made by: Unix, ZIP 3.0
                z.uint16LE(20)  // needed to extract: deflate
                z.uint16LE(0x0800)  // names are UTF-8
                z.uint16LE(8)  // deflate
                z.uint16LE(time)
                z.uint16LE(date)
                z.uint32LE(crc)
                z.uint32LE(UInt32(compressed.count))
                z.uint32LE(UInt32(size))
                z.uint16LE(UInt16(name.count))
                z.uint16LE(0)  // extra field
                if central {
                    z.uint16LE(0)  // comment
                    z.uint16LE(0)  // disk
                    z.uint16LE(0)  // internal attributes
                    z.uint32LE(0o100644 << 16)  // a regular file, rw-r--r--
                    z.uint32LE(UInt32(offset))
                }
                z.bytes += name
            }
            header(central: false, into: &out)
            header(central: true, into: &central)
            offset += out.bytes.count + compressed.count
            try out.flush(to: output)
            try compressed.withUnsafeBytes(output)
        }
        guard offset + central.bytes.count < Int(UInt32.max) else {
            throw Failure(description: "the package is larger than a ZIP archive without ZIP64 can hold")
        }
        out.bytes += central.bytes
        out.uint32LE(0x0605_4B50)
        out.uint16LE(0)
        out.uint16LE(0)
        out.uint16LE(UInt16(parts.count))
        out.uint16LE(UInt16(parts.count))
        out.uint32LE(UInt32(central.bytes.count))
        out.uint32LE(UInt32(offset))
        out.uint16LE(0)  // comment
        try out.flush(to: output)
    }

    /// A part's CRC, size and deflated bytes.
    private static func deflated(_ content: Content, path: String) throws -> (crc: UInt32, size: Int, compressed: [UInt8]) {
        var deflater = PartDeflater()
        func add(_ bytes: some Collection<UInt8>) throws {
            // In place for an array and a native string; bytes stored otherwise are copied first.
            try bytes.withContiguousStorageIfAvailable { buffer in try deflater.add(UnsafeRawBufferPointer(buffer)) }
                ?? Array(bytes).withUnsafeBytes { buffer in try deflater.add(buffer) }
        }
        switch content {
        case .text(let text): try add(text.utf8)
        case .bytes(let bytes): try add(bytes)
        case .written(let write): try write { try deflater.add($0) }
        }
        return try deflater.finish(path: path)
    }

    /// A part deflated as its bytes come: in chunks of `chunkSize`, a few at a time on all cores (`piecesWrittenAtOnce`),
    /// each with the 32 KiB before it as its dictionary (so chunking costs almost nothing in size), holding no more than those chunks
    /// (a commune-scale sheet is 8 MB; held whole, it was, with its copies, a fifth of the workbook's peak).
    private struct PartDeflater {
        /// The 32 KiB before the bytes not yet deflated (`primer` bytes; none at the part's start), then those bytes.
        private var window: [UInt8] = []
        private var primer = 0
        private var size = 0
        private var crc: UInt = 0
        private var compressed: [UInt8] = []
        private let batch = piecesWrittenAtOnce * ZipPackage.chunkSize

        mutating func add(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
            // Room for a dictionary, a batch and a byte at once, rather than grown by doubling past it.
            if window.capacity < dictionarySize + batch + 1 && window.count + bytes.count > 1 << 16 {
                window.reserveCapacity(dictionarySize + batch + 1)
            }
            var rest = bytes[...]
            while !rest.isEmpty {
                // A batch of whole chunks is deflated once a byte past it has come, so that the last chunk is known.
                let take = min(primer + batch + 1 - window.count, rest.count)
                window.append(contentsOf: rest.prefix(take))
                rest = rest.dropFirst(take)
                if window.count - primer > batch { try deflateHeld(finishing: false) }
            }
            size += bytes.count
        }

        mutating func finish(path: String) throws(Failure) -> (crc: UInt32, size: Int, compressed: [UInt8]) {
            guard size < Int(UInt32.max) else { throw Failure(description: "\(path) is larger than 4 GiB") }
            try deflateHeld(finishing: true)
            return (UInt32(crc), size, compressed)
        }

        /// Deflates the whole chunks held, or, when finishing, everything held, its last chunk ending the stream.
        private mutating func deflateHeld(finishing: Bool) throws(Failure) {
            let held = window.count - primer
            let count = finishing ? max(1, (held + chunkSize - 1) / chunkSize) : held / chunkSize
            for chunk in try Self.deflate(window, primer: primer, chunks: count, finishing: finishing) {
                crc = crc32_combine(crc, chunk.crc, off_t(chunk.length))
                compressed += chunk.deflated
            }
            // The bytes deflated let go of, but the 32 KiB before the rest, the next chunk's dictionary; moved to the front
            // of the same room rather than into a new array for each batch.
            let done = min(primer + count * chunkSize, window.count)
            let kept = max(0, done - dictionarySize)
            window.removeSubrange(..<kept)
            primer = done - kept
        }

        /// `chunks` chunks of `window` after its first `primer` bytes, each deflated on a core of its own.
        private static func deflate(_ window: [UInt8], primer: Int, chunks count: Int, finishing: Bool) throws(Failure)
            -> [(crc: UInt, length: Int, deflated: [UInt8])]
        {
            try (0..<count).map { $0 }.concurrentMap { k in
                Result { () throws(Failure) -> (crc: UInt, length: Int, deflated: [UInt8]) in
                    let start = primer + k * chunkSize
                    let (end, from) = (min(start + chunkSize, window.count), max(0, start - dictionarySize))
                    return try window.withUnsafeBufferPointer { all throws(Failure) in
                        let chunk = UnsafeBufferPointer(rebasing: all[start..<end])
                        let crc = crc32(0, chunk.baseAddress, UInt32(chunk.count))
                        let deflated = try ZipPackage.deflate(
                            UnsafeBufferPointer(rebasing: all[from..<end]), primer: start - from, isLast: finishing && k == count - 1)
                        return (crc, chunk.count, deflated)
                    }
                }
            }.map { result throws(Failure) in try result.get() }
        }
    }

    /// Raw deflate of one chunk, the end of `window` after its first `primer` bytes (the 32 KiB before the chunk, as the
    /// dictionary); the chunks of a part, joined in order, are one deflate stream.
    static func deflate(_ window: UnsafeBufferPointer<UInt8>, primer: Int, isLast: Bool) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, 1, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { throw Failure(description: "zlib cannot start deflating") }
        defer { deflateEnd(&stream) }
        let base = UnsafeMutablePointer(mutating: window.baseAddress)
        if primer > 0 {
            guard deflateSetDictionary(&stream, base, UInt32(primer)) == Z_OK else {
                throw Failure(description: "zlib refused the preceding chunk as a dictionary")
            }
        }
        let length = window.count - primer
        // Room for the worst case plus the empty stored block a sync flush ends with.
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(length))) + 16)
        let status = output.withUnsafeMutableBufferPointer { out -> Int32 in
            stream.next_in = base.map { $0 + primer }
            stream.avail_in = UInt32(length)
            stream.next_out = out.baseAddress
            stream.avail_out = UInt32(out.count)
            // A sync flush ends a chunk on a byte boundary without ending the stream, so the next chunk continues it.
            return SystemZlib.deflate(&stream, isLast ? Z_FINISH : Z_SYNC_FLUSH)
        }
        guard status == (isLast ? Z_STREAM_END : Z_OK), stream.avail_in == 0 else {
            throw Failure(description: "zlib could not deflate a part (status \(status))")
        }
        return Array(output[..<(output.count - Int(stream.avail_out))])
    }

    /// MS-DOS time and date fields of an instant, in Vietnam time; two-second resolution, years 1980 to 2107.
    static func dosTime(_ instant: Date) -> (time: UInt16, date: UInt16) {
        let day = VietnamTime.date(of: instant)
        let inDay = Int(floor(instant.timeIntervalSince1970)) + VietnamTime.utcOffsetSeconds - day.dayNumber * 86_400
        let year = min(max(day.year, 1980), 2107)
        let time = UInt16(inDay / 3600) << 11 | UInt16(inDay / 60 % 60) << 5 | UInt16(inDay % 60 / 2)
        let date = UInt16(year - 1980) << 9 | UInt16(day.month) << 5 | UInt16(day.day)
        return (time, date)
    }
}
