import Crypto
import Foundation
import Testing
import TonghopCore
import TonghopTestSupport

@testable import TonghopIngest

/// The registry kept between commands is read back only for the `units.yaml` it was read from, by the binary that read
/// it, and whole; otherwise the YAML is read again, and its problems are always said from it. (Linux only: elsewhere
/// there is no `/proc/self/exe` to key it by, and nothing is kept.)
@Suite(.enabled(if: RegistryCache.key(of: Data()) != nil)) struct RegistryCacheTests {
    /// A scratch copy of the shipped templates, and a cache file beside it.
    struct Folder {
        let templates: URL
        let cache: RegistryCache
        var units: URL { templates.appendingPathComponent("units.yaml") }

        init() throws {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("tonghop-registry-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
            templates = base.appendingPathComponent("Templates")
            try FileManager.default.copyItem(at: Repo.templates, to: templates)
            cache = RegistryCache(path: base.appendingPathComponent("tonghop.sqlite-registry").path)
        }

        func load() throws -> Catalog { try CatalogLoader.load(directory: templates, registryCache: cache) }

        /// Keeps, under the key of the registry file as it is now, a registry other than the one it holds: what a load
        /// then gives shows whether it read the cache.
        func keepDoctored() throws -> UnitRegistry {
            var renamed = shippedCatalog.registry.units
            renamed[0].name = "Tên đã sửa"
            let doctored = UnitRegistry(version: "doctored", units: renamed)
            let key = try #require(RegistryCache.key(of: try Data(contentsOf: units)))
            try Data(try #require(RegistryCache.encode(doctored, key: key))).write(to: URL(fileURLWithPath: cache.path))
            return doctored
        }

        func remove() { try? FileManager.default.removeItem(at: templates.deletingLastPathComponent()) }
    }

    @Test func theRegistryIsKeptAndReadBackForTheSameFile() throws {
        let folder = try Folder()
        defer { folder.remove() }
        #expect(!FileManager.default.fileExists(atPath: folder.cache.path))
        #expect(try folder.load().registry == shippedCatalog.registry)
        let kept = try #require(FileManager.default.contents(atPath: folder.cache.path))
        #expect(try folder.load().registry == shippedCatalog.registry)
        // Read back, not read again: the file is the same, and a registry doctored under the file's key is what loads.
        #expect(FileManager.default.contents(atPath: folder.cache.path) == kept)
        let doctored = try folder.keepDoctored()
        #expect(try folder.load().registry == doctored)
    }

    /// Any change to the registry's bytes, a comment included, reads the YAML again and keeps its registry anew.
    @Test func aChangedRegistryIsReadAgain() throws {
        let folder = try Folder()
        defer { folder.remove() }
        _ = try folder.keepDoctored()
        var text = try String(contentsOf: folder.units, encoding: .utf8)
        text += "# sửa lần cuối: 06/12/2026\n"
        try text.write(to: folder.units, atomically: true, encoding: .utf8)
        #expect(try folder.load().registry == shippedCatalog.registry)
        #expect(try folder.load().registry == shippedCatalog.registry)
        // A unit added is a unit loaded.
        text += """
              - code: XA-MOI
                name: Xã Mới
                kind: province
                schedules: [province-weekly]
                validFrom: "2025-07-01"

            """
        try text.write(to: folder.units, atomically: true, encoding: .utf8)
        #expect(try folder.load().registry.unit("XA-MOI")?.name == "Xã Mới")
    }

    /// A registry with a problem is never kept, and its problem is said as without a cache, whatever the cache holds.
    @Test func aRegistryWithAProblemIsSaidFromTheYAML() throws {
        let folder = try Folder()
        defer { folder.remove() }
        _ = try folder.load()
        let text = try String(contentsOf: folder.units, encoding: .utf8)
        try text.replacingOccurrences(of: "code: HP\n", with: "code: HN\n").write(to: folder.units, atomically: true, encoding: .utf8)
        for _ in 0..<2 {
            let error = #expect(throws: CatalogError.self) { try folder.load() }
            #expect(error?.problems == ["units.yaml: unit code HN is used twice"])
        }
    }

    /// A file cut short, changed in any byte, kept under another key or holding more than it says reads as absent.
    @Test func aDamagedCacheReadsAsAbsent() throws {
        let key = Array(SHA256.hash(data: Array("units".utf8)))
        let registry = shippedCatalog.registry
        let bytes = try #require(RegistryCache.encode(registry, key: key))
        #expect(RegistryCache.decode(bytes, key: key) == registry)
        #expect(RegistryCache.decode(bytes, key: Array(key.reversed())) == nil)
        for length in stride(from: 0, to: bytes.count, by: 97) {
            #expect(RegistryCache.decode(Array(bytes.prefix(length)), key: key) == nil)
        }
        for place in stride(from: 0, to: bytes.count, by: 131) {
            var changed = bytes
            changed[place] ^= 0x20
            #expect(RegistryCache.decode(changed, key: key) == nil)
        }
        // Bodies whose SHA-256 would pass: a length and a count beyond the bytes, bytes left over, a body cut short.
        let head = RegistryCache.magic.count + key.count + SHA256.byteCount
        let body = Array(bytes[head...])
        #expect(RegistryCache.registry(body: body[...]) == registry)
        let bad: [[UInt8]] = [
            [0xFF, 0xFF, 0xFF, 0xFF] + Array(body.dropFirst(4)), Array(body.prefix(11)) + [0xFF, 0xFF, 0xFF, 0x7F], body + [0],
            Array(body.prefix(body.count - 1)), Array(repeating: 0xFF, count: 64),
        ]
        for bad in bad {
            #expect(RegistryCache.registry(body: bad[...]) == nil)
            let file = RegistryCache.magic + key + Array(SHA256.hash(data: bad)) + bad
            #expect(RegistryCache.decode(file, key: key) == nil)
        }
        // A text that is not UTF-8 (the first unit's code, after the version and the count), and units the YAML's
        // checks refuse, read as absent too, their SHA-256 right.
        var notText = body
        notText[19] = 0xFF
        var twice = registry.units
        twice[1].code = twice[0].code
        let refused = try #require(RegistryCache.encode(UnitRegistry(version: "2025.07", units: twice), key: key))
        #expect(RegistryCache.registry(body: notText[...]) == nil)
        #expect(RegistryCache.decode(refused, key: key) == nil)
        // And the load reads the YAML again, and mends the file.
        let folder = try Folder()
        defer { folder.remove() }
        _ = try folder.load()
        var kept = try #require(FileManager.default.contents(atPath: folder.cache.path))
        kept[kept.count / 2] ^= 1
        try kept.write(to: URL(fileURLWithPath: folder.cache.path))
        #expect(try folder.load().registry == shippedCatalog.registry)
        #expect(try folder.load().registry == shippedCatalog.registry)
        #expect(FileManager.default.contents(atPath: folder.cache.path) != kept)
        // Not a plain file of a registry's size: a pipe (read, it would never end) or a file far larger than the YAML.
        try FileManager.default.removeItem(atPath: folder.cache.path)
        #expect(mkfifo(folder.cache.path, 0o600) == 0)
        let source = try Data(contentsOf: folder.units)
        #expect(folder.cache.registry(of: source) == nil)
        try FileManager.default.removeItem(atPath: folder.cache.path)
        try Data(count: RegistryCache.largest(keptFor: source) + 1).write(to: URL(fileURLWithPath: folder.cache.path))
        #expect(folder.cache.registry(of: source) == nil)
    }
}
