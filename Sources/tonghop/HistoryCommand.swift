import ArgumentParser
import TonghopCore
import TonghopService
import TonghopStore

extension Tonghop {
    /// `tonghop history`: every submission of a unit, superseded ones included.
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every submission of a unit (optionally for one period), including superseded ones.")

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("Unit code, e.g. HN.", valueName: "code"))
        var unit: String

        @Option(help: ArgumentHelp("Period key, e.g. 2025-W46 or 2025-11.", valueName: "key"))
        var period: String?

        @Option(help: ArgumentHelp("Schedule id, e.g. province-weekly.", valueName: "id"))
        var schedule: String?

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        func run() throws {
            let service = SubmissionService(catalog: try store.loadCatalog())
            let database = try store.openDatabase()
            let entries = try readingDatabase { try service.history(unit: unit, period: period, schedule: schedule, in: database) }
            switch format {
            case .json:
                try printJSON(entries)
            case .text:
                guard !entries.isEmpty else {
                    print("No submissions from \(unit)" + (period.map { " for \($0)" } ?? "") + ".")
                    return
                }
                for e in entries {
                    let state = e.supersededById.map { "superseded by #\($0)" } ?? "counts"
                    // Names are stored without control characters; one stored by an older version is cleaned here.
                    print(
                        "#\(e.id)  \(e.scheduleId) \(e.periodKey)  received \(VietnamTime.format(e.receivedAt))  \(e.fileName.withoutControlCharacters)  "
                            + "\(e.valueCount) values, \(e.warningCount) warnings  template \(e.templateId) \(e.templateVersion)  sha256 \(e.sha256.prefix(12))…  \(state)"
                    )
                }
            }
        }
    }
}
