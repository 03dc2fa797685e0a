import Foundation
import Testing
import TonghopCore

@testable import TonghopService

@Suite struct LateNoticeTests {
    let deadline45 = at("2025-11-13T08:00:00+07:00")
    let deadline46 = at("2025-11-20T08:00:00+07:00")
    let now = at("2025-11-20T09:00:00+07:00")

    func flag(_ unit: String, _ period: String, _ deadline: Date, schedule: String = "province-weekly") -> LateFlag {
        LateFlag(unitCode: unit, scheduleId: schedule, periodKey: period, deadline: deadline, flaggedAt: deadline)
    }

    @Test func flagsOfAPeriodAreListedTogetherInTheOrderTheyFirstCameWhateverComesBetween() {
        // A period's flags split by another period's and by another schedule's same period, a unit the registry does not
        // know, and a period not yet due.
        let outstanding = [
            flag("HN", "2025-W45", deadline45), flag("HP", "2025-W45", deadline45), flag("BNV", "2025-W45", deadline45, schedule: "central-weekly"),
            flag("HN", "2025-W46", deadline46),
            flag("XX", "2025-W45", deadline45), flag("HUE", "2025-W46", deadline46), flag("HN", "2025-W47", at("2025-11-27T08:00:00+07:00")),
        ]
        let notice = LateNotice(
            at: now, result: LateCheckResult(newlyFlagged: [], newlyResolved: [], outstanding: outstanding), registry: catalog.registry)
        #expect(notice.outstanding.map(\.unit) == ["HN", "HP", "BNV", "HN", "XX", "HUE"])
        #expect(
            notice.outstanding.map(\.unitName) == ["Thành phố Hà Nội", "Thành phố Hải Phòng", "Bộ Nội vụ", "Thành phố Hà Nội", "XX", "Thành phố Huế"])
        let groups = LateNotice.grouped(notice.outstanding)
        #expect(groups.map(\.schedule) == ["province-weekly", "central-weekly", "province-weekly"])
        #expect(groups.map(\.period) == ["2025-W45", "2025-W45", "2025-W46"])
        #expect(groups.map { $0.flags.map(\.unit) } == [["HN", "HP", "XX"], ["BNV"], ["HN", "HUE"]])
        let lines = notice.digest(in: .vi, catalog: catalog, verbose: true)
        #expect(lines.filter { $0.contains("tuần 45 năm 2025") }.count == 2)
        #expect(lines.contains { $0.contains("tuần 45 năm 2025") && $0.contains(": 3 đơn vị: HN, HP, XX") })
        #expect(lines.contains { $0.contains("tuần 46 năm 2025") && $0.contains("2 đơn vị: HN (Thành phố Hà Nội), HUE (Thành phố Huế)") })
        #expect(!lines.contains { $0.contains("tuần 47") })
    }

    @Test func aFlagOrATaskDueAtTheInstantOfTheCheckIsListedAndOneDueLaterIsNot() {
        var result = LateCheckResult(
            newlyFlagged: [flag("HN", "2025-W46", now), flag("HP", "2025-W47", now.addingTimeInterval(1))], newlyResolved: [], outstanding: [])
        result.tasks.outstanding = [
            TaskFlag(taskId: "cv171-personnel", unitCode: "HN", deadline: now, flaggedAt: now),
            TaskFlag(taskId: "cv171-facilities", unitCode: "HP", deadline: now.addingTimeInterval(1), flaggedAt: now),
        ]
        let notice = LateNotice(at: now, result: result, registry: catalog.registry, tasks: catalog.tasks)
        #expect(notice.newlyFlagged.map(\.unit) == ["HN"])
        #expect(notice.overdueTasks.map(\.task) == ["cv171-personnel"])
        #expect(notice.overdueTasks.map(\.unitName) == ["Thành phố Hà Nội"])
    }
}
