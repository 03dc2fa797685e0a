import Foundation
import Testing

@testable import TonghopCore

/// The shipped schedules, rebuilt here so the core is tested without reading files.
enum Schedules {
    static let province = Schedule(
        id: "province-weekly", name: .init(vi: "", en: ""), periodType: .weekly(startsOn: .thursday),
        deadline: DeadlineRule(day: .weekday(.thursday), minutes: 8 * 60))
    static let central = Schedule(
        id: "central-weekly", name: .init(vi: "", en: ""), periodType: .weekly(startsOn: .monday),
        deadline: DeadlineRule(day: .weekday(.monday), minutes: 1440))
    static let monthly = Schedule(
        id: "monthly", name: .init(vi: "", en: ""), periodType: .monthly(closesOnDay: 14),
        deadline: DeadlineRule(day: .dayOfMonth(25), minutes: 1440))
}

func instant(_ iso: String) -> Date {
    let f = ISO8601DateFormatter()
    return f.date(from: iso)!
}

func period(_ schedule: Schedule, _ key: String) throws -> Period {
    try schedule.period(forKey: key).get()
}

@Suite struct PeriodTests {
    @Test func provinceWeekRunsThursdayToWednesdayDueThursdayEight() throws {
        let p = try period(Schedules.province, "2025-W46")
        #expect(p.firstDay == LocalDate(year: 2025, month: 11, day: 13))
        #expect(p.lastDay == LocalDate(year: 2025, month: 11, day: 19))
        #expect(p.firstDay.weekday == .thursday)
        #expect(p.deadline == instant("2025-11-20T08:00:00+07:00"))
        #expect(p.start == instant("2025-11-13T00:00:00+07:00"))
        #expect(p.end == instant("2025-11-20T00:00:00+07:00"))
    }

    @Test func deadlineFallsBetween075959And080000() throws {
        let p = try period(Schedules.province, "2025-W46")
        #expect(instant("2025-11-20T07:59:59+07:00") < p.deadline)
        #expect(!(instant("2025-11-20T08:00:00+07:00") < p.deadline))
        // The same instants written in UTC, as a server in UTC sees them.
        #expect(instant("2025-11-20T00:59:59Z") < p.deadline)
        #expect(instant("2025-11-20T01:00:00Z") == p.deadline)
    }

    @Test func centralWeekIsISOWeekDueEndOfMonday() throws {
        let p = try period(Schedules.central, "2025-W47")
        #expect(p.firstDay == LocalDate(year: 2025, month: 11, day: 17))
        #expect(p.lastDay == LocalDate(year: 2025, month: 11, day: 23))
        #expect(p.deadline == instant("2025-11-25T00:00:00+07:00"))
    }

    @Test func monthlyWindowIsFifteenthToFourteenthDueTwentyFifth() throws {
        let p = try period(Schedules.monthly, "2025-11")
        #expect(p.firstDay == LocalDate(year: 2025, month: 10, day: 15))
        #expect(p.lastDay == LocalDate(year: 2025, month: 11, day: 14))
        #expect(p.deadline == instant("2025-11-26T00:00:00+07:00"))
        let february = try period(Schedules.monthly, "2026-02")
        #expect(february.firstDay == LocalDate(year: 2026, month: 1, day: 15))
        #expect(february.deadline == instant("2026-02-26T00:00:00+07:00"))
        let january = try period(Schedules.monthly, "2026-01")
        #expect(january.firstDay == LocalDate(year: 2025, month: 12, day: 15))
    }

    @Test func monthlyPeriodOfADayAfterTheFourteenthIsNextMonth() {
        #expect(Schedules.monthly.period(containing: LocalDate(year: 2025, month: 12, day: 14)).key == "2025-12")
        #expect(Schedules.monthly.period(containing: LocalDate(year: 2025, month: 12, day: 15)).key == "2026-01")
        #expect(Schedules.monthly.period(containing: LocalDate(year: 2025, month: 12, day: 31)).key == "2026-01")
    }

    @Test func twentyTwentySixHasFiftyThreeISOWeeksButFiftyTwoThursdayWeeks() throws {
        #expect(Schedule.weeksIn(year: 2026, startsOn: .monday) == 53)
        #expect(Schedule.weeksIn(year: 2025, startsOn: .monday) == 52)
        #expect(Schedule.weeksIn(year: 2026, startsOn: .thursday) == 52)
        let w53 = try period(Schedules.central, "2026-W53")
        #expect(w53.firstDay == LocalDate(year: 2026, month: 12, day: 28))
        #expect(w53.lastDay == LocalDate(year: 2027, month: 1, day: 3))
        #expect(w53.deadline == instant("2027-01-05T00:00:00+07:00"))
        #expect(Schedules.central.period(after: w53).key == "2027-W01")
        #expect(throws: PeriodKeyError.self) { try Schedules.central.period(forKey: "2025-W53").get() }
    }

