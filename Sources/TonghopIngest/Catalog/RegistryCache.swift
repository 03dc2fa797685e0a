import Crypto
import Foundation
import TonghopCore

/// The unit registry as this binary read it from `units.yaml` before, kept in a file between commands: a commune-scale
/// registry (3,378 units, 395 KB) takes libyaml 15–18 ms to parse, the longest part of loading the templates, and
/// every command loads them; read back from here it takes a fifth to a thirteenth of that.
///
/// Keyed by the SHA-256 of the registry file's bytes together with the binary that read them (`KeptFile.key`): another
/// registry, or another build or release of tonghop, reads the YAML again. Only a registry read without a problem is
/// kept, so a problem is always said from the YAML itself. One that does not match its SHA-256, is cut short, does not
/// decode, is not a plain file of a registry's size, or holds a registry the YAML's checks would refuse, is read as absent.
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
        KeptFile.contents(of: path, largest: Self.largest(keptFor: source)).flatMap { Self.decode($0, key: key) }
    }

    /// Keeps `registry`, read from a `units.yaml` of these bytes, for the next command (`KeptFile.keep`).
    private func keep(_ registry: UnitRegistry, of source: Data, key: [UInt8]) {
        guard let bytes = Self.encode(registry, key: key), bytes.count <= Self.largest(keptFor: source) else { return }
        KeptFile.keep(bytes, at: path)
    }

    /// What the registry is kept under: the registry file's bytes, and the binary reading them.
    static func key(of source: Data) -> [UInt8]? {
        KeptFile.key { $0.update(data: source) }
    }

    /// The file's bytes: `magic`, the key, the SHA-256 of what follows, then the registry's version and units, each text
    /// its length (4 bytes, little-endian) and its UTF-8. Nil for what would not read back the same.
    static func encode(_ registry: UnitRegistry, key: [UInt8]) -> [UInt8]? {
        var writer = KeptFile.Writer(capacity: registry.units.count * 128)
        // Whether everything written reads back the same: days as ISO 8601 texts (the writer sees to the lengths).
        var fits = true
        func day(_ value: LocalDate) {
            let iso = value.description
            fits = fits && LocalDate(iso: iso) == value
            writer.text(iso)
        }
        writer.text(registry.version)
        writer.length(registry.units.count)
        for unit in registry.units {
            writer.text(unit.code)
            writer.text(unit.name)
            writer.flag(unit.nameEn != nil)
            if let nameEn = unit.nameEn { writer.text(nameEn) }
            writer.text(unit.kind.rawValue)
            writer.list(unit.scheduleIds)
            day(unit.validFrom)
            writer.flag(unit.validTo != nil)
            if let validTo = unit.validTo { day(validTo) }
            writer.list(unit.mail)
        }
        guard fits, writer.fits else { return nil }
        return KeptFile.framed(writer.body.bytes, magic: magic, key: key)
    }

    /// The registry of a file's bytes, or nil unless they are whole, kept under `key`, and decode to the end.
    static func decode(_ bytes: [UInt8], key: [UInt8]) -> UnitRegistry? {
        KeptFile.body(of: bytes, magic: magic, key: key).flatMap(registry(body:))
    }

    /// The registry of the file's body (what follows its SHA-256), or nil unless it decodes to its end.
    static func registry(body: ArraySlice<UInt8>) -> UnitRegistry? {
        var reader = KeptFile.Reader(bytes: body)
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
}
