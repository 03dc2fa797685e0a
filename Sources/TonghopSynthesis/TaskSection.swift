import Foundation
import TonghopCore

/// "Tình hình thực hiện nhiệm vụ được giao": where the directives' tasks stand at the synthesis' instant, counted as the
/// Government Office counts assigned tasks, with the overdue ones by agency, those completed in the period and those due
/// in the next two weeks.
public struct TaskSection: Sendable, Codable {
    /// The directives whose tasks are counted (assigned by the synthesis' instant), as documents cite them.
    public var directives: [String]
    /// Every (task, unit), then the provinces' and the central agencies'.
    public var counts: [TaskCounts]
    /// The overdue tasks of each unit that has any, in registry order.
    public var overdue: [TaskUnitGroup]
    /// Tasks reported done on a day of the period, with their products.
    public var completedInPeriod: [TaskItem]
    /// Tasks not done whose deadline falls in the 14 days after the synthesis' instant, soonest first.
    public var dueSoon: [TaskItem]
    /// Every (task, unit), in register then registry order: the workbook's sheet of tasks, the CSV's rows of tasks. Empty
    /// in a synthesis made for the worded documents (`SynthesisScope.worded`), which list only the tasks above.
    public var assignments: [TaskItem]

    /// How far ahead `dueSoon` looks.
    public static let dueSoonDays = 14

    /// Whether no task falls to any unit (the counts of every pair say it, listed or not).
    public var isEmpty: Bool { (counts.first?.total ?? 0) == 0 }
}

/// The count of (task, unit) pairs in each state, for one group of units.
public struct TaskCounts: Sendable, Codable, Equatable {
    /// `all`, `provinces` or `central`.
    public var scope: String
    public var label: LocalizedText
    public var completedOnTime: Int
    public var completedLate: Int
    public var inProgress: Int
    public var overdue: Int
    public var notReported: Int

    public var total: Int { completedOnTime + completedLate + inProgress + overdue + notReported }
}

/// A unit and its tasks in one state.
public struct TaskUnitGroup: Sendable, Codable {
    public var unit: UnitRef
    public var items: [TaskItem]
}

/// One task of one unit, as a document lists it.
public struct TaskItem: Sendable, Codable {
    public var taskId: String
    public var text: String
    /// "Công văn số 69/CV-BCĐ ngày 03/06/2025".
    public var directive: String
    /// ISO 8601 (`2025-06-15`, or with the hour in Vietnam time); nil for a task done regularly.
    public var deadline: String?
    /// "15/06/2025", "08:00 ngày 05/06/2025", "thường xuyên".
    public var deadlineText: String
    public var unit: UnitRef
    /// The state's code (`overdue`, `completed-late`, …).
    public var state: TaskState.Kind
    /// Days overdue, or days late for a task completed late.
    public var days: Int?
    public var completedOn: LocalDate?
    public var product: String
    public var note: String
}

