import Foundation
import TonghopCore
import TonghopIngest

/// The cron job's work: flag, once, each expected unit with no report for each period whose deadline has passed, each
/// unit's task that has become overdue, and each returned report whose correction is overdue.
public struct LateCheck: Sendable {
    public let catalog: Catalog
    public let storage: any Storage

    public init(catalog: Catalog, storage: any Storage) {
        self.catalog = catalog
        self.storage = storage
    }

    /// Runs the check at `at` for every schedule (or one), over the periods from `since` (default: the first day any
    /// unit in the registry exists).
    ///
    /// Periods an earlier run already checked against the same registry, at or before `at`, are not looked at again:
    /// their flags exist, and a report arriving late for one resolves its flag all the same. A run at an earlier
    /// instant than the last, or after the registry changed, checks every period as the first run did. Unless limited to
    /// one schedule, it also flags the tasks overdue at `at` and resolves the flags of those reported done since.
    public func run(at: Date, since: LocalDate? = nil, schedule: String? = nil) throws -> LateCheckResult {
        let database = storage
        let start = since ?? catalog.registry.units.map(\.validFrom).min() ?? VietnamTime.date(of: at)
        let candidates = catalog.schedules.values.sorted(by: { $0.id < $1.id }).filter { schedule == nil || $0.id == schedule }
        // What the registry says of each schedule's units, written out and hashed on another core while the marks are
        // read, and the task register's likewise while the flags are written: made one after the other on this thread,
        // the digests were 22 of the check's 78 million instructions at commune scale, the other core idle.
        let registry = catalog.registry
        let digesting = Background {
            // Each schedule's units by their places in the registry, found in one pass: asking every unit whether it
            // reports on each schedule compared 10,000 lists of schedules.
            var places: [String: [Int]] = [:]
            for index in registry.units.indices {
                for id in registry.units[index].scheduleIds where places[id]?.last != index { places[id, default: []].append(index) }
            }
            return candidates.map { candidate in
                let reporting = places[candidate.id] ?? []
                return (reporting: reporting, digest: Self.registryDigest(registry, units: reporting, periodType: candidate.periodType))
            }
        }
        let marks = try database.lateCheckMarks()
        let digested = try digesting.wait()
        let (register, checksTasks) = (catalog.tasks, schedule == nil && !catalog.tasks.isEmpty)
        let taskDigest = checksTasks ? Background { Self.taskDigest(register, registry) } : nil
        var expected: [(period: Period, deadline: Date, units: [String])] = []
        var newMarks: [LateCheckMark] = []
        for (candidate, (reporting, registryDigest)) in zip(candidates, digested) {
            let closed = candidate.closedPeriods(from: start, at: at)
            guard let last = closed.last else { continue }
            // The tracking start is part of what the mark was checked against: moving it checks every period again.
            let digest = registryDigest + (candidate.trackedFrom.map { " from \($0)" } ?? "")
            var fromDay = start
            var toCheck = closed[...]
            if let mark = marks[candidate.id], mark.registryDigest == digest, mark.checkedAt <= at, mark.fromDay <= start {
                toCheck = closed.drop { $0.firstDay <= mark.throughFirstDay }
                fromDay = mark.fromDay
            }
            // Periods before the schedule is tracked are never flagged (a new installation does not flag months it did not see).
            for period in toCheck where candidate.isTracked(period) {
                let units = reporting.filter { registry.units[$0].isActive(during: period) }.map { registry.units[$0].code }
                if !units.isEmpty { expected.append((period, candidate.onTimeLimit(of: period), units)) }
            }
            newMarks.append(
                LateCheckMark(scheduleId: candidate.id, registryDigest: digest, fromDay: fromDay, throughFirstDay: last.firstDay, checkedAt: at))
        }
        var result = try database.recordLateFlags(expected: expected, at: at, schedule: schedule, marks: newMarks)
        if let taskDigest { result.tasks = try checkTasks(at: at, digest: try taskDigest.wait()) }
        // Returned reports whose correction is overdue, flagged once and resolved when it arrives, as late reports are.
        if schedule == nil { result.corrections = try database.recordCorrectionFlags(at: at) }
        return result
    }

