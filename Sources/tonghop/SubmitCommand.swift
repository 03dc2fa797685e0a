import ArgumentParser
import Foundation
import TonghopCore
import TonghopIngest
import TonghopService

extension Tonghop {
    /// `tonghop submit`: check files and store the good ones, with a receipt for each.
    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "submit",
            abstract: "Check report files and store those without errors; prints a receipt per file.",
            discussion: """
                A file identical to the one already counting for its unit and period is a duplicate and stores nothing; \
                a different file for the same unit and period supersedes it (the earlier one stays in the history).
                Exit status 0 when every file was accepted or a duplicate, 65 when any was rejected.
                """)

        @OptionGroup var store: StoreOptions

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @OptionGroup var language: LanguageOption

        @Option(
            name: .customLong("received-at"),
            help: ArgumentHelp("Time of receipt to record, ISO 8601 with zone (e.g. 2025-11-13T07:59:59+07:00); default now.", valueName: "instant"))
        var receivedAt: Date?

        @Option(help: ArgumentHelp("Files checked and stored per database commit.", valueName: "n"))
        var batchSize = SubmissionService.defaultBatchSize

        @Option(
            help: ArgumentHelp(
                "A replay log: a CSV file `receivedAt,file` of files received elsewhere and when; each is stored with its own time of receipt.",
                valueName: "log"), completion: .file())
        var replay: String?

        @Flag(help: "Queue each unit's receipt by mail, as an upload does (a replay or a bulk import sends nothing unless asked).")
        var notify = false

        @Argument(help: ArgumentHelp("Report files (.xlsx, .json, .csv) or folders of them.", valueName: "file"), completion: .file())
        var files: [String] = []

        func validate() throws {
            guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
            guard !files.isEmpty || replay != nil else { throw ValidationError("name the report files (or folders) to submit, or a --replay log") }
        }

        func run() throws {
            // The templates and registry, the database and the list of files are ready at once rather than in turn: a
            // commune-scale registry and a new database's migrations are a tenth of submitting a week. The catalog loads
            // on this thread, not as a piece of `concurrently`: loading it reads the registry beside the templates on both
            // cores, and a `concurrentMap` inside another one runs its pieces one after another (libdispatch's nested
            // `dispatch_apply`), which had the whole catalog load on one core.
            let (files, replay, receivedAt) = (self.files, self.replay, self.receivedAt ?? Date())
            let opening = store.openingDatabase()
            let listing = Background { try incomingFiles(files, replay: replay, receivedAt: receivedAt) }
            let catalog: Catalog
            do {
                catalog = try store.loadCatalog()
            } catch {
                // As when the three were pieces of `concurrently`: the other two finish (a new database is not left half
                // made by the process ending) and say what is wrong with them too; the templates' error decides.
                _ = try? opening()
                _ = try? listing.wait()
                throw error
            }
            let (database, incoming) = (try opening(), try listing.wait())
            var notices: NoticeWriter?
            if notify {
                let settings = try store.loadSynthesisSettings(catalog: catalog)
                notices = NoticeWriter(catalog: catalog, settings: settings)
            }
            let verdicts = try submitFiles(incoming, catalog: catalog, database: database, batchSize: batchSize, at: receivedAt, notices: notices)
            try VerdictPrinter(format: format, language: language.language).print(verdicts)
            if verdicts.contains(where: { $0.verdict == .rejected }) { throw ExitCode(ExitStatus.rejected) }
        }
    }
}

/// The files named on the command line (received at `receivedAt`) followed by those of a replay log.
func incomingFiles(_ files: [String], replay: String?, receivedAt: Date) throws -> [IncomingFile] {
    var incoming = ReportFiles.expand(files).map { IncomingFile(path: $0, receivedAt: receivedAt) }
    if let replay {
        do {
            incoming += try ReplayLog.load(path: replay).entries.map { IncomingFile(path: $0.path, receivedAt: $0.receivedAt) }
        } catch {
            throw ValidationError("\(error)")
        }
    }
    return incoming
}

/// Checks and stores files, showing progress on a terminal; a database failure exits with its documented status.
/// `at` is the command's "now" (`--received-at`, else the clock), when the templates it loaded are recorded as in use.
func submitFiles(
    _ incoming: [IncomingFile], catalog: Catalog, database: any Storage, batchSize: Int, at: Date, notices: NoticeWriter? = nil
) throws -> [FileVerdict] {
    let service = SubmissionService(catalog: catalog, storage: database, notices: notices)
    do {
        // The template versions the files are checked against, in the audit log when they changed.
        try AuditTrail(storage: database).recordTemplates(of: catalog, by: .commandLine, at: at)
        return try withProgress(of: incoming.count) { try service.submit(incoming, batchSize: batchSize, progress: $0) }
    } catch {
        printError("tonghop: the database failed while storing; the files of the failing batch were not stored: \(error)")
        throw ExitCode(ExitStatus.databaseUnavailable)
    }
}

/// Runs work that stores `count` files, showing how many are done on standard error when it is a terminal.
func withProgress<T>(of count: Int, _ work: (_ progress: (Int) -> Void) throws -> T) rethrows -> T {
    let showProgress = isatty(STDERR_FILENO) == 1 && count > 1
    defer { if showProgress { printError("") } }
    return try work { done in
        if showProgress { printError("\u{1B}[2K\rsubmitted \(done)/\(count) files", newline: false) }
    }
}
