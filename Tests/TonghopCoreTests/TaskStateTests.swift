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

    /// Every (task, unit) pair is found by the task's assignees exactly as asking every unit whether the task falls to it
    /// finds them: by code (named twice, or also of a kind named), kind and schedule (one the registry lists twice for a
    /// unit), a unit merged away before the task was assigned and one set up after the day asked, in register order, then
    /// registry order.
    @Test func theUnitsATaskFallsToAreThoseAskingEveryUnitFinds() {
        let day = LocalDate(year: 2025, month: 7, day: 1)
        let (early, late) = (LocalDate(year: 2025, month: 1, day: 1), LocalDate(year: 2025, month: 12, day: 1))
        let units = [
            ReportingUnit(code: "HN", name: "Hà Nội", kind: .city, scheduleIds: ["province-weekly"], validFrom: early),
            ReportingUnit(code: "BNV", name: "Bộ Nội vụ", kind: .ministry, scheduleIds: ["central-weekly"], validFrom: early),
            ReportingUnit(code: "HG", name: "Hà Giang", kind: .province, scheduleIds: ["province-weekly"], validFrom: early, validTo: early),
            ReportingUnit(code: "TQ", name: "Tuyên Quang", kind: .province, scheduleIds: ["province-weekly", "monthly"], validFrom: early),
            ReportingUnit(code: "UBDT", name: "Ủy ban Dân tộc", kind: .ministerialAgency, scheduleIds: ["monthly"], validFrom: early),
            ReportingUnit(code: "MOI", name: "Tỉnh mới", kind: .province, scheduleIds: ["province-weekly"], validFrom: late),
            ReportingUnit(code: "BTP", name: "Bộ Tư pháp", kind: .ministry, scheduleIds: ["central-weekly"], validFrom: early),
            ReportingUnit(code: "LS", name: "Lạng Sơn", kind: .province, scheduleIds: ["monthly", "monthly"], validFrom: early),
        ]
        let registry = UnitRegistry(version: "t", units: units)
        let assignees = [
            Assignees(units: ["BNV", "BNV", "HN"], kinds: [.city]), Assignees(kinds: [.province, .ministry]), Assignees(schedules: ["monthly"]),
            Assignees(units: ["KHONG-CO"]), Assignees(), Assignees(units: ["BTP"], kinds: [.ministerialAgency], schedules: ["province-weekly"]),
        ]
        let tasks = assignees.enumerated().map { k, who in
            AssignedTask(
                id: "t\(k)", directiveId: "d", text: "Việc \(k)", assignees: who, deadline: nil, product: "Báo cáo",
                assignedOn: LocalDate(year: 2025, month: 6, day: 3))
        }
        let register = TaskRegister(tasks: tasks)
        // Words on tasks from units in turn, an unknown task after a known one (twice), an unknown unit, a word after the
        // instant, and a word stored after another of the same pair but received before it: each pair's latest is the one
        // received last by the instant, whatever unit or task came before it.
        func word(_ submission: Int64, _ unit: String, _ task: String, _ at: String) -> TaskReport {
            TaskReport(
                submissionId: submission, unitCode: unit, periodKey: "2025-W26", receivedAt: Self.at(at),
                progress: TaskProgress(taskId: task, status: .inProgress))
        }
        let words = [
            word(1, "HN", "t0", "2025-06-20T08:00:00+07:00"), word(1, "HN", "khong-co", "2025-06-20T08:00:00+07:00"),
            word(1, "HN", "t5", "2025-06-20T08:00:00+07:00"), word(1, "HN", "khong-co", "2025-06-20T08:00:00+07:00"),
            word(2, "TQ", "t1", "2025-06-21T08:00:00+07:00"),
            word(2, "TQ", "t5", "2025-06-21T08:00:00+07:00"), word(3, "XX", "t1", "2025-06-22T08:00:00+07:00"),
            word(4, "HN", "t0", "2025-06-27T08:00:00+07:00"), word(5, "TQ", "t1", "2025-06-19T08:00:00+07:00"),
            word(6, "TQ", "t2", "2025-07-02T08:00:00+07:00"),
        ]
        let found = register.assignmentPlaces(in: registry, reports: words, at: Self.at("2025-07-01T12:00:00+07:00")).map {
            [$0.task, $0.unit, $0.latest ?? -1]
        }
        let asked = register.tasks.indices.flatMap { t in
            units.indices.filter { register.tasks[t].fallsTo(units[$0], on: day) }.map { u in
                let latest = words.indices.filter {
                    words[$0].unitCode == units[u].code && words[$0].progress.taskId == register.tasks[t].id
                        && words[$0].receivedAt <= Self.at("2025-07-01T12:00:00+07:00")
                }.max { words[$0].receivedAt < words[$1].receivedAt }
                return [t, u, latest ?? -1]
            }
        }
        #expect(found == asked)
        #expect(found.count == 13 && found.filter { $0[2] >= 0 }.count == 4, "\(found)")
    }

    /// A unit's tasks found from the register's storage are those each task says falls to it, on any day: before a task
    /// is assigned, on the day, after; for a unit merged away before, on or after a task's day, one set up since, named,
    /// of a kind or schedule named, or none.
    @Test func aUnitsTasksAreThoseEachTaskSaysFallToIt() {
        func day(_ month: Int, _ day: Int) -> LocalDate { LocalDate(year: 2025, month: month, day: day) }
        let units = [
            ReportingUnit(code: "HN", name: "Hà Nội", kind: .city, scheduleIds: ["province-weekly"], validFrom: day(1, 1)),
            ReportingUnit(code: "BNV", name: "Bộ Nội vụ", kind: .ministry, scheduleIds: ["central-weekly"], validFrom: day(1, 1)),
            ReportingUnit(code: "HG", name: "Hà Giang", kind: .province, scheduleIds: ["province-weekly"], validFrom: day(1, 1), validTo: day(6, 2)),
            ReportingUnit(code: "HG2", name: "Hà Giang", kind: .province, scheduleIds: ["province-weekly"], validFrom: day(1, 1), validTo: day(6, 4)),
            ReportingUnit(code: "TQ", name: "Tuyên Quang", kind: .province, scheduleIds: ["province-weekly", "monthly"], validFrom: day(1, 1)),
            ReportingUnit(code: "MOI", name: "Tỉnh mới", kind: .province, scheduleIds: ["province-weekly"], validFrom: day(7, 1)),
            ReportingUnit(code: "UBDT", name: "Ủy ban Dân tộc", kind: .ministerialAgency, scheduleIds: ["monthly"], validFrom: day(1, 1)),
        ]
        let assignees = [
            Assignees(units: ["BNV", "HN"], kinds: [.city]), Assignees(kinds: [.province, .ministry]), Assignees(schedules: ["monthly"]),
            Assignees(units: ["KHONG-CO"]), Assignees(), Assignees(units: ["HG2"], kinds: [.ministerialAgency], schedules: ["province-weekly"]),
        ]
        let register = TaskRegister(
            tasks: assignees.enumerated().map { k, who in
                AssignedTask(
                    id: "t\(k)", directiveId: "d", text: "Việc \(k)", assignees: who, deadline: nil, product: "Báo cáo",
                    assignedOn: day(6, 3 + k % 3))
            })
        var found = 0
        for unit in units {
            for on in [day(1, 1), day(6, 2), day(6, 3), day(6, 4), day(6, 5), day(7, 1), day(12, 31)] {
                let places = register.taskPlaces(of: unit, on: on)
                #expect(places == register.tasks.indices.filter { register.tasks[$0].fallsTo(unit, on: on) }, "\(unit.code) on \(on)")
                found += places.count
            }
        }
        #expect(found == 41, "\(found)")
    }
}
