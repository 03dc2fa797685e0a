import ArgumentParser
import TonghopCore

extension Tonghop {
    /// `tonghop init`: create or migrate the database and check the templates.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the database (or bring it up to date) and check the templates folder.")

        @OptionGroup var store: StoreOptions

        func run() throws {
            let catalog = try store.loadCatalog()
            let database = try store.openDatabase()
            let templates = catalog.templates.values.flatMap { $0 }.sorted { ($0.id, $0.version) < ($1.id, $1.version) }
            print("Database \(store.databasePath) is ready (journal mode \((try? database.journalMode()) ?? "?")).")
            print("Templates \(store.templatesPath): \(catalog.registry.units.count) reporting units (registry \(catalog.registry.version)), "
                + "\(catalog.schedules.count) schedules, \(templates.count) criteria templates:")
            for template in templates {
                print("  \(template.id) \(template.version): \(template.criteria.count) criteria, \(template.rules.count) rules, schedule \(template.scheduleId)")
            }
        }
    }
}
