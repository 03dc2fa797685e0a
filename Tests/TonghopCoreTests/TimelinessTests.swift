import Foundation
import Testing

@testable import TonghopCore

@Suite struct TimelinessTests {
    @Test func beforeEightOnThursdayIsOnTimeAndEightIsLate() throws {
        let p = try period(Schedules.province, "2025-W46")
        #expect(Schedules.province.timeliness(of: instant("2025-11-20T07:59:59+07:00"), for: p) == .onTime)
        #expect(Schedules.province.timeliness(of: instant("2025-11-20T08:00:00+07:00"), for: p) == .late(by: 0))
        #expect(!Schedules.province.timeliness(of: instant("2025-11-20T08:00:00+07:00"), for: p).isOnTime)
        #expect(Schedules.province.timeliness(of: instant("2025-11-21T10:30:00+07:00"), for: p) == .late(by: 26.5 * 3600))
    }

    @Test func graceExtendsOnTimeAsDHIS2TimelyDaysDo() throws {
        var schedule = Schedules.province
        schedule.graceMinutes = 30
        let p = try period(schedule, "2025-W46")
        #expect(schedule.timeliness(of: instant("2025-11-20T08:29:59+07:00"), for: p) == .onTime)
        #expect(schedule.timeliness(of: instant("2025-11-20T08:45:00+07:00"), for: p) == .late(by: 15 * 60))
    }

    @Test func mondayAndTwentyFifthDeadlines() throws {
        let week = try period(Schedules.central, "2025-W47")
        #expect(Schedules.central.timeliness(of: instant("2025-11-24T23:59:59+07:00"), for: week).isOnTime)
        #expect(!Schedules.central.timeliness(of: instant("2025-11-25T00:00:00+07:00"), for: week).isOnTime)
        let month = try period(Schedules.monthly, "2026-02")
        #expect(Schedules.monthly.timeliness(of: instant("2026-02-25T23:59:59+07:00"), for: month).isOnTime)
        #expect(!Schedules.monthly.timeliness(of: instant("2026-02-26T00:00:00+07:00"), for: month).isOnTime)
    }

    @Test func theLatestClosedPeriodChangesExactlyAtTheDeadline() {
        #expect(Schedules.province.latestClosedPeriod(at: instant("2025-11-20T07:59:59+07:00")).key == "2025-W45")
        #expect(Schedules.province.latestClosedPeriod(at: instant("2025-11-20T08:00:00+07:00")).key == "2025-W46")
        #expect(Schedules.province.nextDuePeriod(at: instant("2025-11-20T08:00:00+07:00")).key == "2025-W47")
        // Across the year end and in a 53-week ISO year.
        #expect(Schedules.central.latestClosedPeriod(at: instant("2027-01-05T00:00:00+07:00")).key == "2026-W53")
        #expect(Schedules.central.latestClosedPeriod(at: instant("2027-01-04T23:59:59+07:00")).key == "2026-W52")
        #expect(Schedules.monthly.latestClosedPeriod(at: instant("2026-01-10T00:00:00+07:00")).key == "2025-12")
    }

    @Test func closedPeriodsRunFromAStartDayToTheLatestClosed() {
        let periods = Schedules.province.closedPeriods(from: LocalDate(year: 2025, month: 12, day: 20), at: instant("2026-01-08T08:00:00+07:00"))
        #expect(periods.map(\.key) == ["2025-W51", "2025-W52", "2026-W01"])
    }

    @Test func durationsReadLikePeople() {
        #expect(Language.en.duration(45) == "45 s")
        #expect(Language.en.duration(26.5 * 3600) == "1 day 2 h")
        #expect(Language.en.duration(90 * 60) == "1 h 30 min")
    }
}
