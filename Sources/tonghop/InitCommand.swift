import ArgumentParser
import TonghopCore

extension Tonghop {
    /// `tonghop init`: create or migrate the database and check the templates.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create the database (or bring it up to date) and check the templates folder.")

        @OptionGroup var store: StoreOptions

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        struct Summary: Encodable {
            struct Template: Encodable {
                var id: String
                var version: String
                var schedule: String
                var criteria: Int
                var rules: Int
            }

            var database: String
            var journalMode: String
            var templatesFolder: String
            var registryVersion: String
            var units: Int
            var schedules: [String]
            var templates: [Template]
        }

        func run() throws {
            let catalog = try store.loadCatalog()
            let database = try store.openDatabase()
            let summary = Summary(
                database: store.databasePath, journalMode: try readingDatabase { try database.journalMode() },
                templatesFolder: store.templatesPath, registryVersion: catalog.registry.version, units: catalog.registry.units.count,
                schedules: catalog.schedules.keys.sorted(),
                templates: catalog.templates.values.flatMap { $0 }.sorted { ($0.id, $0.version) < ($1.id, $1.version) }.map {
                    Summary.Template(id: $0.id, version: $0.version, schedule: $0.scheduleId, criteria: $0.criteria.count, rules: $0.rules.count)
                })
            switch format {
            case .json:
                try printJSON(summary)
            case .text:
                print("Database \(summary.database) is ready (journal mode \(summary.journalMode)).")
                print(
                    "Templates \(summary.templatesFolder): \(summary.units) reporting units (registry \(summary.registryVersion)), "
                        + "\(summary.schedules.count) schedules, \(summary.templates.count) criteria templates:")
                for t in summary.templates {
                    print("  \(t.id) \(t.version): \(t.criteria) criteria, \(t.rules) rules, schedule \(t.schedule)")
                }
            }
        }
    }
}