extension TaskSection {
    /// The section at `asOf`, for the period from `firstDay` to `lastDay`, from what the reports received by then say; of
    /// the units reporting on `schedule` only when one is given (the provinces' synthesis speaks of the provinces' tasks).
    ///
    /// Without `everyTask`, `assignments` is left empty and only the tasks the other lists name are written out: a
    /// commune-scale register has 16,000 pairs, and making each was most of the section's time.
    public static func make(
        register: TaskRegister, registry: UnitRegistry, reports: [TaskReport], firstDay: LocalDate, lastDay: LocalDate, asOf: Date,
        schedule: String? = nil, everyTask: Bool = true
    ) -> TaskSection {
        // By places, not copies of each pair's task, unit and report (see `assignmentPlaces`).
        let places = register.assignmentPlaces(in: registry, reports: reports, at: asOf, schedule: schedule)
        let (tasks, units) = (register.tasks, registry.units)
        // What each task says of itself, written once rather than for each of its units (16,000 at commune scale).
        let written = tasks.map { task in
            TaskText(
                directive: register.directive(task.directiveId)?.citation ?? task.directiveId, deadline: task.deadline?.iso,
                deadlineText: task.deadline?.text(in: .vi) ?? Message(.taskRegular).vi)
        }
        func made(_ i: Int) -> TaskItem {
            let place = places[i]
            return item(tasks[place.task], units[place.unit], place.state, place.latest.map { reports[$0].progress }, written[place.task])
        }
        let every = everyTask ? places.indices.map(made) : nil
        func items(_ indices: [Int]) -> [TaskItem] { indices.map { every?[$0] ?? made($0) } }
        func counts(_ scope: String, _ label: LocalizedText, _ included: (ReportingUnit) -> Bool) -> TaskCounts {
            var c = TaskCounts(scope: scope, label: label, completedOnTime: 0, completedLate: 0, inProgress: 0, overdue: 0, notReported: 0)
            for place in places where included(units[place.unit]) {
                switch place.state.kind {
                case .completedOnTime: c.completedOnTime += 1
                case .completedLate: c.completedLate += 1
                case .inProgress: c.inProgress += 1
                case .overdue: c.overdue += 1
                case .notReported: c.notReported += 1
                }
            }
            return c
        }
        let overdueByUnit = Dictionary(grouping: items(places.indices.filter { places[$0].state.kind == .overdue }), by: \.unit.code)
        let overdue = registry.units.compactMap { unit in overdueByUnit[unit.code].map { TaskUnitGroup(unit: $0[0].unit, items: $0) } }
        let today = VietnamTime.date(of: asOf)
        let horizon = today.adding(days: dueSoonDays)
        // Soonest first; on the same deadline, in register then registry order.
        let dueSoon = places.indices.filter { i in
            guard let deadline = tasks[places[i].task].deadline else { return false }
            return (places[i].state.kind == .inProgress || places[i].state.kind == .notReported) && deadline.day <= horizon
        }.sorted { (tasks[places[$0].task].deadline!.instant, $0) < (tasks[places[$1].task].deadline!.instant, $1) }
        let cited = Set(places.map { tasks[$0.task].directiveId })
        return TaskSection(
            directives: register.directives.filter { cited.contains($0.id) }.map(\.citation),
            counts: [
                counts("all", LocalizedText(vi: "Tổng số", en: "All"), { _ in true }),
                counts("provinces", LocalizedText(vi: "Các tỉnh, thành phố", en: "Provinces and cities"), { !$0.kind.isCentral }),
                counts("central", LocalizedText(vi: "Các bộ, cơ quan trung ương", en: "Ministries and agencies"), { $0.kind.isCentral }),
            ],
            overdue: overdue,
            // Completed late before completed on time, as every list of tasks is ordered; the register's order within each.
            completedInPeriod: items(
                [TaskState.Kind.completedLate, .completedOnTime].flatMap { state in
                    places.indices.filter { i in
                        places[i].state.kind == state
                            && completedOn(places[i].latest.map { reports[$0].progress }).map { $0 >= firstDay && $0 <= lastDay } == true
                    }
                }),
            dueSoon: items(dueSoon),
            assignments: every ?? [])
    }

    /// A task's directive and deadline as the section writes them.
    private struct TaskText {
        var directive: String
        var deadline: String?
        var deadlineText: String
    }

    private static func item(_ task: AssignedTask, _ unit: ReportingUnit, _ state: TaskState, _ progress: TaskProgress?, _ written: TaskText)
        -> TaskItem
    {
        var days: Int?
        switch state {
        case .overdue(let d), .completedLate(let d): days = d
        default: days = nil
        }
        return TaskItem(
            taskId: task.id, text: task.text, directive: written.directive, deadline: written.deadline, deadlineText: written.deadlineText,
            unit: UnitRef(code: unit.code, name: unit.name), state: state.kind, days: days,
            completedOn: completedOn(progress), product: progress?.product ?? "", note: progress?.note ?? "")
    }

    /// The day a unit's latest word says the task was done; nil while it is not done.
    private static func completedOn(_ progress: TaskProgress?) -> LocalDate? {
        progress?.status == .completed ? progress?.completedOn : nil
    }
}
