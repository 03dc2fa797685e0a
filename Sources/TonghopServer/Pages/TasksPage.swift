import Foundation
import Hummingbird
import TonghopCore
import TonghopRendering
import TonghopService

/// `GET /tasks`: the board's twin for the directives' tasks: each unit's tasks counted by state, the units with overdue
/// tasks first, then the overdue tasks themselves; with `unit=`, every task of that unit. A unit signed in sees its own.
struct TasksPage: Sendable {
    let environment: ServiceEnvironment

    struct View: Sendable {
        var at: String
        var unitName: String
        var isUnit: Bool
        var allHref: String
        var counts: Counts
        var units: [UnitRow]
        var hasUnits: Bool
        var items: [Item]
        var hasRegister: Bool
    }

    struct Counts: Sendable {
        var total: Int
        var overdue: Int
        var notReported: Int
        var inProgress: Int
        var completedLate: Int
        var completedOnTime: Int

        init(_ counts: [TaskState.Kind: Int]) {
            total = counts.values.reduce(0, +)
            overdue = counts[.overdue] ?? 0
            notReported = counts[.notReported] ?? 0
            inProgress = counts[.inProgress] ?? 0
            completedLate = counts[.completedLate] ?? 0
            completedOnTime = counts[.completedOnTime] ?? 0
        }
    }

    struct UnitRow: Sendable {
        var code: String
        var name: String
        var href: String
        var overdue: Int
        var hasOverdue: Bool
        var notReported: Int
        var inProgress: Int
        var completedLate: Int
        var completedOnTime: Int
        var total: Int
    }

    struct Item: Sendable {
        var unitCode: String
        var unitName: String
        var text: String
        var taskId: String
        var directive: String
        var deadline: String
        var state: String
        var stateLabel: String
        var detail: String
    }

    @Sendable func show(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        let at = try request.instantQuery("at") ?? environment.now()
        let atQuery = request.query("at").map { "&at=" + PageRoutes.queryEscaped($0) } ?? ""
        let listing = try await environment.taskListing(unit: request.query("unit"), state: nil, at: at, context: context)
        let register = environment.catalog.tasks
        func item(_ a: TaskAssignment) -> Item {
            let directive = register.directive(a.task.directiveId)
            return Item(
                unitCode: a.unit.code, unitName: a.unit.name, text: a.task.text, taskId: a.task.id,
                directive: directive.map { $0.symbol ?? $0.citation } ?? a.task.directiveId,
                deadline: a.task.deadline?.text(in: .vi) ?? Message(.taskRegular).vi, state: a.state.kind.rawValue,
                stateLabel: a.state.kind.label.vi, detail: a.stateDetail(in: .vi))
        }
        var counts: [String: [TaskState.Kind: Int]] = [:]
        var units: [ReportingUnit] = []
        for assignment in listing.assignments {
            if counts[assignment.unit.code] == nil { units.append(assignment.unit) }
            counts[assignment.unit.code, default: [:]][assignment.state.kind, default: 0] += 1
        }
        var rows = units.map { (unit: $0, counts: counts[$0.code] ?? [:]) }
        let order = Dictionary(environment.catalog.registry.units.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        rows.sort { (-($0.counts[.overdue] ?? 0), order[$0.unit.code] ?? 0) < (-($1.counts[.overdue] ?? 0), order[$1.unit.code] ?? 0) }
        let view = View(
            at: VietnameseFormat.instant(listing.at), unitName: listing.unit.flatMap { environment.catalog.registry.name(of: $0) } ?? "",
            isUnit: listing.unit != nil, allHref: "/tasks" + (atQuery.isEmpty ? "" : "?" + atQuery.dropFirst()), counts: Counts(listing.counts),
            units: rows.map { row in
                let c = Counts(row.counts)
                return UnitRow(
                    code: row.unit.code, name: row.unit.name, href: "/tasks?unit=\(row.unit.code)" + atQuery, overdue: c.overdue,
                    hasOverdue: c.overdue > 0, notReported: c.notReported, inProgress: c.inProgress, completedLate: c.completedLate,
                    completedOnTime: c.completedOnTime, total: c.total)
            },
            hasUnits: !rows.isEmpty && listing.unit == nil,
            // Without a unit, the overdue tasks; with one, every task of it, overdue first.
            items: listing.assignments.filter { listing.unit != nil || $0.state.kind == .overdue }.map(item), hasRegister: !register.isEmpty)
        return htmlResponse(environment.pages.render("tasks", title: "Nhiệm vụ được giao", caller: context.signedIn, view: view))
    }
}
