import Foundation

/// A calendar date with no time and no zone, as written on a report ("2025-11-13").
///
/// Arithmetic is done on day numbers, never through the server's calendar or time zone.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (digits only: no sign, no space), rejecting impossible dates such as 2026-02-30.
    public init?(iso text: String) {
        var text = text
        guard let date = text.withUTF8({ LocalDate(iso: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = date
    }

    /// `YYYY-MM-DD` from its UTF-8 bytes, read as `init(iso:)` reads a text: the stored dates of 16,000 tasks are read
    /// without making a String of each (splitting each text took a quarter of reading them).
    public init?(iso bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let y = NumberText.digits(bytes: bytes[0..<4]), let m = NumberText.digits(bytes: bytes[5..<7]),
            let d = NumberText.digits(bytes: bytes[8..<10]), (1...12).contains(m), (1...LocalDate.daysIn(month: m, year: y)).contains(d)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// A day as people write it: `2025-11-26` (ISO 8601), or day, month and year as Vietnamese write them, `26/11/2025`
    /// or `26.11.2025` (the day and month with one or two digits, the year with four). Digits only; nil for anything else
    /// or a day that does not exist.
    public init?(written text: String) {
        let text = text.trimmed
        if let iso = LocalDate(iso: text) {
            self = iso
            return
        }
        for separator in ["/", "."] as [Character] {
            let parts = text.split(separator: separator, omittingEmptySubsequences: false)
            guard parts.count == 3, (1...2).contains(parts[0].utf8.count), (1...2).contains(parts[1].utf8.count), parts[2].utf8.count == 4,
                let d = NumberText.digits(parts[0]), let m = NumberText.digits(parts[1]), let y = NumberText.digits(parts[2]),
                (1...12).contains(m), (1...LocalDate.daysIn(month: m, year: y)).contains(d)
            else { continue }
            self.init(year: y, month: m, day: d)
            return
        }
        return nil
    }

    /// Days since 1970-01-01 (Howard Hinnant's civil-from-days algorithm).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        Weekday.allCases[((dayNumber % 7) + 7 + 3) % 7]
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public var description: String {
        // Written digit by digit for the years of four digits: every submission stored writes its period's days and its
        // tasks' completion days this way, and three padded strings joined made a tenth of the storing thread's work.
        let (year, month, day) = (year, month, day)
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
        }
        return String(unsafeUninitializedCapacity: 10) { text in
            func two(_ value: Int, at place: Int) {
                text[place] = UInt8(ascii: "0") + UInt8(value / 10)
                text[place + 1] = UInt8(ascii: "0") + UInt8(value % 10)
            }
            two(year / 100, at: 0)
            two(year % 100, at: 2)
            text[4] = UInt8(ascii: "-")
            two(month, at: 5)
            text[7] = UInt8(ascii: "-")
            two(day, at: 8)
            return 10
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected a date YYYY-MM-DD, found \"\(text)\""))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// `value` in decimal (or another radix, upper-case) with leading zeros to `width` digits; cheaper than
/// `String(format:)` on hot paths.
public func padded(_ value: Int, _ width: Int, radix: Int = 10) -> String {
    let digits = String(value, radix: radix, uppercase: true)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

/// A day of the week, Monday first as in ISO 8601.
public enum Weekday: String, Sendable, Hashable, Codable, CaseIterable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// 0 for Monday ... 6 for Sunday.
    public var index: Int { Weekday.allCases.firstIndex(of: self)! }
}
