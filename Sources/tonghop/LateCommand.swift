import ArgumentParser
import Foundation
import TonghopCore
import TonghopService

extension Tonghop {
    /// `tonghop late`: the cron job that flags missing reports after each deadline.
    struct Late: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "late",
            abstract: "Flag every expected unit with no report for each period whose deadline has passed (run by cron).",
            discussion: """
                Each unit is flagged once per period; running again flags nothing twice. A flag is resolved, not deleted, \
                when the report arrives, and keeps both times. Prints what is newly flagged and resolved in full, and what is still outstanding as counts per \
                period (every unit with --verbose), in Vietnamese (--lang en for English).
                With --notify, newly flagged units are also POSTed as JSON to the URL (3 tries, 10 s each).
                Exit status: 0 when the run worked (even with late units), 3 with --fail-on-late when any flag is outstanding, \
                75 when the notification could not be delivered (the flags are recorded all the same), 74 database, 78 templates.
                """)

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("The instant to check at, ISO 8601 with zone; default now.", valueName: "instant"))
        var at: Date?

        @Option(help: ArgumentHelp("Check periods from this date on (YYYY-MM-DD); default: the first day of the registry.", valueName: "date"))
        var since: String?

        @Option(help: ArgumentHelp("Only this schedule.", valueName: "id"))
        var schedule: String?

        @Option(help: ArgumentHelp("Webhook URL to POST newly flagged units to (JSON).", valueName: "url"))
        var notify: String?

        @Flag(help: "Exit with status 3 when any flag is outstanding.")
        var failOnLate = false

        @Flag(help: "List every outstanding unit, not only the counts per period.")
        var verbose = false

        @OptionGroup var language: LanguageOption

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        func validate() throws {
            if let since, LocalDate(iso: since) == nil { throw ValidationError("--since must be a date YYYY-MM-DD") }
            if let notify, URL(string: notify)?.scheme.map({ ["http", "https"].contains($0) }) != true {
                throw ValidationError("--notify must be an http or https URL")
            }
        }

        func run() async throws {
            // The database opened while the templates and registry load: a tenth of a check at commune scale.
            let openedDatabase = store.openingDatabase()
            let catalog = try store.loadCatalog()
            if let schedule, catalog.schedules[schedule] == nil { throw ValidationError("\"\(schedule)\" is not a schedule") }
            // synthesis.yaml read while the check runs (a twentieth of a commune-scale check, after it until now); what is
            // wrong in it is still said after the check, where it was.
            let loadedSettings = store.loadingSynthesisSettings(catalog: catalog)
            let database = try openedDatabase()
            let now = at ?? Date()
            let result = try readingDatabase(language: language.language) {
                try LateCheck(catalog: catalog, storage: database).run(at: now, since: since.flatMap(LocalDate.init(iso:)), schedule: schedule)
            }
            let report = LateNotice(at: now, result: result, registry: catalog.registry, tasks: catalog.tasks)
            // MoHA's digest by mail, to the staff of synthesis.yaml's notices.digestTo, when the run found something new.
            let settings = try loadedSettings()
            if let digest = NoticeWriter(catalog: catalog, settings: settings).digest(report) {
                try database.enqueue([digest], at: now)
            }
            var notified: WebhookNotifier.Outcome?
            if let notify, let url = URL(string: notify) { notified = try await report.notify(url) }
            switch format {
            case .json: try printJSON(report, language: language.language)
            case .text: for line in report.digest(in: language.language, catalog: catalog, verbose: verbose) { print(line) }
            }
            if let notified, !notified.delivered {
                printError(
                    "tonghop: the notification to \(notify!) failed after \(notified.attempts) tries (\(notified.failure ?? "?")); the flags are recorded"
                )
                throw ExitCode(ExitStatus.notificationFailed)
            }
            if failOnLate && !report.outstanding.isEmpty { throw ExitCode(ExitStatus.lateReports) }
        }

    }
}
