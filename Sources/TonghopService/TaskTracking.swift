import Foundation
import TonghopCore

/// The use case behind `tonghop tasks` and `GET /api/v1/tasks`: every task of the register, for each of its units, in
/// the state the reports received by an instant put it in.
public struct TaskTracking: Sendable {
    public let catalog: Catalog
    public let database: any Storage

    public init(catalog: Catalog, database: any Storage) {
        self.catalog = catalog
        self.database = database
    }

    /// The (task, unit) pairs at `instant`, of one unit and in one state when asked (a state by its code: `overdue`, …),
    /// overdue first, then in register and registry order.
    public func listing(at instant: Date, unit: String? = nil, state stateCode: String? = nil) throws -> TaskListing {
        let only = try unit.map { code throws(RequestError) in try catalog.requestedUnit(code) }
        var state: TaskState.Kind?
        if let stateCode {
            state = TaskState.Kind(rawValue: stateCode)
            guard state != nil else {
                throw RequestError(
                    Message(.requestTaskState, ["state": .quoted(stateCode), "states": .alternatives(TaskState.Kind.allCases.map(\.rawValue))]))
            }
        }
        let all = catalog.tasks.assignments(in: catalog.registry, reports: try database.taskReports(receivedBy: instant), at: instant)
        let mine = all.filter { only == nil || $0.unit.code == only?.code }
        var counts = Dictionary(uniqueKeysWithValues: TaskState.Kind.allCases.map { ($0, 0) })
        for assignment in mine { counts[assignment.state.kind, default: 0] += 1 }
        let order = Dictionary(uniqueKeysWithValues: TaskState.Kind.allCases.enumerated().map { ($1, $0) })
        let listed = mine.enumerated().filter { state == nil || $0.element.state.kind == state }
            .sorted { (order[$0.element.state.kind] ?? 0, $0.offset) < (order[$1.element.state.kind] ?? 0, $1.offset) }.map(\.element)
        return TaskListing(at: instant, unit: only?.code, counts: counts, assignments: listed, register: catalog.tasks)
    }
}

/// The tasks of the register at an instant: counts by state, and the (task, unit) pairs asked for.
public struct TaskListing: Sendable, Encodable {
    public var at: Date
    /// The unit asked about; nil for every unit.
    public var unit: String?
    public var counts: [TaskState.Kind: Int]
    /// Overdue first, then not reported, in progress, completed late, completed on time.
    public var assignments: [TaskAssignment]
    let register: TaskRegister

    private enum CodingKeys: String, CodingKey { case at, unit, counts, assignments }

    /// The JSON form, for machines: ids, codes and ISO dates.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(VietnamTime.iso8601(at), forKey: .at)
        try container.encodeIfPresent(unit, forKey: .unit)
        try container.encode(Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }), forKey: .counts)
        try container.encode(assignments.map { Row($0, register: register) }, forKey: .assignments)
    }

    /// One (task, unit) as the JSON lists it.
    struct Row: Encodable {
        var task: String
        var directive: String
        var text: String
        var unit: String
        var unitName: String
        var deadline: String?
        var state: String
        var daysOverdue: Int?
        var daysLate: Int?
        var status: String?
        var completedOn: String?
        var product: String?
        var note: String?
        var reportedAt: String?
        var reportedPeriod: String?

        init(_ assignment: TaskAssignment, register: TaskRegister) {
            task = assignment.task.id
            directive = register.directive(assignment.task.directiveId)?.symbol ?? assignment.task.directiveId
            text = assignment.task.text
            unit = assignment.unit.code
            unitName = assignment.unit.name
            deadline = assignment.task.deadline?.iso
            state = assignment.state.kind.rawValue
            if case .overdue(let days) = assignment.state { daysOverdue = days }
            if case .completedLate(let days) = assignment.state { daysLate = days }
            let latest = assignment.latest
            status = latest?.progress.status.rawValue
            completedOn = latest?.progress.completedOn?.description
            product = latest.map(\.progress.product).flatMap { $0.isEmpty ? nil : $0 }
            note = latest.map(\.progress.note).flatMap { $0.isEmpty ? nil : $0 }
            reportedAt = latest.map { VietnamTime.iso8601($0.receivedAt) }
            reportedPeriod = latest?.periodKey
        }
    }
}
