import Foundation
import SystemZlib
import TonghopCore

/// The parts of a ZIP package, read with every offset, size and count checked before it is used, and with limits, so that
/// a damaged archive or a zip bomb is refused with a clear reason before it can fill the memory or stop the process.
///
/// Written here rather than read with ZIPFoundation, which traps (stopping the whole service) on some damaged archives,
/// such as a size that makes a range end before it starts. Only what Office packages use is read: stored and deflated
/// parts, no ZIP64, no encryption, one disk. Inflating is zlib's, which the package writer uses too.
struct SafeArchive {
    /// How much an archive may hold: a filled form is a few tens of kilobytes.
    struct Limits {
        var entries = 500
        var entryBytes = 20 * 1024 * 1024
        var totalBytes = 50 * 1024 * 1024
        /// Uncompressed size over compressed size; ordinary XML deflates ten to twenty times, a bomb thousands.
        var ratio = 200
    }

    /// Where one part's bytes are, as the central directory declares them (and the local header confirms).
    private struct Entry {
        var method: Int
        var crc: UInt32
        var dataStart: Int
        var compressedSize: Int
        var uncompressedSize: Int
    }

    private let bytes: [UInt8]
    private let entries: [String: Entry]
    private let limits: Limits
    private var extracted = 0
    /// The parts' names, in the order of the central directory.
    let paths: [String]

