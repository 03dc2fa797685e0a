import ArgumentParser
import Foundation
import TonghopCore
import TonghopIngest
import TonghopRendering
import TonghopService
import TonghopSynthesis

extension Tonghop {
    /// `tonghop weekly`: MoHA's Thursday job, from the reports received to the synthesis in every format.
    struct Weekly: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "weekly",
            abstract: "Take in report files, flag late and missing reports, and write the synthesis of each weekly schedule in every format.",
            discussion: """
                1. Checks and stores the files given (received at --at) and those of a --replay log (each at its own time).
                2. Runs the late check at --at, as `tonghop late` does, for the periods it synthesizes.
                3. For each schedule (default: every weekly one), writes the synthesis of its latest period whose deadline had passed \
                at --at to <out>/<schedule>-<period>.<format>, counting only the reports received by --at.
                Exit status 0, or 65 when a file was rejected (the rest is done all the same); 73 when an output cannot be written.
                """)

        @OptionGroup var store: StoreOptions

        @OptionGroup var language: LanguageOption

        @Option(help: ArgumentHelp("The instant to work at, ISO 8601 with zone; default now.", valueName: "instant"))
        var at: Date?

        @Option(
            help: ArgumentHelp("A replay log `receivedAt,file` of files to take in with their own times of receipt.", valueName: "log"),
            completion: .file())
        var replay: String?

        @Option(
            name: .customLong("schedule"),
            help: ArgumentHelp("A schedule to synthesize (repeatable); default: every weekly schedule.", valueName: "id"))
        var schedules: [String] = []

        @Option(
            name: .customLong("format"),
            help: ArgumentHelp("A format to write (repeatable); default: all of md, html, csv, json, xlsx, docx.", valueName: "format"))
        var formats: [SynthesisFormat] = []

        @Option(help: ArgumentHelp("Folder for the syntheses (created if needed).", valueName: "dir"), completion: .directory)
        var out = "synthesis"

        @Option(help: ArgumentHelp("Files checked and stored per database commit.", valueName: "n"))
        var batchSize = SubmissionService.defaultBatchSize

        @Argument(help: ArgumentHelp("Report files (.xlsx, .json, .csv) or folders of them, received now.", valueName: "file"), completion: .file())
        var files: [String] = []

        func validate() throws {
            guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
        }

        func run() throws {
            let catalog = try store.loadCatalog()
            let chosen = try
                (schedules.isEmpty ? catalog.schedules.keys.sorted().filter { catalog.schedules[$0]!.periodType.kind == .weekly } : schedules)
                .map { try resolveSchedule(catalog, id: $0, period: nil) }
            let database = try store.openDatabase()
            let syntheses = try store.syntheses(catalog: catalog, database: database)
            let job = WeeklyJob(
                catalog: catalog, storage: database, syntheses: syntheses, files: try incomingFiles(files, replay: replay, receivedAt: at ?? Date()),
                schedules: chosen,
                formats: formats.isEmpty ? SynthesisFormat.allCases : formats, folder: out, at: at ?? Date(), batchSize: batchSize)
            let outcome: WeeklyJob.Outcome
            do {
                outcome = try withProgress(of: job.files.count) {
                    try job.run(progress: $0)
                }
            } catch let failure as OutputFile.Failure {
                printError("tonghop: \(failure)")
                throw ExitCode(ExitStatus.cannotWrite)
            } catch {
                printError("tonghop: cannot use the database: \(error)")
                throw ExitCode(ExitStatus.databaseUnavailable)
            }
            let language = language.language
            for verdict in outcome.verdicts where verdict.verdict == .rejected {
                print(
                    "✘ \(verdict.file): \(verdict.verdict.label.text(in: language)) — "
                        + verdict.issues.filter { $0.severity == .error }.map { $0.text(in: language) }.prefix(3).joined(separator: " "))
            }
            // Schedules and periods by their names in Vietnamese, by their ids in English (as the first releases printed).
            func schedule(_ id: String) -> MessageArgument { .localized(vi: catalog.schedules[id]?.name.vi ?? id, en: id) }
            func period(_ key: String) -> MessageArgument { .localized(vi: Language.vi.period(key), en: key) }
            if !outcome.verdicts.isEmpty {
                let summary = VerdictPrinter(format: .text, language: language).summary(VerdictCounts(outcome.verdicts))
                print(Message(.weeklyTakenIn, ["summary": .text(summary)]).text(in: language))
            }
            // The units not reported, by name in the registry's order in Vietnamese, by code in English.
            func missingUnits(_ codes: [String]) -> MessageArgument {
                let ordered = codes.sorted { (catalog.registry.position(of: $0) ?? Int.max, $0) < (catalog.registry.position(of: $1) ?? Int.max, $1) }
                return .localized(
                    vi: ordered.map { catalog.registry.name(of: $0) ?? $0 }.joined(separator: ", "), en: ordered.joined(separator: " "))
            }
            for line in outcome.lateChecks {
                let arguments: MessageArguments = [
                    "schedule": schedule(line.scheduleId), "period": period(line.periodKey), "at": .instant(job.at),
                    "flagged": .count(line.newlyFlagged), "missing": missingUnits(line.missing),
                ]
                print(Message(line.missing.isEmpty ? .weeklyLateCheck : .weeklyLateCheckMissing, arguments).text(in: language))
            }
            for written in outcome.written {
                let c = written.compliance
                let arguments: MessageArguments = [
                    "schedule": schedule(written.scheduleId), "period": period(c.periodKey), "expected": .count(c.expected),
                    "onTime": .count(c.onTime), "late": .count(c.late), "missing": .count(c.missing),
                ]
                print(Message(.weeklyCompliance, arguments).text(in: language))
                for path in written.paths { print("  \(path)") }
            }
            if outcome.verdicts.contains(where: { $0.verdict == .rejected }) { throw ExitCode(ExitStatus.rejected) }
        }
    }
}