    @Test func yearEndWeeksBelongToTheYearHoldingTheirFourthDay() throws {
        // Thu 1 Jan 2026 to Wed 7 Jan: week 1 of 2026 on the Thursday schedule.
        let w1 = try period(Schedules.province, "2026-W01")
        #expect(w1.firstDay == LocalDate(year: 2026, month: 1, day: 1))
        // Thu 25 Dec 2025 to Wed 31 Dec 2025 is the last week of 2025.
        let last = Schedules.province.period(containing: LocalDate(year: 2025, month: 12, day: 31))
        #expect(last.key == "2025-W52")
        #expect(Schedules.province.period(after: last) == w1)
        #expect(Schedules.province.period(before: w1) == last)
        // 2025's first Thursday week starts 2 Jan; 1 Jan 2025 still belongs to 2024's last week.
        #expect(Schedules.province.period(containing: LocalDate(year: 2025, month: 1, day: 1)).key == "2024-W52")
        // An ISO week spanning the year end: Mon 29 Dec 2025 is in 2026-W01.
        #expect(Schedules.central.period(containing: LocalDate(year: 2025, month: 12, day: 29)).key == "2026-W01")
    }

    @Test func everyDayMapsToAPeriodWhoseKeyMapsBack() throws {
        for schedule in [Schedules.province, Schedules.central, Schedules.monthly] {
            var day = LocalDate(year: 2024, month: 12, day: 1)
            while day < LocalDate(year: 2028, month: 2, day: 1) {
                let p = schedule.period(containing: day)
                #expect(p.firstDay <= day && day <= p.lastDay)
                #expect(try schedule.period(forKey: p.key).get() == p)
                #expect(p.deadline >= p.end)
                day = day.adding(days: 1)
            }
        }
    }

    @Test func periodOfAnInstantUsesVietnamTimeNotTheServerZone() {
        // 16:59:59 UTC on Wednesday 19 Nov is 23:59:59 in Vietnam: still week 46.
        #expect(Schedules.province.period(containing: instant("2025-11-19T16:59:59Z")).key == "2025-W46")
        // One second later it is Thursday 00:00 in Vietnam, while a UTC-10 server still sees Wednesday morning.
        #expect(Schedules.province.period(containing: instant("2025-11-19T17:00:00Z")).key == "2025-W47")
        #expect(Schedules.province.period(containing: instant("2025-11-19T07:00:00-10:00")).key == "2025-W47")
    }

    @Test func malformedAndOutOfRangeKeysAreRefused() {
        for key in ["2025-46", "2025W46", "2025-W4", "25-W46", "2025-W+5", "2025-w46", "", "2025-W046"] {
            guard case .failure(.malformed) = Schedules.province.period(forKey: key) else {
                Issue.record("\(key) should be malformed")
                continue
            }
        }
        for key in ["2025-W00", "2025-W53", "2025-W54"] {
            guard case .failure(.outOfRange) = Schedules.province.period(forKey: key) else {
                Issue.record("\(key) should be out of range")
                continue
            }
        }
        #expect(throws: PeriodKeyError.self) { try Schedules.monthly.period(forKey: "2025-13").get() }
        #expect(throws: PeriodKeyError.self) { try Schedules.monthly.period(forKey: "2025-W46").get() }
    }

    @Test func deadlineOnTheTwentyFifthOfAShortMonthAndAtAClosingDayBeyondIt() throws {
        let schedule = Schedule(
            id: "calendar-month", name: .init(vi: "", en: ""), periodType: .monthly(closesOnDay: 31),
            deadline: DeadlineRule(day: .dayOfMonth(30), minutes: 17 * 60))
        let february = try schedule.period(forKey: "2026-02").get()
        #expect(february.firstDay == LocalDate(year: 2026, month: 2, day: 1))
        #expect(february.lastDay == LocalDate(year: 2026, month: 2, day: 28))
        // Day 30 of March, the first "30th" after February ends.
        #expect(february.deadline == instant("2026-03-30T17:00:00+07:00"))
        let leap = try schedule.period(forKey: "2028-02").get()
        #expect(leap.lastDay == LocalDate(year: 2028, month: 2, day: 29))
    }
}
