import Foundation
import TonghopCore
import TonghopSynthesis

extension SynthesisView {
    /// How many tasks a document lists in each of its lists (the overdue ones, a unit's whole, until this many): a signed
    /// document of a commune-scale week cannot list thousands, nor be written in time; the workbook's sheet *Nhiệm vụ*
    /// has every one, and the document says how many it leaves there.
    static let tasksListed = 150

    /// The section on assigned tasks as the templates see it; nil (no section content) when the register is empty.
    static func tasks(_ t: TaskSection, asOf: Date) -> [String: Any]? {
        guard !t.isEmpty else { return nil }
        let all = t.counts.first { $0.scope == "all" }
        func item(_ i: TaskItem) -> [String: Any] {
            var timeliness = ""
            switch i.state {
            case .completedOnTime: timeliness = i.deadline == nil ? "" : "đúng hạn"
            case .completedLate: timeliness = "muộn \(i.days ?? 0) ngày so với hạn"
            case .overdue: timeliness = (i.days ?? 0) == 0 ? "quá hạn trong ngày" : "quá hạn \(i.days ?? 0) ngày"
            case .inProgress: timeliness = "đang thực hiện"
            case .notReported: timeliness = "chưa báo cáo"
            }
            return [
                "name": i.unit.name, "text": i.text, "directive": i.directive,
                "deadline": i.deadline == nil ? i.deadlineText : "hạn " + i.deadlineText, "timeliness": timeliness,
                "hasTimeliness": !timeliness.isEmpty,
                // The unit's own words end in the sentence's full stop, not in theirs too ("…xem xét..").
                "completedOn": i.completedOn.map(VietnameseFormat.date) ?? "", "product": i.product.withoutFinalStop,
                "hasProduct": !i.product.withoutFinalStop.isEmpty, "note": i.note.withoutFinalStop, "hasNote": !i.note.withoutFinalStop.isEmpty,
            ]
        }
        var overdueGroups: [TaskUnitGroup] = []
        var listed = 0
        for group in t.overdue where listed < tasksListed {
            overdueGroups.append(group)
            listed += group.items.count
        }
        let overdueLeft = t.overdue.dropFirst(overdueGroups.count)
        func more(_ count: Int) -> Any { count > 0 ? ["count": count] : false }
        return [
            "asOf": VietnameseFormat.instant(asOf),
            "directiveCount": t.directives.count,
            "directiveList": Language.vi.list(t.directives),
            "total": all?.total ?? 0,
            "completedOnTime": all?.completedOnTime ?? 0, "completedLate": all?.completedLate ?? 0, "inProgress": all?.inProgress ?? 0,
            "overdue": all?.overdue ?? 0, "notReported": all?.notReported ?? 0,
            "counts": t.counts.filter { $0.total > 0 }.map { c -> [String: Any] in
                [
                    "label": c.label.vi, "total": c.total, "completedOnTime": c.completedOnTime, "completedLate": c.completedLate,
                    "inProgress": c.inProgress, "overdue": c.overdue, "notReported": c.notReported,
                ]
            },
            "overdueGroups": overdueGroups.map { g -> [String: Any] in ["name": g.unit.name, "count": g.items.count, "items": g.items.map(item)] },
            "hasOverdue": !t.overdue.isEmpty,
            "moreOverdue": overdueLeft.isEmpty
                ? false : ["count": overdueLeft.map(\.items.count).reduce(0, +), "units": overdueLeft.count] as [String: Any],
            "completed": t.completedInPeriod.prefix(tasksListed).map(item),
            "hasCompleted": !t.completedInPeriod.isEmpty,
            "moreCompleted": more(t.completedInPeriod.count - tasksListed),
            "dueSoon": t.dueSoon.prefix(tasksListed).map(item),
            "hasDueSoon": !t.dueSoon.isEmpty,
            "moreDueSoon": more(t.dueSoon.count - tasksListed),
            "dueSoonDays": TaskSection.dueSoonDays,
        ]
    }
}
