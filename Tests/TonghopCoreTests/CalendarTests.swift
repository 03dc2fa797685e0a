import Foundation
import Testing

@testable import TonghopCore

@Suite struct CalendarTests {
    @Test func dayNumbersRoundTripAcrossCenturiesAndLeapDays() {
        #expect(LocalDate(year: 1970, month: 1, day: 1).dayNumber == 0)
        #expect(LocalDate(year: 2000, month: 3, day: 1).dayNumber - LocalDate(year: 2000, month: 2, day: 28).dayNumber == 2)
        #expect(LocalDate(year: 2100, month: 3, day: 1).dayNumber - LocalDate(year: 2100, month: 2, day: 28).dayNumber == 1)
        for n in stride(from: -800_000, to: 800_000, by: 997) {
            #expect(LocalDate(dayNumber: n).dayNumber == n)
        }
    }

    @Test func weekdaysMatchTheCalendar() {
        #expect(LocalDate(year: 2025, month: 11, day: 20).weekday == .thursday)
        #expect(LocalDate(year: 2026, month: 1, day: 1).weekday == .thursday)
        #expect(LocalDate(year: 1969, month: 12, day: 31).weekday == .wednesday)
    }

    /// Days are written as ISO 8601 (`2025-11-19`), four digits of year with leading zeros; a day read back is the same day.
    @Test func daysAreWrittenAsISODates() {
        #expect(LocalDate(year: 2025, month: 11, day: 19).description == "2025-11-19")
        #expect(LocalDate(year: 987, month: 1, day: 5).description == "0987-01-05")
        #expect(LocalDate(year: 9999, month: 12, day: 31).description == "9999-12-31")
        #expect(LocalDate(year: 12_345, month: 6, day: 7).description == "12345-06-07")
        for n in stride(from: -800_000, to: 2_900_000, by: 1_009) {
            let day = LocalDate(dayNumber: n)
            #expect(day.year < 0 || day.year > 9999 || LocalDate(iso: day.description) == day, "\(day.description)")
        }
    }

    @Test func isoDatesAreParsedStrictly() {
        #expect(LocalDate(iso: "2025-11-19") == LocalDate(year: 2025, month: 11, day: 19))
        #expect(LocalDate(iso: "2024-02-29") != nil)
        // Signs and spaces inside the parts were taken by `Int(_:)`: "2025-+1-19" was stored as 19 January.
        for bad in [
            "2025-02-29", "2025-13-01", "2025-1-01", "19/11/2025", "2025-11-19T00:00", "", "2025-+1-19", "+025-11-19", "2025-11- 9", "２０２５-11-19",
        ] {
            #expect(LocalDate(iso: bad) == nil, "\(bad)")
        }
    }

    @Test func vietnamOffsetAgreesWithTheTimeZoneDatabase() throws {
        let zone = try #require(TimeZone(identifier: VietnamTime.zoneIdentifier))
        var day = LocalDate(year: 1976, month: 1, day: 1)
        while day.year < 2040 {
            let midnight = VietnamTime.instant(day)
            #expect(zone.secondsFromGMT(for: midnight) == VietnamTime.utcOffsetSeconds)
            #expect(VietnamTime.date(of: midnight) == day)
            #expect(VietnamTime.date(of: midnight.addingTimeInterval(-1)) == day.adding(days: -1))
            day = day.adding(days: 97)
        }
    }

    @Test func instantsAreWrittenInVietnamTime() {
        let t = VietnamTime.instant(LocalDate(year: 2025, month: 11, day: 20), minutes: 8 * 60)
        #expect(VietnamTime.iso8601(t) == "2025-11-20T08:00:00+07:00")
        #expect(VietnamTime.format(t.addingTimeInterval(-1)) == "2025-11-20 07:59:59 (UTC+7)")
    }
}

@Suite struct PathTextTests {
    @Test func fileNamesAndExtensions() {
        #expect("SampleReports/week/HN.json".lastPathComponent == "HN.json")
        #expect("HN.JSON".pathExtension == "json")
        #expect("/tmp/dir/".lastPathComponent == "dir")
        #expect("Báo cáo/Hà Nội tuần 46.json".lastPathComponent == "Hà Nội tuần 46.json")
        #expect("HN.json".lastPathComponent == "HN.json")
        #expect("/".lastPathComponent == "/")
        #expect("Báo cáo/Hà Nội.JSON".pathExtension == "json")
        #expect(".hidden".pathExtension == "")
        #expect("noext".pathExtension == "")
        #expect("a.b/c".pathExtension == "")
    }

    @Test func trimmingKnowsUnicodeSpaceBeyondASCII() {
        #expect("  Hà Nội\t\r\n".trimmed == "Hà Nội")
        #expect("Hà Nội".trimmed == "Hà Nội")
        // A no-break space, an ideographic space and a line separator are white space too; a zero-width joiner is not.
        #expect("\u{00A0}Trung bình\u{3000}".trimmed == "Trung bình")
        #expect("\u{2028}x\u{0085}".trimmed == "x")
        #expect("\u{200D}x".trimmed == "\u{200D}x")
        #expect(Substring(" a b ").trimmed == "a b")
        #expect(" \u{00A0}\t".trimmed == "")
        #expect("".trimmed == "")
        #expect(" \u{00A0}\n".isBlank)
        #expect(!" ệ ".isBlank)
        #expect("".isBlank)
    }
}
