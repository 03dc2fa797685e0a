import ArgumentParser
import Foundation
import TonghopCore
import TonghopIngest
import TonghopService

extension Tonghop {
    /// `tonghop validate`: check files without storing anything.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check report files against the templates and list every problem; stores nothing.",
            discussion: "Exit status 0 when every file passes (warnings allowed), 65 when any file has an error.")

        @OptionGroup var store: StoreOptions

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @OptionGroup var language: LanguageOption

        @Option(help: ArgumentHelp("Check as if received at this instant (ISO 8601 with zone); default now.", valueName: "instant"))
        var at: Date?

        @Argument(help: ArgumentHelp("Report files (.xlsx, .json, .csv) or folders of them.", valueName: "file"), completion: .file())
        var files: [String]

        func run() throws {
            let catalog = try store.loadCatalog()
            let paths = ReportFiles.expand(files)
            let now = at ?? Date()
            // Where a database is already, the tasks its units have reported done are not asked for again, as `submit`
            // would not ask; none is made here.
            let storage = FileManager.default.fileExists(atPath: store.databasePath) ? try store.openDatabase() : nil
            let service = SubmissionService(catalog: catalog, storage: storage)
            let verdicts = try readingDatabase(language: language.language) {
                try service.validate(paths.map { IncomingFile(path: $0, receivedAt: now) }, at: now)
            }
            try VerdictPrinter(format: format, language: language.language).print(verdicts)
            if verdicts.contains(where: { $0.verdict == .rejected }) { throw ExitCode(ExitStatus.rejected) }
        }
    }
}
