import Foundation
import Testing
import TonghopCore

@Suite struct TaskStateTests {
    static let assigned = LocalDate(year: 2025, month: 6, day: 3)
    static func task(_ deadline: String?) -> AssignedTask {
        AssignedTask(
            id: "t", directiveId: "d", text: "Ban hành nghị định", assignees: Assignees(kinds: [.ministry]),
            deadline: deadline.flatMap(TaskDeadline.init(parsing:)), product: "Nghị định", assignedOn: assigned)
    }
    static func done(_ day: String) -> TaskProgress {
        TaskProgress(taskId: "t", status: .completed, completedOn: LocalDate(iso: day))
    }
    static func at(_ text: String) -> Date { ISO8601.instant(text)! }

    @Test func aTaskDoneOnItsDeadlineDayIsOnTimeAndTheDayAfterLate() {
        let task = Self.task("2025-06-15")
        let later = Self.at("2025-07-01T00:00:00+07:00")
        #expect(TaskState.of(task, latest: Self.done("2025-06-15"), at: later) == .completedOnTime)
        #expect(TaskState.of(task, latest: Self.done("2025-06-16"), at: later) == .completedLate(days: 1))
    }

    @Test func aDateDeadlineRunsToTheEndOfItsDayInVietnam() {
        let task = Self.task("2025-06-15")
        let working = TaskProgress(taskId: "t", status: .inProgress)
        #expect(TaskState.of(task, latest: working, at: Self.at("2025-06-15T23:59:59+07:00")) == .inProgress)
        #expect(TaskState.of(task, latest: working, at: Self.at("2025-06-16T00:00:00+07:00")) == .overdue(days: 1))
        #expect(TaskState.of(task, latest: nil, at: Self.at("2025-06-15T12:00:00+07:00")) == .notReported)
        #expect(TaskState.of(task, latest: nil, at: Self.at("2025-06-20T12:00:00+07:00")) == .overdue(days: 5), "unreported and past due")
    }

    @Test func aDeadlineAtAnHourFallsAtThatMinute() {
        let task = Self.task("2025-06-05 08:00")
        let working = TaskProgress(taskId: "t", status: .notStarted)
        #expect(TaskState.of(task, latest: working, at: Self.at("2025-06-05T07:59:59+07:00")) == .inProgress)
        #expect(TaskState.of(task, latest: working, at: Self.at("2025-06-05T08:00:00+07:00")) == .overdue(days: 0))
        // A report gives the day a task was done, not the hour: done on the deadline's day is on time.
        #expect(TaskState.of(task, latest: Self.done("2025-06-05"), at: Self.at("2025-06-06T09:00:00+07:00")) == .completedOnTime)
    }

    @Test func aRegularTaskIsNeverOverdue() {
        let task = Self.task(nil)
        #expect(TaskState.of(task, latest: nil, at: Self.at("2030-01-01T00:00:00+07:00")) == .notReported)
        #expect(TaskState.of(task, latest: Self.done("2025-07-01"), at: Self.at("2030-01-01T00:00:00+07:00")) == .completedOnTime)
    }

    @Test func assigneesAreExpandedOverTheRegistrysValidityDates() {
        let merged = ReportingUnit(
            code: "OLD", name: "Bộ cũ", kind: .ministry, scheduleIds: [], validFrom: LocalDate(year: 2020, month: 1, day: 1),
            validTo: LocalDate(year: 2025, month: 5, day: 31))
        let current = ReportingUnit(code: "NEW", name: "Bộ mới", kind: .ministry, scheduleIds: [], validFrom: LocalDate(year: 2025, month: 3, day: 1))
        let later = ReportingUnit(code: "LATER", name: "Bộ sau", kind: .ministry, scheduleIds: [], validFrom: LocalDate(year: 2026, month: 1, day: 1))
        let province = ReportingUnit(code: "P", name: "Tỉnh", kind: .province, scheduleIds: [], validFrom: LocalDate(year: 2025, month: 1, day: 1))
        let registry = UnitRegistry(version: "t", units: [merged, current, later, province])
        let register = TaskRegister(tasks: [Self.task("2025-06-15")])
        let task = register.tasks[0]
        #expect(register.assignees(of: task, in: registry, on: LocalDate(year: 2025, month: 6, day: 10)).map(\.code) == ["NEW"])
        #expect(register.assignees(of: task, in: registry, on: LocalDate(year: 2026, month: 2, day: 1)).map(\.code) == ["NEW", "LATER"])
        #expect(register.assignees(of: task, in: registry, on: LocalDate(year: 2025, month: 6, day: 2)).isEmpty, "before it was assigned")
    }
}