    /// Flags the tasks overdue at `at` and resolves the flags of those reported done since.
    ///
    /// A run on the same day as the last, at the same or a later instant, against the same tasks and units, looks only at
    /// what can have changed since: the tasks whose deadline came in between, for every unit, and every task of the units
    /// that sent a word since. Every other (task, unit) stands as it stood: its deadline had passed or not, its latest word
    /// is the same, and which tasks fall to which units changes only with the day. At commune scale a cron run every few
    /// minutes then weighs nothing, or a handful of units, instead of reading and weighing 16,000 pairs each time.
    /// `digest` is the register's and the registry's now (`taskDigest`), made beside the check of reports.
    private func checkTasks(at: Date, digest: String) throws -> TaskFlagResult {
        let register = catalog.tasks
        // The newest submission is read before the words: one stored meanwhile is newer than the mark, and looked at next time.
        let (mark, newest) = try storage.taskCheckMark()
        // Only the tasks that can be overdue at `at` (their deadline passed) or that have a flag to resolve: a
        // commune-scale register has 16,000 (task, unit) pairs, most not yet due.
        func dueOrFlagged() throws -> Set<String> {
            Set(register.tasks.filter { $0.deadline.map { $0.instant <= at } ?? false }.map(\.id)).union(try storage.openTaskFlagTasks())
        }
        let asked: Set<String>
        var looksAt: (TaskAssignment) -> Bool = { _ in true }
        if let mark, mark.digest == digest, mark.checkedAt <= at, VietnamTime.date(of: mark.checkedAt) == VietnamTime.date(of: at) {
            let newlyDue = Set(register.tasks.filter { $0.deadline.map { $0.instant >= mark.checkedAt && $0.instant <= at } ?? false }.map(\.id))
            let units = try storage.unitsWithTaskWords(since: mark)
            asked = units.isEmpty ? newlyDue : try dueOrFlagged()
            looksAt = { newlyDue.contains($0.task.id) || units.contains($0.unit.code) }
        } else {
            asked = try dueOrFlagged()
        }
        var overdue: [(taskId: String, unitCode: String, deadline: Date)] = []
        var completed: [(taskId: String, unitCode: String, submissionId: Int64, receivedAt: Date)] = []
        if !asked.isEmpty {
            let reports = try storage.taskReports(receivedBy: at, unit: nil, tasks: asked.sorted())
            for assignment in register.assignments(in: catalog.registry, reports: reports, at: at, only: asked) where looksAt(assignment) {
                switch (assignment.state, assignment.task.deadline, assignment.latest) {
                case (.overdue, let deadline?, _): overdue.append((assignment.task.id, assignment.unit.code, deadline.instant))
                case (.completedOnTime, _, let latest?), (.completedLate, _, let latest?):
                    completed.append((assignment.task.id, assignment.unit.code, latest.submissionId, latest.receivedAt))
                default: break
                }
            }
        }
        // Kept only if no other run left a mark meanwhile: one at an earlier instant may have flagged what this one
        // did not weigh again.
        return try storage.recordTaskFlags(
            overdue: overdue, completed: completed, at: at, mark: TaskCheckMark(digest: digest, checkedAt: at, throughSubmissionId: newest),
            replacing: mark)
    }

    /// What decides which tasks fall to which units and when they are due: the tasks' assignees, assignment days and
    /// deadlines, and every unit's kind, schedules and validity.
    static func taskDigest(_ register: TaskRegister, _ registry: UnitRegistry) -> String {
        var text = ByteWriter(capacity: 64 * (register.tasks.count + registry.units.count))
        // The version of how the check weighs a pair: a binary that judges words differently weighs every pair again.
        text.raw("tasks 1\n")
        for task in register.tasks {
            let assignees = task.assignees
            text.text(task.id)
            text.byte(tab)
            text.text(task.assignedOn.description)
            text.byte(tab)
            if let deadline = task.deadline {
                text.text(deadline.day.description)
                text.byte(UInt8(ascii: " "))
                text.integer(deadline.minutes ?? -1)
            }
            text.byte(tab)
            list(assignees.units, into: &text)
            text.byte(tab)
            list(assignees.kinds.map(\.rawValue), into: &text)
            text.byte(tab)
            list(assignees.schedules, into: &text)
            text.byte(newline)
        }
        for index in registry.units.indices {
            text.text(registry.units[index].code)
            text.byte(tab)
            text.text(registry.units[index].kind.rawValue)
            text.byte(tab)
            validity(of: registry.units[index], into: &text)
        }
        return sha256Hex(text.bytes)
    }

    /// What decides who is expected on a schedule: its units (`units`' places in the registry) with their validity,
    /// and how its periods are cut.
    static func registryDigest(_ registry: UnitRegistry, units: [Int], periodType: PeriodType) -> String {
        var text = ByteWriter(capacity: 64 * units.count)
        // Spelt out rather than interpolated: `String(describing:)` on an enum with a payload looks up at run time which of
        // a dozen protocols it conforms to, scanning every conformance of the binary for each (2 ms of every late check).
        switch periodType {
        case .weekly(let startsOn): text.text("weekly from \(startsOn.rawValue)\n")
        case .monthly(let closesOnDay): text.text("monthly to day \(closesOnDay)\n")
        }
        for index in units {
            text.text(registry.units[index].code)
            text.byte(tab)
            validity(of: registry.units[index], into: &text)
        }
        return sha256Hex(text.bytes)
    }

    // The digests' texts are written field by field into bytes, each unit and task read in its place: made of arrays of
    // fields joined, and of the registry's units copied for each schedule, they were 60% of the digests' instructions.
    private static let (tab, newline) = (UInt8(0x09), UInt8(0x0A))

    /// The end of a unit's line in either digest: its schedules, the first day it exists and the last.
    private static func validity(of unit: ReportingUnit, into text: inout ByteWriter) {
        list(unit.scheduleIds, into: &text)
        text.byte(tab)
        text.text(unit.validFrom.description)
        text.byte(tab)
        if let validTo = unit.validTo { text.text(validTo.description) }
        text.byte(newline)
    }

    /// A field of ids: each, separated by commas.
    private static func list(_ ids: [String], into text: inout ByteWriter) {
        for (index, id) in ids.enumerated() {
            if index > 0 { text.byte(UInt8(ascii: ",")) }
            text.text(id)
        }
    }
}
