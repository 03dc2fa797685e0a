import Foundation
import Testing
import TonghopCore
import TonghopSynthesis

@testable import TonghopIngest
@testable import TonghopService

/// A schedule is tracked from a date (`trackedFrom` in schedules.yaml): a period starting before it is never flagged or
/// shown as missing, so that a new installation's first late check does not flag the months it never saw.
@Suite struct TrackingStartTests {
    /// The shipped catalog with the provinces' schedule tracked from `day`.
    func catalog(trackedFrom day: LocalDate?) -> Catalog {
        var tracked = TonghopStoreTests.catalog
        tracked.schedules["province-weekly"]?.trackedFrom = day
        return tracked
    }

    @Test(arguments: StoreKind.allCases)
    func periodsBeforeTrackingStartsAreNeverFlaggedNorShownMissing(_ store: StoreKind) throws {
        let db = try store.make()
        try submitSampleWeek(db, skip: ["CM", "AG"])
        // Tracked from week 46's first day (Thursday 13/11/2025): weeks 45 and before, which nobody reported here, are not.
        let tracked = catalog(trackedFrom: LocalDate(year: 2025, month: 11, day: 13))
        let check = try LateCheck(catalog: tracked, storage: db).run(at: at("2025-11-20T08:00:00+07:00"), schedule: "province-weekly")
        #expect(Set(check.newlyFlagged.map(\.periodKey)) == ["2025-W46"])
        #expect(Set(check.newlyFlagged.map(\.unitCode)) == ["CM", "AG"])
        let schedule = try #require(tracked.schedules["province-weekly"])
        let before = try StatusBoard.build(
            schedule: schedule, period: try schedule.period(forKey: "2025-W45").get(), at: at("2025-11-20T08:00:00+07:00"),
            registry: tracked.registry, archive: db)
        #expect(before.counts.missing == 0 && before.counts.untracked == 34)
        #expect(before.units.allSatisfy { $0.state == .untracked })
        let week = try StatusBoard.build(schedule: schedule, at: at("2025-11-20T08:00:00+07:00"), registry: tracked.registry, archive: db)
        #expect(week.counts.missing == 2 && week.counts.untracked == 0)

        // Moving the start earlier is a change of what was checked: the next run looks again, from the new start.
        let earlier = catalog(trackedFrom: LocalDate(year: 2025, month: 11, day: 6))
        let again = try LateCheck(catalog: earlier, storage: db).run(at: at("2025-11-20T09:00:00+07:00"), schedule: "province-weekly")
        #expect(Set(again.newlyFlagged.map(\.periodKey)) == ["2025-W45"])
        #expect(again.newlyFlagged.count == 34)
    }

    @Test func aTrackingStartThatIsNotADateIsRefusedWithItsPlace() throws {
        let text = """
            version: "1"
            schedules:
              - id: province-weekly
                name: { vi: Tuần, en: Weekly }
                period: { type: weekly, startsOn: thursday }
                deadline: { weekday: thursday, at: "08:00" }
                trackedFrom: 25/09/2025
            """
        #expect(throws: CatalogError.self) { try CatalogLoader.schedules(name: "schedules.yaml", text: text) }
        do {
            _ = try CatalogLoader.schedules(name: "schedules.yaml", text: text)
        } catch {
            #expect("\(error)".contains("trackedFrom `25/09/2025` is not a date YYYY-MM-DD"))
        }
        let shipped = TonghopStoreTests.catalog.schedules
        #expect(shipped["province-weekly"]?.trackedFrom == LocalDate(year: 2025, month: 9, day: 25))
        #expect(shipped["central-weekly"]?.trackedFrom == LocalDate(year: 2025, month: 9, day: 22))
        #expect(shipped["monthly"]?.trackedFrom == LocalDate(year: 2025, month: 9, day: 15))
    }
}
