import Crypto
import Foundation
import Testing
import TonghopCore
import TonghopTestSupport

@testable import TonghopIngest

/// The templates' files kept between commands are read back only for the text, the allowed keys and the type they were
/// decoded from, by the binary that decoded them, and whole; otherwise the YAML is read again, and its problems are
/// always said from it. (Linux only: elsewhere there is no `/proc/self/exe` to key them by, and nothing is kept.)
@Suite(.enabled(if: KeptFile.key({ _ in }) != nil)) struct CatalogFileCacheTests {
    /// A scratch copy of the shipped templates, and a cache file beside it.
    struct Folder {
        let templates: URL
        let path: String
        var province: URL { templates.appendingPathComponent("criteria/province-weekly.yaml") }
        var binary: [UInt8] { KeptFile.key { _ in }! }

        init() throws {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("tonghop-catalog-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
            templates = base.appendingPathComponent("Templates")
            try FileManager.default.copyItem(at: Repo.templates, to: templates)
            path = base.appendingPathComponent("tonghop.sqlite-catalog").path
        }

        /// The catalog as a command loads it: the cache read first, kept at the end.
        func load() throws -> Catalog { try CatalogLoader.load(directory: templates, fileCache: CatalogFileCache(path: path)) }

        func settings(_ catalog: Catalog) throws -> SynthesisSettings {
            try SynthesisSettingsLoader.load(directory: templates, catalog: catalog, fileCache: CatalogFileCache(path: path))
        }

        /// What the file holds, by slot.
        func entries() throws -> [String: CatalogFileCache.Entry] {
            let bytes = try #require(FileManager.default.contents(atPath: path))
            return try #require(CatalogFileCache.decode([UInt8](bytes), key: binary))
        }

        /// Keeps, under the key of the province template as it is now, a value whose title differs from the file's:
        /// what a load then gives shows whether it read the cache.
        func keepDoctoredTitle() throws {
            var entries = try entries()
            let slot = "province-weekly.yaml\u{0}\(TemplateFile.formatName)"
            let entry = try #require(entries[slot])
            let json = try #require(String(bytes: entry.json, encoding: .utf8))
            #expect(json.contains("Báo cáo tuần về tình hình"))
            entries[slot]?.json = Array(json.replacingOccurrences(of: "Báo cáo tuần về tình hình", with: "Báo cáo đã sửa về tình hình").utf8)
            try Data(try #require(CatalogFileCache.encode(entries, key: binary))).write(to: URL(fileURLWithPath: path))
        }

        func provinceTitle(_ catalog: Catalog) -> String? { catalog.templates["province-weekly"]?.first?.title.vi }

        func remove() { try? FileManager.default.removeItem(at: templates.deletingLastPathComponent()) }
    }

    /// The shipped templates as loaded without a cache.
    func expectShipped(_ catalog: Catalog) {
        #expect(catalog.templates == shippedCatalog.templates)
        #expect(catalog.schedules == shippedCatalog.schedules)
        #expect(catalog.scheduleOrder == shippedCatalog.scheduleOrder)
        #expect(catalog.tasks == shippedCatalog.tasks)
    }

    @Test func theFilesAreKeptAndReadBackForTheSameText() throws {
        let folder = try Folder()
        defer { folder.remove() }
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        let catalog = try folder.load()
        expectShipped(catalog)
        // Every file of the catalog is kept: the templates, the tasks and the schedules; then `synthesis.yaml`.
        let names = try folder.entries().keys.map { $0.split(separator: "\u{0}").first.map(String.init) ?? "" }.sorted()
        let criteria = try FileManager.default.contentsOfDirectory(atPath: folder.templates.appendingPathComponent("criteria").path)
        let tasks = try FileManager.default.contentsOfDirectory(atPath: folder.templates.appendingPathComponent("tasks").path)
        #expect(names == (criteria + tasks + ["schedules.yaml"]).sorted())
        let settings = try folder.settings(catalog)
        #expect(settings == (try SynthesisSettingsLoader.load(directory: folder.templates, catalog: shippedCatalog)))
        #expect(try folder.entries().count == names.count + 1)
        // Read back, not read again: the file stays as it is, and a value doctored under a file's key is what loads.
        let kept = try #require(FileManager.default.contents(atPath: folder.path))
        expectShipped(try folder.load())
        #expect(try folder.settings(catalog) == settings)
        #expect(FileManager.default.contents(atPath: folder.path) == kept)
        try folder.keepDoctoredTitle()
        #expect(folder.provinceTitle(try folder.load())?.hasPrefix("Báo cáo đã sửa") == true)
    }

    /// Any change to a file's bytes, a comment included, reads the YAML again and keeps its value anew.
    @Test func aChangedFileIsReadAgain() throws {
        let folder = try Folder()
        defer { folder.remove() }
        _ = try folder.load()
        try folder.keepDoctoredTitle()
        var text = try String(contentsOf: folder.province, encoding: .utf8)
        text += "# sửa lần cuối: 07/12/2026\n"
        try text.write(to: folder.province, atomically: true, encoding: .utf8)
        expectShipped(try folder.load())
        expectShipped(try folder.load())
        // A title changed is a title loaded.
        text = text.replacingOccurrences(of: "Báo cáo tuần về tình hình", with: "Báo cáo hằng tuần về tình hình")
        try text.write(to: folder.province, atomically: true, encoding: .utf8)
        #expect(folder.provinceTitle(try folder.load())?.hasPrefix("Báo cáo hằng tuần") == true)
        #expect(folder.provinceTitle(try folder.load())?.hasPrefix("Báo cáo hằng tuần") == true)
    }

    /// A file with a problem is never kept, and its problem is said as without a cache, whatever the cache holds: in its
    /// keys, in its values, in what the template's own checks find, or in a value JSON cannot hold.
    @Test func aFileWithAProblemIsSaidFromTheYAML() throws {
        let folder = try Folder()
        defer { folder.remove() }
        _ = try folder.load()
        let before = try folder.entries()
        let text = try String(contentsOf: folder.province, encoding: .utf8)
        for (from, to) in [
            ("    required: true\n", "    requried: true\n"), ("    required: true\n", "    required: maybe\n"),
            ("    min: 0\n    max: 2000\n", "    min: 2000\n    max: 0\n"), ("    min: 0\n", "    min: .inf\n"),
        ] {
            let broken = text.replacingOccurrences(of: from, with: to)
            #expect(broken != text)
            try broken.write(to: folder.province, atomically: true, encoding: .utf8)
            let uncached = #expect(throws: CatalogError.self) { try CatalogLoader.load(directory: folder.templates) }
            for _ in 0..<2 {
                let error = #expect(throws: CatalogError.self) { try folder.load() }
                #expect(error?.problems == uncached?.problems)
            }
            // Nothing of a load that failed is kept, not even a value that decoded but failed the template's checks.
            #expect(try folder.entries() == before)
        }
    }

    /// A format's name is what tells formats apart in the file: no two share one.
    @Test func everyFormatHasANameOfItsOwn() {
        let names = [TemplateFile.formatName, SchedulesFile.formatName, TaskRegisterFile.formatName, SynthesisFile.formatName]
        #expect(Set(names).count == names.count)
    }

    /// The keys a file may have are part of its key: `synthesis.yaml`'s depend on the schedules the catalog has.
    @Test func theKeysAFileMayHaveArePartOfItsKey() throws {
        struct Pair: CatalogFileFormat, Equatable {
            static let formatName = "pair"
            var a: Int
            var b: Int?
        }
        let folder = try Folder()
        defer { folder.remove() }
        let text = "a: 1\nb: 2\n"
        let cache = CatalogFileCache(path: folder.path)
        #expect(try decodeStrictYAML(Pair.self, file: "pair.yaml", text: text, allowedKeys: ["": ["a", "b"]], cache: cache) == Pair(a: 1, b: 2))
        cache.keep()
        let again = CatalogFileCache(path: folder.path)
        #expect(try decodeStrictYAML(Pair.self, file: "pair.yaml", text: text, allowedKeys: ["": ["a", "b"]], cache: again) == Pair(a: 1, b: 2))
        let error = #expect(throws: CatalogError.self) {
            try decodeStrictYAML(Pair.self, file: "pair.yaml", text: text, allowedKeys: ["": ["a"]], cache: again)
        }
        #expect(error?.problems.first?.contains("unknown key `b`") == true)
        // And a catalog without a schedule `synthesis.yaml` names refuses it, the settings of the full catalog kept.
        let catalog = try folder.load()
        _ = try folder.settings(catalog)
        var fewer = catalog
        fewer.schedules["monthly"] = nil
        let refused = #expect(throws: CatalogError.self) { try folder.settings(fewer) }
        #expect(refused?.problems.first?.contains("unknown key `monthly`") == true)
    }

    /// A file cut short, changed in any byte, kept by another binary or holding more than it says reads as absent, and
    /// the load reads the YAML again and mends it; a file that cannot be written leaves the load as it is.
    @Test func aDamagedCacheReadsAsAbsent() throws {
        let folder = try Folder()
        defer { folder.remove() }
        _ = try folder.load()
        let entries = try folder.entries()
        let bytes = try #require(CatalogFileCache.encode(entries, key: folder.binary))
        #expect(CatalogFileCache.decode(bytes, key: folder.binary) == entries)
        #expect(CatalogFileCache.decode(bytes, key: Array(folder.binary.reversed())) == nil)
        for length in stride(from: 0, to: bytes.count, by: 97) {
            #expect(CatalogFileCache.decode(Array(bytes.prefix(length)), key: folder.binary) == nil)
        }
        for place in stride(from: 0, to: bytes.count, by: 131) {
            var changed = bytes
            changed[place] ^= 0x20
            #expect(CatalogFileCache.decode(changed, key: folder.binary) == nil)
        }
        // Bodies whose SHA-256 would pass: a count or a length beyond the bytes, bytes left over, a body cut short.
        let head = CatalogFileCache.magic.count + folder.binary.count + SHA256.byteCount
        let body = Array(bytes[head...])
        for bad in [
            [0xFF, 0xFF, 0xFF, 0x7F] + Array(body.dropFirst(4)), Array(body.prefix(8)) + [0xFF, 0xFF, 0xFF, 0x7F], body + [0],
            Array(body.prefix(body.count - 1)), Array(repeating: 0xFF, count: 64),
        ] {
            #expect(CatalogFileCache.decode(KeptFile.framed(bad, magic: CatalogFileCache.magic, key: folder.binary), key: folder.binary) == nil)
        }
        // A value that is not the type's JSON under the right key: the YAML is read instead.
        var notJSON = entries
        for slot in notJSON.keys { notJSON[slot]?.json = Array("{\"id\": 1".utf8) }
        try Data(try #require(CatalogFileCache.encode(notJSON, key: folder.binary))).write(to: URL(fileURLWithPath: folder.path))
        expectShipped(try folder.load())
        #expect(try folder.entries() == entries)
        // The file damaged: read again, and mended.
        var kept = try #require(FileManager.default.contents(atPath: folder.path))
        kept[kept.count / 2] ^= 1
        try kept.write(to: URL(fileURLWithPath: folder.path))
        expectShipped(try folder.load())
        #expect(try folder.entries() == entries)
        // Not a plain file: a pipe (read, it would never end), then a folder in the way of the file being written.
        try FileManager.default.removeItem(atPath: folder.path)
        #expect(mkfifo(folder.path, 0o600) == 0)
        expectShipped(try folder.load())
        try FileManager.default.removeItem(atPath: folder.path)
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        expectShipped(try folder.load())
        expectShipped(try folder.load())
    }
}