    init(_ data: Data, limits: Limits = Limits()) throws(WorkbookReadError) {
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw .notAnArchive(Message(.workbookOldOrProtected))
        }
        guard data.starts(with: [0x50, 0x4B]) else {
            throw .notAnArchive(Message(.workbookNotAWorkbook))
        }
        bytes = Array(data)
        self.limits = limits
        let (entries, paths) = try Self.directory(bytes, limits: limits)
        self.entries = entries
        self.paths = paths
    }

    /// A part's bytes, or nil when there is no such part. The bytes actually unpacked are checked against the sizes and
    /// the checksum the archive declares.
    mutating func part(_ path: String) throws(WorkbookReadError) -> Data? {
        guard let entry = entries[path] else { return nil }
        guard entry.uncompressedSize <= limits.totalBytes - extracted else {
            throw .tooLarge(Message(.workbookTooLargeInAll, ["limit": .size(limits.totalBytes)]))
        }
        let input = bytes[entry.dataStart..<entry.dataStart + entry.compressedSize]
        let output: [UInt8]
        if entry.method == 0 {
            output = Array(input)
        } else {
            guard let inflated = Self.inflate(input, size: entry.uncompressedSize) else {
                throw .damaged(Message(.workbookPartUnpacks, ["part": .quoted(path)]))
            }
            output = inflated
        }
        let crc = output.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
        guard crc == entry.crc else {
            throw .damaged(Message(.workbookPartChecksum, ["part": .quoted(path)]))
        }
        extracted += output.count
        return Data(output)
    }

    // MARK: - The central directory

    private static func directory(_ bytes: [UInt8], limits: Limits) throws(WorkbookReadError) -> ([String: Entry], [String]) {
        let damaged = WorkbookReadError.damaged(Message(.workbookDamaged))
        // The end-of-central-directory record: 22 bytes and a comment of at most 65,535, at the very end.
        var end = -1
        var at = bytes.count - 22
        while at >= max(0, bytes.count - 22 - 65_535) {
            if u32(bytes, at) == 0x0605_4B50, let comment = u16(bytes, at + 20), at + 22 + comment <= bytes.count {
                end = at
                break
            }
            at -= 1
        }
        guard end >= 0, let disk = u16(bytes, end + 4), let directoryDisk = u16(bytes, end + 6), let onDisk = u16(bytes, end + 8),
            let count = u16(bytes, end + 10), let size = u32(bytes, end + 12), let offset = u32(bytes, end + 16)
        else { throw damaged }
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            throw .damaged(Message(.workbookZip64))
        }
        guard disk == 0, directoryDisk == 0, onDisk == count else {
            throw .damaged(Message(.workbookSplit))
        }
        guard count > 0 else { throw .damaged(Message(.workbookEmpty)) }
        guard count <= limits.entries else {
            throw .tooLarge(Message(.workbookTooManyParts, ["count": .count(count), "limit": .count(limits.entries)]))
        }
        guard offset + size <= end else { throw damaged }

        var entries: [String: Entry] = [:]
        var paths: [String] = []
        var declared = 0
        var p = offset
        for _ in 0..<count {
            guard u32(bytes, p) == 0x0201_4B50, let flags = u16(bytes, p + 8), let method = u16(bytes, p + 10), let crc = u32(bytes, p + 16),
                let compressed = u32(bytes, p + 20), let uncompressed = u32(bytes, p + 24), let nameLength = u16(bytes, p + 28),
                let extraLength = u16(bytes, p + 30), let commentLength = u16(bytes, p + 32), let local = u32(bytes, p + 42),
                p + 46 + nameLength + extraLength + commentLength <= offset + size
            else { throw damaged }
            let path = String(decoding: bytes[p + 46..<p + 46 + nameLength], as: UTF8.self)
            p += 46 + nameLength + extraLength + commentLength
            if flags & 1 != 0 { throw .notAnArchive(Message(.workbookEncrypted)) }
            guard method == 0 || method == 8 else {
                throw .damaged(Message(.workbookPartCompression, ["part": .quoted(path)]))
            }
            guard entries[path] == nil else { throw damaged }
            // The local header repeats the name and may carry its own extra field: the data starts after both, and must
            // end before the central directory.
            guard u32(bytes, local) == 0x0403_4B50, let localName = u16(bytes, local + 26), let localExtra = u16(bytes, local + 28) else {
                throw damaged
            }
            let dataStart = local + 30 + localName + localExtra
            guard dataStart + compressed <= offset, method == 8 || compressed == uncompressed else { throw damaged }

            guard uncompressed <= limits.entryBytes else {
                throw .tooLarge(
                    Message(.workbookPartTooLarge, ["part": .quoted(path), "size": .size(uncompressed), "limit": .size(limits.entryBytes)]))
            }
            declared += uncompressed
            guard declared <= limits.totalBytes else {
                throw .tooLarge(Message(.workbookTooLargeInAll, ["limit": .size(limits.totalBytes)]))
            }
            if uncompressed > 1 << 20, uncompressed / max(compressed, 1) > limits.ratio {
                throw .tooLarge(Message(.workbookBomb, ["part": .quoted(path), "ratio": .count(uncompressed / max(compressed, 1))]))
            }
            entries[path] = Entry(
                method: method, crc: UInt32(truncatingIfNeeded: crc), dataStart: dataStart, compressedSize: compressed, uncompressedSize: uncompressed
            )
            paths.append(path)
        }
        return (entries, paths)
    }

    /// Raw deflate data unpacked to exactly `size` bytes; nil when it is damaged or unpacks to more or less.
    private static func inflate(_ input: ArraySlice<UInt8>, size: Int) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        // One byte of room more than declared, to tell "more than declared" from "exactly".
        var output = [UInt8](repeating: 0, count: size + 1)
        let status = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target -> Int32 in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                return SystemZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else { return nil }
        output.removeLast()
        return output
    }

    private static func u16(_ bytes: [UInt8], _ at: Int) -> Int? {
        guard at >= 0, at <= bytes.count - 2 else { return nil }
        return Int(bytes[at]) | Int(bytes[at + 1]) << 8
    }

    private static func u32(_ bytes: [UInt8], _ at: Int) -> Int? {
        guard at >= 0, at <= bytes.count - 4 else { return nil }
        return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
    }
}

/// Why a workbook could not be read.
public enum WorkbookReadError: Error, Sendable, CustomStringConvertible {
    case notAnArchive(Message)
    case damaged(Message)
    case tooLarge(Message)
    case macroEnabled
    case notAWorkbook(Message)

    /// Why the workbook was refused, for the person who sent it.
    public var message: Message {
        switch self {
        case .notAnArchive(let reason), .damaged(let reason), .tooLarge(let reason), .notAWorkbook(let reason): reason
        case .macroEnabled: Message(.workbookMacros)
        }
    }

    public var description: String { message.text(in: .en) }
}
