import Foundation

/// Vietnam's civil time (Asia/Ho_Chi_Minh), where every deadline is set.
///
/// Vietnam has kept UTC+7 with no daylight saving since 1975, so the offset is a constant and the result
/// never depends on the zone of the server; a test checks it against the system's time zone database.
public enum VietnamTime {
    public static let utcOffsetSeconds = 7 * 3600
    public static let zoneIdentifier = "Asia/Ho_Chi_Minh"

    /// The instant at `minutes` after midnight of `date` in Vietnam (1440 is the next midnight).
    public static func instant(_ date: LocalDate, minutes: Int = 0) -> Date {
        Date(timeIntervalSince1970: TimeInterval(date.dayNumber * 86_400 + minutes * 60 - utcOffsetSeconds))
    }

    /// The date in Vietnam at an instant.
    public static func date(of instant: Date) -> LocalDate {
        let seconds = Int(floor(instant.timeIntervalSince1970)) + utcOffsetSeconds
        return LocalDate(dayNumber: Int(floor(Double(seconds) / 86_400)))
    }

    /// "2025-11-13 08:00:00 (UTC+7)", for people.
    public static func format(_ instant: Date) -> String {
        let (day, time) = split(instant)
        return "\(day) \(time) (UTC+7)"
    }

    /// ISO 8601 with the Vietnam offset, e.g. "2025-11-13T08:00:00+07:00", for machines.
    public static func iso8601(_ instant: Date) -> String {
        let (day, time) = split(instant)
        return "\(day)T\(time)+07:00"
    }

    /// ISO 8601 in UTC, e.g. "2025-11-13T01:00:00Z", as document properties write it.
    public static func utcISO8601(_ instant: Date) -> String {
        let (day, time) = split(instant, offset: 0)
        return "\(day)T\(time)Z"
    }

    private static func split(_ instant: Date, offset: Int = utcOffsetSeconds) -> (LocalDate, String) {
        let seconds = Int(floor(instant.timeIntervalSince1970)) + offset
        let day = LocalDate(dayNumber: Int(floor(Double(seconds) / 86_400)))
        let inDay = seconds - day.dayNumber * 86_400
        return (day, padded(inDay / 3600, 2) + ":" + padded(inDay / 60 % 60, 2) + ":" + padded(inDay % 60, 2))
    }
}
