import ArgumentParser
import Foundation
import TonghopCore
import TonghopIngest
import TonghopMail
import TonghopRendering
import TonghopService
import TonghopStore

/// Where the database and the templates are; shared by every command.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("SQLite database file (default: $TONGHOP_DB, else ./tonghop.sqlite).", valueName: "path"))
    var db: String?

    @Option(
        help: ArgumentHelp(
            "Templates folder with schedules.yaml, units.yaml and criteria/ (default: $TONGHOP_TEMPLATES, else ./Templates).", valueName: "dir"))
    var templates: String?

    var databasePath: String {
        db ?? ProcessInfo.processInfo.environment["TONGHOP_DB"] ?? "tonghop.sqlite"
    }

    var templatesPath: String {
        templates ?? ProcessInfo.processInfo.environment["TONGHOP_TEMPLATES"] ?? "Templates"
    }

    /// The templates folder's catalog; once the database exists, its registry kept beside it (`<database>-registry`, see
    /// `RegistryCache`) and its other files' values too (`<database>-catalog`, see `CatalogFileCache`), so that the next
    /// command need not parse the YAML again.
    func loadCatalog() throws -> Catalog {
        let kept = existingDatabasePath
        let registryCache = kept.map { RegistryCache(path: $0 + "-registry") }
        let (directory, fileCache) = (URL(fileURLWithPath: templatesPath), kept.map { CatalogFileCache(path: $0 + "-catalog") })
        return try checkingTemplates { try CatalogLoader.load(directory: directory, registryCache: registryCache, fileCache: fileCache) }
    }

    /// The synthesis settings (`synthesis.yaml`): who issues the synthesis, where units send their reports.
    func loadSynthesisSettings(catalog: Catalog) throws -> SynthesisSettings {
        let load = synthesisSettingsLoad(catalog: catalog)
        return try checkingTemplates { try load() }
    }

    /// `loadSynthesisSettings` on another thread; the function returned waits for it, and says what is wrong only then.
    func loadingSynthesisSettings(catalog: Catalog) -> () throws -> SynthesisSettings {
        let loading = Background(synthesisSettingsLoad(catalog: catalog))
        return { try checkingTemplates { try loading.wait() } }
    }

    /// The loading of the synthesis settings, the kept file (`<database>-catalog`) read on the thread that calls it.
    private func synthesisSettingsLoad(catalog: Catalog) -> @Sendable () throws -> SynthesisSettings {
        let (directory, cachePath) = (URL(fileURLWithPath: templatesPath), existingDatabasePath.map { $0 + "-catalog" })
        return { try SynthesisSettingsLoader.load(directory: directory, catalog: catalog, fileCache: cachePath.map(CatalogFileCache.init)) }
    }

    /// The database's path once the database exists: what is kept beside it (`<database>-registry`, `-catalog`) is named
    /// after it, and nothing is kept before it.
    private var existingDatabasePath: String? {
        FileManager.default.fileExists(atPath: databasePath) ? databasePath : nil
    }

    /// The synthesis settings and the output templates of `formats`, both in the templates folder.
    func loadSynthesisTools(catalog: Catalog, formats: [SynthesisFormat] = SynthesisFormat.allCases) throws
        -> (settings: SynthesisSettings, renderer: SynthesisRenderer)
    {
        (try loadSynthesisSettings(catalog: catalog), try checkingTemplates { try parseRenderer(formats: formats) })
    }

    /// The output templates of `formats` as they parse, or what does not (see `checkingTemplates`).
    func parseRenderer(formats: [SynthesisFormat]) throws -> SynthesisRenderer {
        try SynthesisRenderer(directory: URL(fileURLWithPath: templatesPath).appendingPathComponent("synthesis"), formats: formats)
    }

    /// What `parse` gives; where something of the templates folder does not parse (the catalog, the settings, an output
    /// template), the command stops, saying where.
    func checkingTemplates<T>(_ parse: () throws -> T) throws -> T {
        do {
            return try parse()
        } catch {
            printError("tonghop: \(error)")
            throw ExitCode(ExitStatus.badTemplates)
        }
    }

    /// The synthesis use case over the database, with the output templates of `formats`.
    func syntheses(catalog: Catalog, database: any Storage, formats: [SynthesisFormat] = SynthesisFormat.allCases) throws -> Syntheses {
        let tools = try loadSynthesisTools(catalog: catalog, formats: formats)
        return Syntheses(catalog: catalog, archive: database, settings: tools.settings, renderer: tools.renderer)
    }

    /// The store: the one place the command line names the SQLite database; every command works on `Storage`.
    func openDatabase() throws -> any Storage {
        try opened { try TonghopDatabase.open(path: databasePath) }
    }

    /// The store opened on another thread while the caller loads the catalog; the function returned waits for it. What
    /// went wrong is said only when it is waited for: a command stopped by its templates first says that alone.
    func openingDatabase() -> () throws -> any Storage {
        let path = databasePath
        let opening = Background { Result { try TonghopDatabase.open(path: path) } }
        return { try opened { try opening.wait().get() } }
    }

    /// The database `open` gives, or the command stopped, saying why.
    private func opened(_ open: () throws -> TonghopDatabase) throws -> any Storage {
        do {
            return try open()
        } catch {
            printError("tonghop: \(error)")
            throw ExitCode(ExitStatus.databaseUnavailable)
        }
    }
}

