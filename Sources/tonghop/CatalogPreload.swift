import Foundation
import Synchronization
import TonghopCore
import TonghopIngest

/// The templates folder's catalog, loaded on another core while the command line is read.
///
/// Reading the command line (ArgumentParser, the runtime finding the options' types) takes 5–6 ms on one core at every
/// start, the other core idle, and the catalog is the first thing nearly every command needs (a commune-scale one
/// loads in 15–20 ms on both cores). So `main` looks at the arguments and the environment itself, as `StoreOptions`
/// will, and starts loading the folder they name; `StoreOptions.loadCatalog` takes what was loaded only when the
/// options as parsed name the same folder and the same registry cache, and loads them itself otherwise. A guess that
/// misses costs a core some work, never a different catalog.
enum CatalogPreload {
    /// Where a preload reads: the templates folder, and the registry cache beside the database if there is one.
    struct Source: Equatable {
        var templates: String
        var registryCache: String?
    }

    /// A load under way, with what it reads.
    private struct Loading {
        var source: Source
        var work: Background<Catalog>
    }

    /// The load started by `start`, until it is taken or settled.
    private static let loading = Mutex<Loading?>(nil)

    /// The commands that load the catalog before anything else they do; the others (`backup`, `token`, a mistyped
    /// name, `--help`) are not guessed for.
    static let commandsLoadingTheCatalog: Set<String> = [
        "init", "validate", "submit", "history", "status", "tasks", "late", "synthesize", "weekly", "form", "serve", "review",
        "assessment", "audit", "notify", "remind",
    ]

    /// What a command line names as the templates folder and the database, read as `StoreOptions` reads them (the
    /// last `--templates dir` or `--templates=dir` before a `--`, else the environment, else the default); nil for a
    /// command that does not load the catalog first.
    static func paths(arguments: [String], environment: [String: String]) -> (templates: String, database: String)? {
        guard arguments.count > 1, commandsLoadingTheCatalog.contains(arguments[1]) else { return nil }
        var given: [String: String] = [:]
        var index = 2
        while index < arguments.count, arguments[index] != "--" {
            let argument = arguments[index]
            index += 1
            for name in ["templates", "db"] {
                if argument == "--" + name, index < arguments.count {
                    given[name] = arguments[index]
                    index += 1
                } else if argument.hasPrefix("--\(name)=") {
                    given[name] = String(argument.dropFirst(name.count + 3))
                }
            }
        }
        return (
            StoreOptions.templatesPath(given: given["templates"], environment: environment),
            StoreOptions.databasePath(given: given["db"], environment: environment)
        )
    }

    /// Starts loading the catalog the command line names, if it is a command that loads one.
    static func start(arguments: [String], environment: [String: String]) {
        guard let (templates, database) = paths(arguments: arguments, environment: environment) else { return }
        let cache = StoreOptions.registryCache(forDatabase: database)
        let source = Source(templates: templates, registryCache: cache?.path)
        let work = Background { try CatalogLoader.load(directory: URL(fileURLWithPath: templates), registryCache: cache) }
        loading.withLock { $0 = Loading(source: source, work: work) }
    }

    /// The catalog loaded from `source` (or what its loading threw), once it is done; nil when none was started from
    /// there. Taken once: a later call loads afresh.
    static func take(from source: Source) throws -> Catalog? {
        guard let started = loading.withLock({ $0.take() }) else { return nil }
        guard started.source == source else {
            // Done with before the command goes on, so that it never ends while the guess still writes a registry cache.
            _ = try? started.work.wait()
            return nil
        }
        return try started.work.wait()
    }

    /// Waits for a load no command took, before the process ends: it may be writing the registry's cache beside the
    /// database, which an exit in the middle would leave as a partial file.
    static func settle() {
        _ = try? loading.withLock({ $0.take() })?.work.wait()
    }
}
