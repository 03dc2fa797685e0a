import ArgumentParser
import Foundation
import TonghopCore
import TonghopService

extension Tonghop {
    /// `tonghop audit`: who did what, when, from where.
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "List the audit log: every report stored, review, token created or revoked, and template set loaded, oldest first.",
            discussion: "The log is only ever appended to: the database refuses to change or delete an entry.")

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("Only entries from this instant on, ISO 8601 with zone.", valueName: "instant"))
        var since: Date?

        @Option(help: ArgumentHelp("Only entries about this unit, e.g. TH.", valueName: "code"))
        var unit: String?

        @OptionGroup var language: LanguageOption

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        func run() throws {
            let catalog = try store.loadCatalog()
            let trail = AuditTrail(storage: try store.openDatabase())
            let code = unit.map { catalog.registry.unit(named: $0)?.code ?? $0 }
            let entries = try readingDatabase(language: language.language) { try trail.entries(since: since, unit: code) }
            switch format {
            case .json: try printJSON(entries, language: language.language)
            case .text:
                if entries.isEmpty { print(Message(.auditNone).text(in: language.language)) }
                for entry in entries { print(AuditTrail.line(entry, catalog: catalog, in: language.language)) }
            }
        }
    }
}
