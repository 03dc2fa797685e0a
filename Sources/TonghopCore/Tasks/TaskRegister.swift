import Foundation

/// The tasks the directives assign, kept by MoHA staff as YAML in `Templates/tasks/`, one file per directive.
public struct TaskRegister: Sendable, Hashable {
    /// In the order of their dates.
    public private(set) var directives: [Directive]
    /// In the order of their directives, then as each file lists them.
    public private(set) var tasks: [AssignedTask]
    private var taskIndex: [String: Int]
    private var directiveIndex: [String: Int]

    public init(directives: [Directive] = [], tasks: [AssignedTask] = []) {
        let directives = directives.sorted { ($0.date, $0.id) < ($1.date, $1.id) }
        let order = Dictionary(directives.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.directives = directives
        self.tasks = tasks.enumerated().sorted { (order[$0.element.directiveId] ?? 0, $0.offset) < (order[$1.element.directiveId] ?? 0, $1.offset) }
            .map(\.element)
        self.directiveIndex = order
        self.taskIndex = Dictionary(self.tasks.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public var isEmpty: Bool { tasks.isEmpty }

    public func task(_ id: String) -> AssignedTask? { taskIndex[id].map { tasks[$0] } }

    /// Where a task stands in the register's order.
    public func position(of id: String) -> Int? { taskIndex[id] }

    public func directive(_ id: String) -> Directive? { directiveIndex[id].map { directives[$0] } }

    /// The units a task falls to on `day` (see `AssignedTask.fallsTo`), in registry order.
    public func assignees(of task: AssignedTask, in registry: UnitRegistry, on day: LocalDate) -> [ReportingUnit] {
        registry.units.filter { task.fallsTo($0, on: day) }
    }

    /// The tasks that fall to `unit` on `day`, in register order.
    public func tasks(of unit: ReportingUnit, on day: LocalDate) -> [AssignedTask] {
        tasks.filter { $0.fallsTo(unit, on: day) }
    }

    /// Every (task, unit) at `instant`, each in the state the unit's reports received by then put it in: the latest report
    /// that speaks of the task decides, so a task reported done stays done until a later report says otherwise. In
    /// register order, then registry order. `only` limits them to some tasks (by id), `schedule` to the units reporting on
    /// one schedule.
    public func assignments(
        in registry: UnitRegistry, reports: [TaskReport], at instant: Date, only: Set<String>? = nil, schedule: String? = nil
    ) -> [TaskAssignment] {
        // Keyed by the task's and the unit's places rather than their ids run together: a commune-scale register has 16,000
        // (task, unit) pairs, and making a string key of each was most of a late check's cost.
        var latest: [Int: TaskReport] = [:]
        latest.reserveCapacity(reports.count)
        for report in reports where report.receivedAt <= instant {
            guard let task = taskIndex[report.progress.taskId], let unit = registry.position(of: report.unitCode) else { continue }
            let key = unit &* tasks.count &+ task
            if let known = latest[key], (known.receivedAt, known.submissionId) > (report.receivedAt, report.submissionId) { continue }
            latest[key] = report
        }
        let day = VietnamTime.date(of: instant)
        // Which units are the schedule's, asked once per unit rather than once per (task, unit).
        let included = schedule.map { id in registry.units.map { $0.reports(on: id) } }
        // The pairs found first, then made into assignments at once: an array of assignments grown by appending held
        // twice their size while it grew (27 MB at the peak of a commune-scale synthesis).
        var pairs: [(task: Int, unit: Int)] = []
        for (t, task) in tasks.enumerated() where task.assignedOn <= day && only.map({ $0.contains(task.id) }) != false {
            for (u, unit) in registry.units.enumerated() where included?[u] != false && task.fallsTo(unit, on: day) {
                pairs.append((t, u))
            }
        }
        return pairs.map { pair in
            let (task, word) = (tasks[pair.task], latest[pair.unit &* tasks.count &+ pair.task])
            return TaskAssignment(task: task, unit: registry.units[pair.unit], state: .of(task, latest: word?.progress, at: instant), latest: word)
        }
    }
}
