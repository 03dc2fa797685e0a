import Foundation

/// Instants as people and machines write them.
public enum ISO8601 {
    /// Parses an ISO 8601 instant with its zone, e.g. 2025-11-13T07:59:59+07:00 or 2025-11-13T00:59:59.250Z (the zone
    /// also as `+0700` or `+07`, `T` and `Z` also as `t` and `z`, as RFC 3339 allows; up to nine decimals of a second).
    /// Nil for anything else, and for a day or a time that does not exist (2026-02-30, 24:00:00, 09:60:00): an instant
    /// given wrongly is refused, never moved.
    ///
    /// By hand, since neither of Foundation's parsers will do: `ISO8601DateFormatter` reads 2026-02-30 as 2 March and
    /// loads ICU's calendars and zones (6 MB of every command given an instant, and their time), and
    /// `Date.ISO8601FormatStyle` reads 09:60 as ten o'clock.
    public static func instant(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.count <= 40, bytes[10] | 0x20 == UInt8(ascii: "t"), bytes[13] == colon, bytes[16] == colon,
            let day = LocalDate(iso: String(decoding: bytes[..<10], as: UTF8.self)),
            let hour = NumberText.digits(bytes: bytes[11..<13]), let minute = NumberText.digits(bytes: bytes[14..<16]),
            let second = NumberText.digits(bytes: bytes[17..<19]), hour < 24, minute < 60, second < 60
        else { return nil }
        var rest = bytes[19...]
        var fraction = 0.0
        if rest.first == UInt8(ascii: ".") {
            let digits = rest.dropFirst().prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            guard (1...9).contains(digits.count), let value = NumberText.digits(bytes: digits) else { return nil }
            fraction = Double(value) / pow(10, Double(digits.count))
            rest = rest.dropFirst(1 + digits.count)
        }
        guard let offset = zoneOffset(rest) else { return nil }
        let seconds = day.dayNumber * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static let colon = UInt8(ascii: ":")

    /// The seconds east of UTC that `Z`, `+07:00`, `+0700` or `+07` says (up to 18 hours); nil for anything else.
    private static func zoneOffset(_ zone: ArraySlice<UInt8>) -> Int? {
        if zone.elementsEqual([UInt8(ascii: "Z")]) || zone.elementsEqual([UInt8(ascii: "z")]) { return 0 }
        guard let sign = zone.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        let digits = Array(zone.dropFirst())
        let (hours, minutes): (Int?, Int?)
        switch digits.count {
        case 2: (hours, minutes) = (NumberText.digits(bytes: digits), 0)
        case 4: (hours, minutes) = (NumberText.digits(bytes: digits[0..<2]), NumberText.digits(bytes: digits[2..<4]))
        case 5 where digits[2] == colon: (hours, minutes) = (NumberText.digits(bytes: digits[0..<2]), NumberText.digits(bytes: digits[3..<5]))
        default: return nil
        }
        guard let hours, let minutes, minutes < 60, hours * 60 + minutes <= 18 * 60 else { return nil }
        return (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}