/// Where mail goes: the operator's mail server, from the environment only (a password never sits in a YAML file).
///   TONGHOP_SMTP_URL            smtp://host:port (STARTTLS when offered) or smtps://host:port
///   TONGHOP_SMTP_USER           the account, when the server asks for one
///   TONGHOP_SMTP_PASSWORD_FILE  a file holding its password, readable by the service's user only
///   TONGHOP_SMTP_CA             a PEM file of certificates to trust instead of the system's
enum MailOptions {
    /// The server's settings; nil when TONGHOP_SMTP_URL is not set (mail waits in the outbox).
    static func settings() throws -> SMTPSettings? {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["TONGHOP_SMTP_URL"], !url.isEmpty else { return nil }
        guard var settings = SMTPSettings(url: url) else {
            throw ValidationError("TONGHOP_SMTP_URL must be smtp://host:port or smtps://host:port, not \(url)")
        }
        settings.user = environment["TONGHOP_SMTP_USER"].flatMap { $0.isEmpty ? nil : $0 }
        if let file = environment["TONGHOP_SMTP_PASSWORD_FILE"], !file.isEmpty {
            var info = stat()
            guard stat(file, &info) == 0, let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("TONGHOP_SMTP_PASSWORD_FILE: cannot read \(file)")
            }
            // Readable by its owner only: a password others on the server can read is not a secret.
            guard info.st_mode & 0o077 == 0 else {
                throw ValidationError("TONGHOP_SMTP_PASSWORD_FILE: \(file) may be read by others; chmod 600 it")
            }
            settings.password = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        settings.trustRoots = environment["TONGHOP_SMTP_CA"].flatMap { $0.isEmpty ? nil : $0 }
        return settings
    }
}

/// The language of what people read: messages, receipts, boards (`--lang`, else `$TONGHOP_LANG`, else Vietnamese).
struct LanguageOption: ParsableArguments {
    @Option(
        name: .customLong("lang"),
        help: ArgumentHelp("Language of messages: vi (Vietnamese) or en (default: $TONGHOP_LANG, else vi).", valueName: "vi|en"))
    var chosen: Language?

    var language: Language {
        chosen ?? ProcessInfo.processInfo.environment["TONGHOP_LANG"].flatMap(Language.init(rawValue:)) ?? .vi
    }
}

extension Language: ExpressibleByArgument {}

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// The documented exit statuses (sysexits.h numbers).
enum ExitStatus {
    /// `late --fail-on-late` found outstanding flags.
    static let lateReports: Int32 = 3
    static let rejected: Int32 = 65
    static let databaseUnavailable: Int32 = 74
    /// An output file could not be written.
    static let cannotWrite: Int32 = 73
    static let notificationFailed: Int32 = 75
    static let badTemplates: Int32 = 78
}

func printError(_ message: String, newline: Bool = true) {
    FileHandle.standardError.write(Data((message + (newline ? "\n" : "")).utf8))
}

extension Date: @retroactive ExpressibleByArgument {
    public init?(argument: String) {
        guard let date = ISO8601.instant(argument) else { return nil }
        self = date
    }

    public static var defaultCompletionKind: CompletionKind { .default }
}

/// JSON as printed by every `--format json`: sorted keys, ISO 8601 dates, messages in `language`.
func printJSON(_ value: some Encodable, language: Language = .vi) throws {
    print(String(decoding: try JSONEncoder.tonghop(language: language).encode(value), as: UTF8.self))
}
