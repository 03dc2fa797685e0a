import Crypto
import Foundation
import TonghopCore

/// The templates' YAML files (criteria, tasks, schedules, `synthesis.yaml`) as this binary decoded them before, kept in a
/// file between commands: Yams' composing, the check of their keys and the decoding took 50 million instructions of
/// every command's start, on the core that finished loading the templates last; read back from here, as JSON by
/// Foundation's decoder, a fraction of that.
///
/// Each file's value is kept under the SHA-256 of its text, of the keys it may have and of the format it was decoded as,
/// one value a file (by its name and format, the last one decoded); the whole under the binary that decoded them
/// (`KeptFile.key`): another build or release of tonghop reads every YAML again. Only a file decoded without a problem is
/// kept, so a problem is always said from the YAML itself, and what is made of a value (the templates' own checks) is
/// made of it as of the YAML's. A value whose JSON would not decode to the same JSON again is not kept; a file that does
/// not match its SHA-256, is cut short or does not decode is read as absent.
public final class CatalogFileCache: Sendable {
    /// The file the values are kept in.
    public let path: String
    /// The key of the binary reading the file; nil where nothing can be kept (not Linux).
    private let binary: [UInt8]?
    /// What this binary kept, by slot (file name and format).
    private let kept: [String: Entry]
    /// What the file is to hold: what was kept, and the values decoded from the YAML by this process since.
    private let toKeep: ToKeep

    /// One file's value: the key it was kept under and its JSON.
    struct Entry: Equatable {
        var key: [UInt8]
        var json: [UInt8]
    }

    /// `NSLock` around what the file is to hold: the templates are decoded on both cores at once.
    private final class ToKeep: @unchecked Sendable {
        let lock = NSLock()
        var entries: [String: Entry]
        /// Whether `entries` differ from what the file holds.
        var changed = false

        init(_ entries: [String: Entry]) { self.entries = entries }
    }

    /// The first bytes of the file: what it is, and the version of its layout.
    static let magic = Array("tonghop catalog cache 1\n".utf8)

    /// The largest file read: far more than the shipped templates' values take (45 KB, of 57 KB of YAML).
    static let largest = 16 << 20

    /// The cache kept at `path`, read now.
    public init(path: String) {
        self.path = path
        binary = KeptFile.key { _ in }
        kept = binary.flatMap { binary in KeptFile.contents(of: path, largest: Self.largest).flatMap { Self.decode($0, key: binary) } } ?? [:]
        toKeep = ToKeep(kept)
    }

    /// The `T` of a YAML file named `file` with this text and these allowed keys: the one kept for them, or else
    /// `decode`'s, to be kept (`keep()`).
    func value<T: CatalogFileFormat>(
        _ type: T.Type, file: String, text: String, allowedKeys: [String: Set<String>], decoding decode: () throws -> T
    ) rethrows -> T {
        guard binary != nil else { return try decode() }
        let slot = "\(file)\u{0}\(T.formatName)"
        let key = Self.key(of: T.formatName, text: text, allowedKeys: allowedKeys)
        if let entry = kept[slot], entry.key == key, let value = try? JSONDecoder().decode(T.self, from: Data(entry.json)) {
            return value
        }
        let value = try decode()
        if let json = Self.json(of: value) {
            let entry = Entry(key: key, json: json)
            toKeep.lock.withLock {
                guard toKeep.entries[slot] != entry else { return }
                toKeep.entries[slot] = entry
                toKeep.changed = true
            }
        }
        return value
    }

    /// Writes what was kept and what was decoded since, if anything was (`KeptFile.keep`). Values of files no longer in
    /// the templates stay until another binary reads them: a few kilobytes a file. One cache is kept at a time in a
    /// process (the catalog's, then the settings'): two at once would share the temporary file `OutputFile` writes, and
    /// what they left would read as absent.
    public func keep() {
        guard let binary else { return }
        toKeep.lock.withLock {
            guard toKeep.changed, let bytes = Self.encode(toKeep.entries, key: binary), bytes.count <= Self.largest else { return }
            KeptFile.keep(bytes, at: path)
            toKeep.changed = false
        }
    }

    /// What a file's value is kept under: its format, the keys it may have and its text.
    static func key(of formatName: String, text: String, allowedKeys: [String: Set<String>]) -> [UInt8] {
        var hash = SHA256()
        var writer = KeptFile.Writer(capacity: text.utf8.count + 1024)
        writer.text(formatName)
        writer.length(allowedKeys.count)
        for (pattern, keys) in allowedKeys.sorted(by: { $0.key < $1.key }) {
            writer.text(pattern)
            writer.list(keys.sorted())
        }
        writer.text(text)
        hash.update(data: writer.body.bytes)
        return Array(hash.finalize())
    }

    /// The JSON of `value`, if it decodes to a value whose JSON is the same (a number that is not finite, or a value a
    /// type's own coding would not read back, is not kept).
    static func json<T: Codable>(of value: T) -> [UInt8]? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let json = try? encoder.encode(value), let back = try? JSONDecoder().decode(T.self, from: json),
            let again = try? encoder.encode(back), again == json
        else { return nil }
        return [UInt8](json)
    }

    /// The file's bytes: `magic`, the binary's key, the SHA-256 of what follows, then each slot, key and JSON.
    static func encode(_ entries: [String: Entry], key: [UInt8]) -> [UInt8]? {
        var writer = KeptFile.Writer(capacity: entries.values.reduce(0) { $0 + $1.json.count + 256 })
        writer.length(entries.count)
        for (slot, entry) in entries.sorted(by: { $0.key < $1.key }) {
            writer.text(slot)
            writer.bytes(entry.key)
            writer.length(entry.json.count)
            writer.bytes(entry.json)
        }
        guard writer.fits else { return nil }
        return KeptFile.framed(writer.body.bytes, magic: magic, key: key)
    }

    /// The values of a file's bytes, or nil unless they are whole, kept under `key`, and read to the end.
    static func decode(_ bytes: [UInt8], key: [UInt8]) -> [String: Entry]? {
        guard let body = KeptFile.body(of: bytes, magic: magic, key: key) else { return nil }
        var reader = KeptFile.Reader(bytes: body)
        guard let count = reader.count(eachAtLeast: 4 + SHA256.byteCount + 4) else { return nil }
        var entries: [String: Entry] = [:]
        for _ in 0..<count {
            guard let slot = reader.text(), let key = reader.bytes(SHA256.byteCount), let length = reader.uint32(),
                let json = reader.bytes(length)
            else { return nil }
            entries[slot] = Entry(key: key, json: json)
        }
        guard reader.isAtEnd else { return nil }
        return entries
    }
}

/// A format of the templates' files that `CatalogFileCache` keeps, named in what each file's value is kept under. A
/// name of its own rather than the type's: `String(reflecting:)` of a type asks the runtime whether it conforms to three
/// protocols, each question a scan of the binary's 12,000 conformances (1.5 ms of every command's start, on both cores).
protocol CatalogFileFormat: Codable {
    static var formatName: String { get }
}
