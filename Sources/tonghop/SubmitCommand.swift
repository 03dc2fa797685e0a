import ArgumentParser
import Foundation
import TonghopService

extension Tonghop {
    /// `tonghop submit`: check files and store the good ones, with a receipt for each.
    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check report files and store those without errors; prints a receipt per file.",
            discussion: """
                A file identical to the one already counting for its unit and period is a duplicate and stores nothing;
                a different file for the same unit and period supersedes it (the earlier one stays in the history).
                Exit status 0 when every file was accepted or a duplicate, 65 when any was rejected.
                """)

        @OptionGroup var store: StoreOptions

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @Option(name: .customLong("received-at"),
                help: ArgumentHelp("Time of receipt to record, ISO 8601 with zone (e.g. 2025-11-13T07:59:59+07:00); default now.", valueName: "instant"))
        var receivedAt: Date?

        @Option(help: ArgumentHelp("Files checked and stored per database commit.", valueName: "n"))
        var batchSize = 512

        @Argument(help: ArgumentHelp("Report files (.json, .csv) or folders of them.", valueName: "file"), completion: .file())
        var files: [String]

        func validate() throws {
            guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
        }

        func run() throws {
            let catalog = try store.loadCatalog()
            let database = try store.openDatabase()
            let service = SubmissionService(catalog: catalog)
            let paths = ReportFiles.expand(files)
            let time = receivedAt ?? Date()
            let showProgress = isatty(STDERR_FILENO) == 1 && paths.count > 1
            let verdicts: [FileVerdict]
            do {
                verdicts = try service.submit(paths: paths, receivedAt: time, batchSize: batchSize, into: database) { done in
                    if showProgress { printError("\u{1B}[2K\rsubmitted \(done)/\(paths.count) files", newline: false) }
                }
            } catch {
                printError("tonghop: the database failed while storing; the files of the failing batch were not stored: \(error)")
                throw ExitCode(ExitStatus.databaseUnavailable)
            }
            if showProgress { printError("") }
            try VerdictPrinter(format: format).print(verdicts)
            if verdicts.contains(where: { $0.verdict == .rejected }) { throw ExitCode(ExitStatus.rejected) }
        }
    }
}
