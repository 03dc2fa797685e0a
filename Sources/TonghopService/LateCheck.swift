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
        let marks = try database.lateCheckMarks()
        var expected: [(period: Period, deadline: Date, units: [String])] = []
        var newMarks: [LateCheckMark] = []
        for candidate in catalog.schedules.values.sorted(by: { $0.id < $1.id }) where schedule == nil || candidate.id == schedule {
            let closed = candidate.closedPeriods(from: start, at: at)
            guard let last = closed.last else { continue }
            let reporting = catalog.registry.units.filter { $0.reports(on: candidate.id) }
            // The tracking start is part of what the mark was checked against: moving it checks every period again.
            let digest = Self.registryDigest(reporting, periodType: candidate.periodType) + (candidate.trackedFrom.map { " from \($0)" } ?? "")
            var fromDay = start
            var toCheck = closed[...]
            if let mark = marks[candidate.id], mark.registryDigest == digest, mark.checkedAt <= at, mark.fromDay <= start {
                toCheck = closed.drop { $0.firstDay <= mark.throughFirstDay }
                fromDay = mark.fromDay
            }
            // Periods before the schedule is tracked are never flagged (a new installation does not flag months it did not see).
            for period in toCheck where candidate.isTracked(period) {
                let units = reporting.filter { $0.isActive(during: period) }.map(\.code)
                if !units.isEmpty { expected.append((period, candidate.onTimeLimit(of: period), units)) }
            }
            newMarks.append(
                LateCheckMark(scheduleId: candidate.id, registryDigest: digest, fromDay: fromDay, throughFirstDay: last.firstDay, checkedAt: at))
        }
        var result = try database.recordLateFlags(expected: expected, at: at, schedule: schedule, marks: newMarks)
        if schedule == nil && !catalog.tasks.isEmpty {
            // Only the tasks that can be overdue at `at` (their deadline passed) or that have a flag to resolve: a
            // commune-scale register has 16,000 (task, unit) pairs, most not yet due.
            let due = catalog.tasks.tasks.filter { $0.deadline.map { $0.instant <= at } ?? false }.map(\.id)
            let asked = Set(due).union(try database.openTaskFlagTasks())
            let reports = try database.taskReports(receivedBy: at, unit: nil, tasks: asked.sorted())
            let assignments = catalog.tasks.assignments(in: catalog.registry, reports: reports, at: at, only: asked)
            var overdue: [(taskId: String, unitCode: String, deadline: Date)] = []
            var completed: [(taskId: String, unitCode: String, submissionId: Int64, receivedAt: Date)] = []
            for assignment in assignments {
                switch (assignment.state, assignment.task.deadline, assignment.latest) {
                case (.overdue, let deadline?, _): overdue.append((assignment.task.id, assignment.unit.code, deadline.instant))
                case (.completedOnTime, _, let latest?), (.completedLate, _, let latest?):
                    completed.append((assignment.task.id, assignment.unit.code, latest.submissionId, latest.receivedAt))
                default: break
                }
            }
            result.tasks = try database.recordTaskFlags(overdue: overdue, completed: completed, at: at)
        }
        // Returned reports whose correction is overdue, flagged once and resolved when it arrives, as late reports are.
        if schedule == nil { result.corrections = try database.recordCorrectionFlags(at: at) }
        return result
    }

    /// What decides who is expected on a schedule: its units with their validity, and how its periods are cut.
    static func registryDigest(_ units: [ReportingUnit], periodType: PeriodType) -> String {
        var text = "\(periodType)\n"
        for unit in units {
            text +=
                unit.code + "\t" + unit.scheduleIds.joined(separator: ",") + "\t" + unit.validFrom.description + "\t"
                + (unit.validTo?.description ?? "") + "\n"
        }
        return sha256Hex(Data(text.utf8))
    }
}
