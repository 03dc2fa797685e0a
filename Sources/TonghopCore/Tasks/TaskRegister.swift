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
        taskPlaces(of: unit, on: day).map { tasks[$0] }
    }

    /// The places in `tasks` of those that fall to `unit` on `day`, in register order: what checking each report asks,
    /// twice (checking it, and storing it), without copying a task.
    public func taskPlaces(of unit: ReportingUnit, on day: LocalDate) -> [Int] {
        // Asked of each task's fields where it is stored: a call on the task there (`tasks[$0].fallsTo(…)`, even inlined,
        // even through the buffer) copied it whole first, its nine texts and lists retained and released, four fifths of
        // this for every report checked and stored. A test holds the two to the same answers.
        tasks.indices.filter { AssignedTask.falls(assignedOn: tasks[$0].assignedOn, to: tasks[$0].assignees, unit, on: day) }
    }

    /// Every (task, unit) at `instant`, each in the state the unit's reports received by then put it in: the latest report
    /// that speaks of the task decides, so a task reported done stays done until a later report says otherwise. In
    /// register order, then registry order. `only` limits them to some tasks (by id), `schedule` to the units reporting on
    /// one schedule.
    public func assignments(
        in registry: UnitRegistry, reports: [TaskReport], at instant: Date, only: Set<String>? = nil, schedule: String? = nil
    ) -> [TaskAssignment] {
        assignmentPlaces(in: registry, reports: reports, at: instant, only: only, schedule: schedule).map { place in
            TaskAssignment(
                task: tasks[place.task], unit: registry.units[place.unit], state: place.state, latest: place.latest.map { reports[$0] })
        }
    }

    /// The same pairs as `assignments`, each by the places of its task, unit and latest report: a few bytes each rather
    /// than copies of the three (16,000 pairs at commune scale were 13 MB of a synthesis' peak).
    public func assignmentPlaces(
        in registry: UnitRegistry, reports: [TaskReport], at instant: Date, only: Set<String>? = nil, schedule: String? = nil
    ) -> [AssignmentPlace] {
        // Keyed by the task's and the unit's places rather than their ids run together: a commune-scale register has 16,000
        // (task, unit) pairs, and making a string key of each was most of a late check's cost.
        var latest: [Int: Int] = [:]
        latest.reserveCapacity(reports.count)
        // By index, reading each element in place: a loop over the elements copies each report and unit whole, every
        // text of it retained and released (a fifth of a commune-scale task section).
        // A unit's words on its tasks come together, and its tasks are a few: the last unit's and the last tasks' places
        // kept, compared before hashing (two lookups by text for each of 16,000 words were a fifth of this).
        var (recentUnit, recentTasks) = (RecentPlaces(capacity: 1), RecentPlaces())
        for r in reports.indices where reports[r].receivedAt <= instant {
            guard let task = recentTasks.place(of: reports[r].progress.taskId, lookUp: { taskIndex[$0] }),
                let unit = recentUnit.place(of: reports[r].unitCode, lookUp: registry.position(of:))
            else { continue }
            let key = unit &* tasks.count &+ task
            if let known = latest[key], (reports[known].receivedAt, reports[known].submissionId) > (reports[r].receivedAt, reports[r].submissionId) {
                continue
            }
            latest[key] = r
        }
        let day = VietnamTime.date(of: instant)
        // Which units are the schedule's, asked once per unit rather than once per (task, unit).
        let included = schedule.map { id in registry.units.map { $0.reports(on: id) } }
        var places: [AssignmentPlace] = []
        // The units through a buffer, whose elements are read where they are (an array's are copied to be handed on).
        registry.units.withUnsafeBufferPointer { units in
            let candidates = AssigneeIndex(units, tasks: tasks)
            for (t, task) in tasks.enumerated() where task.assignedOn <= day && only.map({ $0.contains(task.id) }) != false {
                for u in candidates.positions(of: task.assignees) where included?[u] != false && task.fallsTo(units[u], on: day) {
                    let word = latest[u &* tasks.count &+ t]
                    let state = TaskState.of(task, latest: word.map { reports[$0].progress }, at: instant)
                    places.append(AssignmentPlace(task: t, unit: u, state: state, latest: word))
                }
            }
        }
        return places
    }
}

/// The places of the registry's units by kind, and by the schedules and codes the tasks name: the units a task may fall
/// to, found by its assignees rather than by asking every unit of every task (27 tasks and 3,300 units at commune scale,
/// 90,000 questions, each copying the unit, were most of working out the tasks' states).
private struct AssigneeIndex {
    private var byKind: [UnitKind: [Int]] = [:]
    private var bySchedule: [String: [Int]] = [:]
    private var byCode: [String: [Int]] = [:]

    init(_ units: UnsafeBufferPointer<ReportingUnit>, tasks: [AssignedTask]) {
        let codes = Set(tasks.flatMap(\.assignees.units)), schedules = Set(tasks.flatMap(\.assignees.schedules))
        for u in units.indices {
            byKind[units[u].kind, default: []].append(u)
            if !codes.isEmpty && codes.contains(units[u].code) { byCode[units[u].code, default: []].append(u) }
            // Once per schedule, however often the registry lists it for the unit.
            for schedule in units[u].scheduleIds where schedules.contains(schedule) && bySchedule[schedule]?.last != u {
                bySchedule[schedule, default: []].append(u)
            }
        }
    }

    /// The places of the units `assignees` include (see `Assignees.include`), in registry order, each once.
    func positions(of assignees: Assignees) -> [Int] {
        let lists =
            assignees.units.compactMap { byCode[$0] } + assignees.kinds.compactMap { byKind[$0] } + assignees.schedules.compactMap { bySchedule[$0] }
        if lists.count <= 1 { return lists.first ?? [] }
        // Several lists marked on one row of flags and read back in order: hashed into a set and sorted, thousands of
        // places cost more than the questions this saves.
        var marked = [Bool](repeating: false, count: (lists.lazy.compactMap(\.last).max() ?? -1) + 1)
        for list in lists { for place in list { marked[place] = true } }
        return marked.indices.filter { marked[$0] }
    }
}

/// One (task, unit) pair and its state, by places: the task's in the register's `tasks`, the unit's in the registry's
/// `units`, and the unit's latest word on the task in the reports it was worked out from (nil when it has none).
public struct AssignmentPlace: Sendable, Hashable {
    public var task: Int
    public var unit: Int
    public var state: TaskState
    public var latest: Int?
}
