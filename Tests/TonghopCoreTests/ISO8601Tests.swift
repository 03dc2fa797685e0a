import Foundation
import Testing
import TonghopCore

/// The instants commands and the API are given (`--at`, `--as-of`, `?asOf=`, the replay log).
@Suite struct ISO8601Tests {
    @Test func anInstantIsReadWithItsZone() {
        let eight = Date(timeIntervalSince1970: 1_763_600_400)  // 08:00:00 on Thursday 20/11/2025 in Vietnam
        #expect(ISO8601.instant("2025-11-20T08:00:00+07:00") == eight)
        #expect(ISO8601.instant("2025-11-20T07:59:59+07:00") == eight.addingTimeInterval(-1))
        #expect(ISO8601.instant("2025-11-20T01:00:00Z") == eight && ISO8601.instant("2025-11-20t01:00:00z") == eight)
        #expect(ISO8601.instant("2025-11-20T08:00:00+0700") == eight && ISO8601.instant("2025-11-20T08:00:00+07") == eight)
        #expect(ISO8601.instant("2025-11-19T19:30:00-05:30") == eight)
        #expect(ISO8601.instant("2025-11-20T00:59:59.250Z") == eight.addingTimeInterval(-0.75))
        #expect(ISO8601.instant("2025-11-20T00:59:59.123456789Z")!.timeIntervalSince1970 == 1_763_600_399.123456789)
        // A leap day and the last day of a 53-week year.
        #expect(ISO8601.instant("2024-02-29T12:00:00Z") == Date(timeIntervalSince1970: 1_709_208_000))
        #expect(ISO8601.instant("2026-12-31T23:59:59+07:00") == Date(timeIntervalSince1970: 1_798_736_399))
    }

    @Test func aDayOrTimeThatDoesNotExistIsRefusedNotMoved() {
        for text in [
            "2026-02-30T08:00:00+07:00", "2025-02-29T08:00:00Z", "2025-13-01T00:00:00Z", "2025-11-20T24:00:00Z", "2025-11-20T09:60:00Z",
            "2025-11-20T09:00:60Z", "2025-11-20T09:00:00+19:00", "2025-11-20T09:00:00+07:60",
        ] {
            #expect(ISO8601.instant(text) == nil, "\(text)")
        }
    }

    @Test func anythingButAnInstantWithItsZoneIsRefused() {
        for text in [
            "", "2025-11-20", "2025-11-20T09:00:00", "2025-11-20 09:00:00+07:00", "2025-11-20T09:00+07:00", "2025-11-20\u{54}09:00:00Z\u{0}",
            " 2025-11-20T09:00:00+07:00", "2025-11-20T09:00:00+07:00 ", "2025-11-20T09:00:00+07:00x", "2025-11-20T09:00:00GMT",
            "2025-11-20T09:00:00.Z", "2025-11-20T09:00:00.1234567890Z", "2025-1-20T09:00:00Z", "2025-11-20T9:00:00Z", "+2025-11-20T09:00:00Z",
            "٢٠٢٥-11-20T09:00:00Z", "2025-11-20T09:00:00+7:00", "2025-11-20T09:00:00+07:00:00", "2025-11-20T09:00:00.5",
        ] {
            #expect(ISO8601.instant(text) == nil, "\(text)")
        }
    }
}
