import ArgumentParser
import TonghopCore
import TonghopService

extension Tonghop {
    /// `tonghop history`: every submission of a unit, superseded ones included.
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "List every submission of a unit (optionally for one period), including superseded ones, with their review trail.")

        @OptionGroup var store: StoreOptions

        @OptionGroup var language: LanguageOption

        @Option(help: ArgumentHelp("Unit code, e.g. HN.", valueName: "code"))
        var unit: String

        @Option(help: ArgumentHelp("Period key, e.g. 2025-W46 or 2025-11.", valueName: "key"))
        var period: String?

        @Option(help: ArgumentHelp("Schedule id, e.g. province-weekly.", valueName: "id"))
        var schedule: String?

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        func run() throws {
            let database = try store.openDatabase()
            let service = SubmissionService(catalog: try store.loadCatalog(), storage: database)
            let entries = try readingDatabase(language: language.language) {
                try service.history(unit: unit, period: period, schedule: schedule)
            }
            switch format {
            case .json:
                try printJSON(entries, language: language.language)
            case .text:
                let language = language.language
                guard !entries.isEmpty else {
                    let key: MessageKey = period == nil ? .historyNone : .historyNoneForPeriod
                    print(Message(key, ["unit": .text(unit), "period": .period(period ?? "")]).text(in: language))
                    return
                }
                for e in entries {
                    let state = e.supersededById.map { Message(.historySuperseded, ["id": .count(Int($0))]) } ?? Message(.historyCounts)
                    // Names are stored without control characters; one stored by an older version is cleaned here.
                    let line = Message(
                        .historyLine,
                        [
                            "id": .count(Int(e.id)), "schedule": .text(e.scheduleId), "period": .text(e.periodKey),
                            "received": .instant(e.receivedAt),
                            "file": .text(e.fileName.withoutControlCharacters), "values": .count(e.valueCount), "warnings": .count(e.warningCount),
                            "template": .text(e.templateId), "version": .text(e.templateVersion), "sha256": .text(String(e.sha256.prefix(12))),
                            "state": .message(state),
                        ])
                    print(line.text(in: language))
                    // The review trail under each report: who accepted or returned it, why, by when.
                    for review in try readingDatabase(language: language, { try database.reviews(of: e.id) }) {
                        ReviewTrail.print(review, catalog: service.validator.catalog, of: e, language: language)
                    }
                }
            }
        }
    }
}
