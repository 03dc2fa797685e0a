import Crypto
import Foundation
import TonghopCore

/// The unit registry as this binary read it from `units.yaml` before, kept in a file between commands: a commune-scale
/// registry (3,378 units, 395 KB) takes libyaml 15–18 ms to parse, the longest part of loading the templates, and
/// every command loads them; read back from here it takes a fifth to a thirteenth of that.
///
/// Keyed by the SHA-256 of the registry file's bytes together with the binary that read them (its file's device, inode,
/// size and times): another registry, or another build or release of tonghop, reads the YAML again. Only a registry
/// read without a problem is kept, so a problem is always said from the YAML itself. The file holds the SHA-256 of its
/// body, against damage (not against a file made by hand: whoever can write it can write the database beside it); one
/// that does not match, is cut short, does not decode, is not a plain file of a registry's size, or holds a registry
/// the YAML's checks would refuse, is read as absent. Written here by hand because it is tonghop's own types in a file
/// only tonghop reads: no package keeps a Swift value for the next process.
public struct RegistryCache: Sendable {
    /// The file the registry is kept in.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The first bytes of the file: what it is, and the version of its layout.
    static let magic = Array("tonghop registry cache 1\n".utf8)

    /// The largest file kept for a `units.yaml` of `source` bytes: far more than its registry takes (a commune-scale one,
    /// 395 KB of YAML, is kept in 262 KB), though a registry whose aliases repeat long lists may take more, and is then
    /// read from the YAML each time.
    static func largest(keptFor source: Data) -> Int { 64 * source.count + (1 << 20) }

    /// The registry of a `units.yaml` of these bytes: the one this binary kept for them, or else `parse`'s, kept for the
    /// next command. The key (a SHA-256 of the whole file) is worked out once for both.
    func registry(of source: Data, parsing parse: () throws -> UnitRegistry) rethrows -> UnitRegistry {
        let key = Self.key(of: source)
        if let key, let kept = registry(of: source, key: key) { return kept }
        let registry = try parse()
        if let key { keep(registry, of: source, key: key) }
        return registry
    }

    /// The registry kept for a `units.yaml` of these bytes, if this binary kept one.
    func registry(of source: Data) -> UnitRegistry? {
        Self.key(of: source).flatMap { registry(of: source, key: $0) }
    }

    private func registry(of source: Data, key: [UInt8]) -> UnitRegistry? {
        // A plain file of a size a registry can take: not a pipe that would never end, nor a link to a device that would.
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size <= Self.largest(keptFor: source),
            let kept = FileManager.default.contents(atPath: path)
        else { return nil }
        return Self.decode([UInt8](kept), key: key)
    }

    /// Keeps `registry`, read from a `units.yaml` of these bytes, for the next command; nothing when the file cannot be
    /// written (a folder the command may not write to): the next command reads the YAML again. Written beside and
    /// renamed over, never synced (`OutputFile`): a cache a power cut costs is read from the YAML again.
    private func keep(_ registry: UnitRegistry, of source: Data, key: [UInt8]) {
        guard let bytes = Self.encode(registry, key: key), bytes.count <= Self.largest(keptFor: source) else { return }
        try? OutputFile.write(to: path) { try bytes.withUnsafeBytes($0) }
    }

    /// What the registry is kept under: the registry file's bytes, and the binary reading them, as this process' own
    /// executable file is now; nil where there is no such file to look at (not Linux).
    static func key(of source: Data) -> [UInt8]? {
        var binary = stat()
        guard stat("/proc/self/exe", &binary) == 0 else { return nil }
        var hash = SHA256()
        hash.update(data: source)
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

    /// The file's bytes: `magic`, the key, the SHA-256 of what follows, then the registry's version and units, each text
    /// its length (4 bytes, little-endian) and its UTF-8. Nil for what would not read back the same.
    static func encode(_ registry: UnitRegistry, key: [UInt8]) -> [UInt8]? {
        var body = ByteWriter(capacity: registry.units.count * 128)
        // Whether everything written reads back the same: lengths and counts that fit 4 bytes, days as ISO 8601 texts.
        var fits = true
        func length(_ count: Int) {
            fits = fits && count < Int(UInt32.max)
            body.uint32LE(UInt32(truncatingIfNeeded: count))
        }
        func text(_ value: String) {
            length(value.utf8.count)
            body.text(value)
        }
        func list(_ values: [String]) {
            length(values.count)
            values.forEach(text)
        }
        func day(_ value: LocalDate) {
            let iso = value.description
            fits = fits && LocalDate(iso: iso) == value
            text(iso)
        }
        text(registry.version)
        length(registry.units.count)
        for unit in registry.units {
            text(unit.code)
            text(unit.name)
            body.byte(unit.nameEn == nil ? 0 : 1)
            if let nameEn = unit.nameEn { text(nameEn) }
            text(unit.kind.rawValue)
            list(unit.scheduleIds)
            day(unit.validFrom)
            body.byte(unit.validTo == nil ? 0 : 1)
            if let validTo = unit.validTo { day(validTo) }
            list(unit.mail)
        }
        guard fits else { return nil }
        return magic + key + Array(SHA256.hash(data: body.bytes)) + body.bytes
    }

    /// The registry of a file's bytes, or nil unless they are whole, kept under `key`, and decode to the end.
    static func decode(_ bytes: [UInt8], key: [UInt8]) -> UnitRegistry? {
        let head = magic.count + key.count + SHA256.byteCount
        guard bytes.count >= head, bytes.starts(with: magic), bytes[magic.count..<(magic.count + key.count)].elementsEqual(key) else {
            return nil
        }
        let body = bytes[head...]
        guard bytes[(magic.count + key.count)..<head].elementsEqual(SHA256.hash(data: body)) else { return nil }
        return registry(body: body)
    }

    /// The registry of the file's body (what follows its SHA-256), or nil unless it decodes to its end.
    static func registry(body: ArraySlice<UInt8>) -> UnitRegistry? {
        var reader = Reader(bytes: body)
        guard let version = reader.text(), let count = reader.count(eachAtLeast: 24) else { return nil }
        var units: [ReportingUnit] = []
        units.reserveCapacity(count)
        for _ in 0..<count {
            guard let code = reader.text(), let name = reader.text(), let hasNameEn = reader.flag() else { return nil }
            let nameEn = hasNameEn ? reader.text() : nil
            guard !hasNameEn || nameEn != nil, let kind = reader.text().flatMap(UnitKind.init(rawValue:)),
                let schedules = reader.list(), let validFrom = reader.text().flatMap(LocalDate.init(iso:)), let hasValidTo = reader.flag()
            else { return nil }
            let validTo = hasValidTo ? reader.text().flatMap(LocalDate.init(iso:)) : nil
            guard !hasValidTo || validTo != nil, let mail = reader.list() else { return nil }
            units.append(
                ReportingUnit(
                    code: code, name: name, nameEn: nameEn, kind: kind, scheduleIds: schedules, validFrom: validFrom, validTo: validTo,
                    mail: mail))
        }
        // What the YAML's reading refuses is refused here too: a registry it would never give is not one to read back.
        guard reader.isAtEnd, CatalogLoader.problems(of: units, file: "").isEmpty else { return nil }
        return UnitRegistry(version: version, units: units)
    }

    /// Reads the file's body, every length checked against the bytes left before it is used.
    private struct Reader {
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
