import ArgumentParser
import Foundation
import TonghopCore
import TonghopService

extension Tonghop {
    /// `tonghop tasks`: the directives' tasks and where each unit stands on them.
    struct Tasks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tasks",
            abstract: "List the tasks the directives assign (Templates/tasks/) and where each unit stands on them.",
            discussion: """
                A task's state is computed from the unit's reports received by --at and its deadline: overdue, not reported, \
                in progress within the deadline, completed late, completed on time. Overdue ones first.
                """)

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("Only this unit's tasks, by code (any case).", valueName: "code"))
        var unit: String?

        @Option(help: ArgumentHelp("The instant to look from, ISO 8601 with zone; default now. Later reports are not counted.", valueName: "instant"))
        var at: Date?

        @Option(
            help: ArgumentHelp(
                "Only tasks in this state: \(TaskState.Kind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "state"))
        var state: String?

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @OptionGroup var language: LanguageOption

        func run() throws {
            let catalog = try store.loadCatalog()
            let tracking = TaskTracking(catalog: catalog, database: try store.openDatabase())
            let listing = try readingDatabase(language: language.language) {
                try tracking.listing(at: at ?? Date(), unit: unit, state: state)
            }
            switch format {
            case .json: try printJSON(listing, language: language.language)
            case .text: printText(listing, catalog: catalog)
            }
        }

        private func printText(_ listing: TaskListing, catalog: Catalog) {
            let language = language.language
            func say(_ key: MessageKey, _ arguments: MessageArguments = [:]) -> String { Message(key, arguments).text(in: language) }
            let c = listing.counts
            print(say(.tasksHeading, ["at": .instant(listing.at), "total": .count(c.values.reduce(0, +))]))
            print(
                "  "
                    + say(
                        .tasksCounts,
                        [
                            "overdue": .count(c[.overdue] ?? 0), "notReported": .count(c[.notReported] ?? 0),
                            "inProgress": .count(c[.inProgress] ?? 0), "completedLate": .count(c[.completedLate] ?? 0),
                            "completedOnTime": .count(c[.completedOnTime] ?? 0),
                        ]))
            guard !listing.assignments.isEmpty else { return print("  " + say(.tasksNone)) }
            for kind in TaskState.Kind.allCases {
                let group = listing.assignments.filter { $0.state.kind == kind }
                guard !group.isEmpty else { continue }
                print(say(.tasksStateHeading, ["state": .localized(vi: kind.label.vi, en: kind.label.en), "count": .count(group.count)]))
                for assignment in group {
                    let task = assignment.task
                    let directive = catalog.tasks.directive(task.directiveId).map { $0.symbol ?? $0.citation } ?? task.directiveId
                    print(
                        "  \(assignment.unit.code.padding(toLength: 8, withPad: " ", startingAt: 0)) [\(task.id)] \(task.text) "
                            + "(\(directive); \(task.deadlineText(in: language))): \(assignment.stateDetail(in: language))")
                }
            }
        }
    }
}
