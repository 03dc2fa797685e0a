import Foundation
import Testing
import TonghopCore
import TonghopSynthesis

@Suite struct TaskSectionTests {
    static func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }
    static let ministry = ReportingUnit(code: "BXD", name: "Bộ Xây dựng", kind: .ministry, scheduleIds: [], validFrom: day("2025-03-01"))
    static let province = ReportingUnit(code: "HN", name: "Thành phố Hà Nội", kind: .city, scheduleIds: [], validFrom: day("2025-07-01"))
    static let registry = UnitRegistry(version: "t", units: [province, ministry])
    static func task(_ id: String, deadline: String?, kinds: [UnitKind] = [.ministry, .city]) -> AssignedTask {
        AssignedTask(
            id: id, directiveId: "cv", text: "Nhiệm vụ \(id)", assignees: Assignees(kinds: kinds),
            deadline: deadline.flatMap(TaskDeadline.init(parsing:)), product: "Văn bản", assignedOn: day("2025-08-01"))
    }
    static let register = TaskRegister(
        directives: [
            Directive(
                id: "cv", symbol: "1/CV-BCĐ", kind: "Công văn", date: day("2025-08-01"), issuer: "Ban Chỉ đạo", subject: "về",
                unreportedSeverity: .warning)
        ],
        tasks: [task("past", deadline: "2025-08-31"), task("soon", deadline: "2025-12-01"), task("later", deadline: "2025-12-31")])

    static func report(_ unit: String, _ task: String, _ status: TaskStatus, on day: String? = nil, received: String) -> TaskReport {
        TaskReport(
            submissionId: 1, unitCode: unit, periodKey: "2025-W46", receivedAt: ISO8601.instant(received)!,
            progress: TaskProgress(taskId: task, status: status, completedOn: day.map(Self.day), product: "Quyết định số 1/QĐ"))
    }

    @Test func theSectionCountsByGroupListsOverdueByUnitAndLooksTwoWeeksAhead() throws {
        let reports = [
            Self.report("HN", "past", .completed, on: "2025-11-17", received: "2025-11-20T07:00:00+07:00"),
            Self.report("BXD", "past", .inProgress, received: "2025-11-17T10:00:00+07:00"),
            Self.report("BXD", "soon", .inProgress, received: "2025-11-17T10:00:00+07:00"),
        ]
        let section = TaskSection.make(
            register: Self.register, registry: Self.registry, reports: reports, firstDay: Self.day("2025-11-13"), lastDay: Self.day("2025-11-19"),
            asOf: ISO8601.instant("2025-11-20T09:00:00+07:00")!)
        #expect(section.directives == ["Công văn số 1/CV-BCĐ ngày 01/08/2025"])
        let all = try #require(section.counts.first { $0.scope == "all" })
        #expect((all.total, all.completedLate, all.overdue, all.inProgress, all.notReported) == (6, 1, 1, 1, 3))
        #expect(section.counts.first { $0.scope == "provinces" }?.total == 3 && section.counts.first { $0.scope == "central" }?.overdue == 1)
        #expect(section.overdue.map(\.unit.code) == ["BXD"] && section.overdue[0].items.map(\.days) == [81])
        // Done on 17/11, within the week of 13–19/11: listed with its product, 78 days after its deadline.
        #expect(section.completedInPeriod.map(\.unit.code) == ["HN"] && section.completedInPeriod[0].days == 78)
        #expect(section.completedInPeriod[0].product == "Quyết định số 1/QĐ")
        // Due on 01/12, eleven days after 20/11; the one due 31/12 is beyond the fourteen days.
        #expect(section.dueSoon.map(\.taskId) == ["soon", "soon"] && section.dueSoon.map(\.unit.code) == ["HN", "BXD"])
    }

    @Test func tasksCompletedInThePeriodListTheLateOnesFirst() throws {
        // In the register's order "past" comes before "soon"; done late, it is listed first whatever the order.
        let reports = [
            Self.report("HN", "soon", .completed, on: "2025-11-14", received: "2025-11-20T07:00:00+07:00"),
            Self.report("BXD", "soon", .completed, on: "2025-11-18", received: "2025-11-18T07:00:00+07:00"),
            Self.report("BXD", "past", .completed, on: "2025-11-17", received: "2025-11-18T07:00:00+07:00"),
            Self.report("HN", "later", .completed, on: "2025-11-19", received: "2025-11-20T07:00:00+07:00"),
        ]
        let section = TaskSection.make(
            register: Self.register, registry: Self.registry, reports: reports, firstDay: Self.day("2025-11-13"), lastDay: Self.day("2025-11-19"),
            asOf: ISO8601.instant("2025-11-20T09:00:00+07:00")!)
        #expect(
            section.completedInPeriod.map { "\($0.taskId) \($0.unit.code) \($0.state.rawValue)" } == [
                "past BXD completed-late", "soon HN completed-on-time", "soon BXD completed-on-time", "later HN completed-on-time",
            ])
    }

    /// A section made for the worded formats writes out only the tasks it lists: the same lists, in the same order, and
    /// no sheet of every pair.
    @Test func withoutEveryTaskTheListsAreTheSameAndOnlyTheSheetIsLeftOut() throws {
        let reports = [
            Self.report("HN", "past", .completed, on: "2025-11-17", received: "2025-11-20T07:00:00+07:00"),
            Self.report("BXD", "soon", .completed, on: "2025-11-18", received: "2025-11-18T07:00:00+07:00"),
            Self.report("BXD", "past", .inProgress, received: "2025-11-17T10:00:00+07:00"),
        ]
        func section(_ everyTask: Bool) -> TaskSection {
            TaskSection.make(
                register: Self.register, registry: Self.registry, reports: reports, firstDay: Self.day("2025-11-13"),
                lastDay: Self.day("2025-11-19"), asOf: ISO8601.instant("2025-11-20T09:00:00+07:00")!, everyTask: everyTask)
        }
        let (whole, listed) = (section(true), section(false))
        func names(_ items: [TaskItem]) -> [String] { items.map { "\($0.taskId) \($0.unit.code) \($0.state.rawValue) \($0.days ?? -1)" } }
        #expect(names(listed.completedInPeriod) == names(whole.completedInPeriod) && !listed.completedInPeriod.isEmpty)
        #expect(names(listed.dueSoon) == names(whole.dueSoon) && !listed.dueSoon.isEmpty)
        #expect(listed.overdue.map { names($0.items) } == whole.overdue.map { names($0.items) } && !listed.overdue.isEmpty)
        #expect(listed.counts == whole.counts && listed.directives == whole.directives)
        #expect(listed.assignments.isEmpty && whole.assignments.count == 6 && !listed.isEmpty && !whole.isEmpty)
    }

    @Test func aRegisterWithoutTasksMakesAnEmptySection() {
        let section = TaskSection.make(
            register: TaskRegister(), registry: Self.registry, reports: [], firstDay: Self.day("2025-11-13"), lastDay: Self.day("2025-11-19"),
            asOf: Date())
        #expect(section.isEmpty && section.overdue.isEmpty && section.counts.allSatisfy { $0.total == 0 })
    }
}
