import Crypto
import Foundation
import TonghopCore

/// What the files kept beside the database between commands (`RegistryCache`, `CatalogFileCache`) share: their key,
/// their frame and the reading of their bodies. Written here by hand because they are files only tonghop reads, of
/// tonghop's own values: no package frames a value with the binary that wrote it for the next process.
///
/// A file is `magic` (what it is, and the version of its layout), a key, the SHA-256 of its body (against damage, not
/// against a file made by hand: whoever can write it can write the database beside it), then the body.
enum KeptFile {
    /// The SHA-256 of what `feed` hashes, together with the binary that reads it, as this process' own executable file
    /// is now (its device, inode, size and times): another build or release of tonghop reads the YAML again. Nil where
    /// there is no such file to look at (not Linux), and then nothing is kept.
    static func key(_ feed: (inout SHA256) -> Void) -> [UInt8]? {
        var binary = stat()
        guard stat("/proc/self/exe", &binary) == 0 else { return nil }
        var hash = SHA256()
        feed(&hash)
        // Their bits as they are: a device or inode number past Int64's range would trap a conversion.
        for number in [
            UInt64(truncatingIfNeeded: binary.st_dev), UInt64(truncatingIfNeeded: binary.st_ino), UInt64(truncatingIfNeeded: binary.st_size),
            UInt64(truncatingIfNeeded: binary.st_mtim.tv_sec), UInt64(truncatingIfNeeded: binary.st_mtim.tv_nsec),
            UInt64(truncatingIfNeeded: binary.st_ctim.tv_sec), UInt64(truncatingIfNeeded: binary.st_ctim.tv_nsec),
        ] {
            withUnsafeBytes(of: number.littleEndian) { hash.update(bufferPointer: $0) }
        }
        return Array(hash.finalize())
    }

    /// The bytes of the file at `path`, if it is a plain file of at most `largest` bytes: not a pipe that would never
    /// end, nor a link to a device that would.
    static func contents(of path: String, largest: Int) -> [UInt8]? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size <= largest,
            let kept = FileManager.default.contents(atPath: path)
        else { return nil }
        return [UInt8](kept)
    }

    /// A file of `body`, kept under `key`.
    static func framed(_ body: [UInt8], magic: [UInt8], key: [UInt8]) -> [UInt8] {
        magic + key + Array(SHA256.hash(data: body)) + body
    }

    /// The body of a file's bytes, or nil unless they are whole and kept under `key`.
    static func body(of bytes: [UInt8], magic: [UInt8], key: [UInt8]) -> ArraySlice<UInt8>? {
        let head = magic.count + key.count + SHA256.byteCount
        guard bytes.count >= head, bytes.starts(with: magic), bytes[magic.count..<(magic.count + key.count)].elementsEqual(key) else {
            return nil
        }
        let body = bytes[head...]
        guard bytes[(magic.count + key.count)..<head].elementsEqual(SHA256.hash(data: body)) else { return nil }
        return body
    }

    /// Writes `bytes` beside `path` and renames them over it, never synced (`OutputFile`): a cache a power cut costs is
    /// read from the YAML again. Nothing when the file cannot be written (a folder the command may not write to).
    static func keep(_ bytes: [UInt8], at path: String) {
        try? OutputFile.write(to: path) { try bytes.withUnsafeBytes($0) }
    }

    /// Writes a body: lengths and counts in 4 bytes, little-endian, texts as their length and their UTF-8.
    struct Writer {
        var body: ByteWriter
        /// Whether everything written reads back the same: lengths and counts that fit 4 bytes.
        var fits = true

        init(capacity: Int) { body = ByteWriter(capacity: capacity) }

        mutating func length(_ count: Int) {
            fits = fits && count < Int(UInt32.max)
            body.uint32LE(UInt32(truncatingIfNeeded: count))
        }

        mutating func flag(_ value: Bool) { body.byte(value ? 1 : 0) }

        mutating func text(_ value: String) {
            length(value.utf8.count)
            body.text(value)
        }

        mutating func list(_ values: [String]) {
            length(values.count)
            for value in values { text(value) }
        }

        /// Bytes of a length the reader knows (a digest).
        mutating func bytes(_ values: [UInt8]) { body.bytes += values }
    }

    /// Reads a body, every length checked against the bytes left before it is used.
    struct Reader {
        var bytes: ArraySlice<UInt8>

        var isAtEnd: Bool { bytes.isEmpty }

        mutating func uint32() -> Int? {
            guard bytes.count >= 4 else { return nil }
            let i = bytes.startIndex
            let value = Int(bytes[i]) | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2]) << 16 | Int(bytes[i + 3]) << 24
            bytes.removeFirst(4)
            return value
        }

        /// A count of items each taking at least `size` bytes, no more than the bytes left could hold.
        mutating func count(eachAtLeast size: Int) -> Int? {
            guard let count = uint32(), count <= bytes.count / size else { return nil }
            return count
        }

        mutating func flag() -> Bool? {
            guard let byte = bytes.first, byte <= 1 else { return nil }
            bytes.removeFirst()
            return byte == 1
        }

        /// The next `count` bytes, as they are.
        mutating func bytes(_ count: Int) -> [UInt8]? {
            guard count <= bytes.count else { return nil }
            defer { bytes.removeFirst(count) }
            return Array(bytes.prefix(count))
        }

        /// A text, refused unless it is UTF-8: decoded, then compared with its bytes (a byte that is not UTF-8 is decoded
        /// as U+FFFD, whose bytes differ). `String(validating:as:)`, generic, cost as much as the rest of the reading, and
        /// so did comparing through the text's `utf8` view, byte by byte (13,570 texts, 14 million instructions).
        mutating func text() -> String? {
            guard let length = uint32(), length <= bytes.count else { return nil }
            defer { bytes.removeFirst(length) }
            return bytes.prefix(length).withUnsafeBufferPointer { utf8 in
                var text = String(decoding: utf8, as: UTF8.self)
                let same = text.withUTF8 { decoded in
                    decoded.count == utf8.count && (utf8.isEmpty || memcmp(decoded.baseAddress!, utf8.baseAddress!, utf8.count) == 0)
                }
                return same ? text : nil
            }
        }

        mutating func list() -> [String]? {
            guard let count = count(eachAtLeast: 4) else { return nil }
            var values: [String] = []
            for _ in 0..<count {
                guard let value = text() else { return nil }
                values.append(value)
            }
            return values
        }
    }
}
