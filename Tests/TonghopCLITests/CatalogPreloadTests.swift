import Foundation
import Testing
import TonghopCore
import TonghopIngest
import TonghopTestSupport

@testable import tonghop

/// The catalog loaded while the command line is read: guessed from the arguments as the parser reads them, and taken
/// only when the options as parsed name the same places.
@Suite(.serialized) struct CatalogPreloadTests {
    /// Command lines of every form the options take, each with the paths the parsed `StoreOptions` give.
    @Test func theGuessNamesWhatTheParsedOptionsName() throws {
        let environment = ProcessInfo.processInfo.environment
        let lines: [[String]] = [
            ["late"],
            ["late", "--templates", "A", "--db", "B.sqlite"],
            ["synthesize", "--format", "md", "--templates=Mẫu biểu", "--db=/tmp/x y.sqlite", "--out", "s.md"],
            ["late", "--templates", "A", "--templates=C", "--db", "B", "--db", "D"],
            ["validate", "--templates", "A", "--", "--templates", "X", "--db=Y"],
            ["submit", "--db", "B", "file.json", "--templates", "T", "other.json"],
            ["review", "list", "--templates", "T", "--state", "returned"],
        ]
        for line in lines {
            let guessed = try #require(CatalogPreload.paths(arguments: ["tonghop"] + line, environment: environment), "\(line)")
            let parsed = try Tonghop.parseAsRoot(line)
            let store = try #require(storeOptions(of: parsed), "\(line)")
            #expect(guessed.templates == store.templatesPath, "\(line)")
            #expect(guessed.database == store.databasePath, "\(line)")
        }
    }

    /// The environment and the defaults, as `StoreOptions` takes them.
    @Test func theEnvironmentThenTheDefaults() {
        let named = CatalogPreload.paths(arguments: ["tonghop", "late"], environment: ["TONGHOP_TEMPLATES": "/t", "TONGHOP_DB": "/d.sqlite"])
        #expect(named?.templates == "/t" && named?.database == "/d.sqlite")
        let given = CatalogPreload.paths(arguments: ["tonghop", "late", "--templates", "A"], environment: ["TONGHOP_TEMPLATES": "/t"])
        #expect(given?.templates == "A" && given?.database == "tonghop.sqlite")
        let neither = CatalogPreload.paths(arguments: ["tonghop", "status"], environment: [:])
        #expect(neither?.templates == "Templates" && neither?.database == "tonghop.sqlite")
    }

    /// No guess for a command that does not load the catalog first, nor for no command at all.
    @Test func noGuessWhereNoCatalogIsLoadedFirst() {
        for line in [["tonghop"], ["tonghop", "--help"], ["tonghop", "--version"], ["tonghop", "backup", "x"], ["tonghop", "token", "list"]] {
            #expect(CatalogPreload.paths(arguments: line, environment: [:]) == nil, "\(line)")
        }
    }

    /// What was loaded is taken only from where it was loaded, and only once.
    @Test func takenOnlyFromTheSamePlacesAndOnce() throws {
        let templates = Repo.templates.path
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("tonghop-preload-\(UUID().uuidString).sqlite").path
        let line = ["tonghop", "late", "--templates", templates, "--db", database]
        let source = CatalogPreload.Source(templates: templates, registryCache: nil)

        CatalogPreload.start(arguments: line, environment: [:])
        #expect(try CatalogPreload.take(from: CatalogPreload.Source(templates: templates + "/", registryCache: nil)) == nil)
        #expect(try CatalogPreload.take(from: source) == nil, "a guess is taken once, even when it missed")

        CatalogPreload.start(arguments: line, environment: [:])
        #expect(try CatalogPreload.take(from: CatalogPreload.Source(templates: templates, registryCache: database + "-registry")) == nil)

        CatalogPreload.start(arguments: line, environment: [:])
        let taken = try #require(try CatalogPreload.take(from: source))
        #expect(taken.registry.units.count == (try CatalogLoader.load(directory: Repo.templates)).registry.units.count)
        #expect(try CatalogPreload.take(from: source) == nil)
        CatalogPreload.settle()
    }

    /// A folder whose templates do not load: the preload's error is the command's.
    @Test func aBrokenFolderSaysWhatLoadingItSays() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tonghop-preload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "schedules: [".write(to: folder.appendingPathComponent("schedules.yaml"), atomically: true, encoding: .utf8)
        let source = CatalogPreload.Source(templates: folder.path, registryCache: nil)
        CatalogPreload.start(arguments: ["tonghop", "validate", "--templates", folder.path, "--db", folder.path + "/no.sqlite"], environment: [:])
        let preloaded = #expect(throws: (any Error).self) { try CatalogPreload.take(from: source) }
        let loaded = #expect(throws: (any Error).self) { try CatalogLoader.load(directory: folder) }
        #expect(preloaded.map { "\($0)" } == loaded.map { "\($0)" })
    }

    /// The store options of a parsed command of those above.
    private func storeOptions(of command: Any) -> StoreOptions? {
        switch command {
        case let late as Tonghop.Late: late.store
        case let synthesize as Tonghop.Synthesize: synthesize.store
        case let validate as Tonghop.Validate: validate.store
        case let submit as Tonghop.Submit: submit.store
        case let list as Tonghop.Review.List: list.store
        default: nil
        }
    }
}
