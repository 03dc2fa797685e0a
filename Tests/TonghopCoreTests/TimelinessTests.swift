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

    /// The board opens on the week that just closed while its missing units matter: from the deadline until the next
    /// deadline is nearer than the last one (Sunday 20:00 for the provinces), then on the week filling up.
    @Test func theBoardWatchesTheClosedPeriodUntilTheNextDeadlineIsNearer() {
        let province = Schedules.province
        #expect(province.periodToWatch(at: instant("2025-11-20T07:59:59+07:00")).key == "2025-W46", "before the deadline: the week filling up")
        #expect(province.periodToWatch(at: instant("2025-11-20T09:00:00+07:00")).key == "2025-W46", "Thursday 09:00: the week just closed")
        #expect(province.periodToWatch(at: instant("2025-11-23T19:59:59+07:00")).key == "2025-W46")
        #expect(province.periodToWatch(at: instant("2025-11-23T20:00:00+07:00")).key == "2025-W47", "halfway to the next deadline")
        #expect(province.periodToWatch(at: instant("2025-11-25T10:00:00+07:00")).key == "2025-W47", "Tuesday: the week filling up")
        // Across a year's end, and into a year of 53 weeks.
        #expect(province.periodToWatch(at: instant("2026-01-01T09:00:00+07:00")).key == "2025-W52")
        #expect(province.periodToWatch(at: instant("2026-12-31T09:00:00+07:00")).key == "2026-W52")
        #expect(province.periodToWatch(at: instant("2024-01-04T09:00:00+07:00")).key == "2023-W53", "2023 has 53 weeks from Thursday")
        // The monthly schedule closes on the 25th: watched until the 10th of the next month, about halfway.
        #expect(Schedules.monthly.periodToWatch(at: instant("2025-11-26T09:00:00+07:00")).key == "2025-11")
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
