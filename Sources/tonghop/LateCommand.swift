import ArgumentParser
import Foundation
import TonghopCore
import TonghopService
import TonghopStore

extension Tonghop {
    /// `tonghop late`: the cron job that flags missing reports after each deadline.
    struct Late: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Flag every expected unit with no report for each period whose deadline has passed (run by cron).",
            discussion: """
                Each unit is flagged once per period; running again flags nothing twice. A flag is resolved, not deleted,
                when the report arrives, and keeps both times. Prints what is newly flagged and what is still outstanding.
                With --notify, newly flagged units are also POSTed as JSON to the URL (3 tries, 10 s each).
                Exit status: 0 when the run worked (even with late units), 3 with --fail-on-late when any flag is outstanding,
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

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        func validate() throws {
            if let since, LocalDate(iso: since) == nil { throw ValidationError("--since must be a date YYYY-MM-DD") }
            if let notify, URL(string: notify)?.scheme.map({ ["http", "https"].contains($0) }) != true {
                throw ValidationError("--notify must be an http or https URL")
            }
        }

        func run() async throws {
            let catalog = try store.loadCatalog()
            if let schedule, catalog.schedules[schedule] == nil { throw ValidationError("\"\(schedule)\" is not a schedule") }
            let database = try store.openDatabase()
            let now = at ?? Date()
            let result = try readingDatabase {
                try LateCheck.run(catalog: catalog, database: database, at: now, since: since.flatMap(LocalDate.init(iso:)), schedule: schedule)
            }
            let report = LateReport(at: now, result: result, registry: catalog.registry)
            var notified: WebhookNotifier.Outcome?
            if let notify, let url = URL(string: notify), !result.newlyFlagged.isEmpty {
                notified = await WebhookNotifier(url: url).post(try LateReport.encoder.encode(report))
            }
            switch format {
            case .json: try printJSON(report)
            case .text: printText(report)
            }
            if let notified, !notified.delivered {
                printError("tonghop: the notification to \(notify!) failed after \(notified.attempts) tries (\(notified.failure ?? "?")); the flags are recorded")
                throw ExitCode(ExitStatus.notificationFailed)
            }
            if failOnLate && !result.outstanding.isEmpty { throw ExitCode(ExitStatus.lateReports) }
        }

        private func printText(_ report: LateReport) {
            print("Late check at \(VietnamTime.format(report.at)):")
            print("  newly flagged: \(report.newlyFlagged.count)")
            for line in LateReport.grouped(report.newlyFlagged) { print("    \(line)") }
            if !report.newlyResolved.isEmpty {
                print("  resolved since the last check: \(report.newlyResolved.count)")
                for line in LateReport.grouped(report.newlyResolved) { print("    \(line)") }
            }
            print("  still outstanding: \(report.outstanding.count)")
            for line in LateReport.grouped(report.outstanding) { print("    \(line)") }
        }
    }
}

/// The late check's result as printed and as POSTed to a webhook.
struct LateReport: Encodable {
    struct Flag: Encodable {
        var unit: String
        var unitName: String
        var schedule: String
        var period: String
        var deadline: Date
        var flaggedAt: Date
        var resolvedAt: Date?
    }

    var event = "late-reports"
    var at: Date
    var newlyFlagged: [Flag]
    var newlyResolved: [Flag]
    var outstanding: [Flag]

    init(at: Date, result: LateCheckResult, registry: UnitRegistry) {
        func flags(_ list: [LateFlag]) -> [Flag] {
            list.map { Flag(unit: $0.unitCode, unitName: registry.unit($0.unitCode)?.name ?? $0.unitCode, schedule: $0.scheduleId,
                            period: $0.periodKey, deadline: $0.deadline, flaggedAt: $0.flaggedAt, resolvedAt: $0.resolvedAt) }
        }
        self.at = at
        newlyFlagged = flags(result.newlyFlagged)
        newlyResolved = flags(result.newlyResolved)
        outstanding = flags(result.outstanding)
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// One line per schedule and period: "province-weekly 2025-W46 (deadline ...): 3 units: HN, HP, CT".
    static func grouped(_ flags: [Flag]) -> [String] {
        var order: [String] = []
        var groups: [String: [Flag]] = [:]
        for flag in flags {
            let key = "\(flag.schedule) \(flag.period)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(flag)
        }
        return order.map { key in
            let list = groups[key]!
            return "\(key) (deadline \(VietnamTime.format(list[0].deadline))): \(list.count) unit\(list.count == 1 ? "" : "s"): "
                + list.map(\.unit).joined(separator: ", ")
        }
    }
}
