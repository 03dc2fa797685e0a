/// A reporting schedule: the shape of its periods and when each period's report is due.
public struct Schedule: Sendable, Hashable {
    public var id: String
    public var name: LocalizedText
    public var periodType: PeriodType
    public var deadline: DeadlineRule
    /// Extra time after the deadline during which a report still counts as on time (DHIS2's "timely days", in minutes).
    public var graceMinutes: Int

    public init(id: String, name: LocalizedText, periodType: PeriodType, deadline: DeadlineRule, graceMinutes: Int = 0) {
        self.id = id
        self.name = name
        self.periodType = periodType
        self.deadline = deadline
        self.graceMinutes = graceMinutes
    }
}

/// How a schedule cuts time into periods.
public enum PeriodType: Sendable, Hashable {
    /// Seven days from `startsOn`; keyed `YYYY-Www`, week 1 being the first with at least 4 days in the year.
    case weekly(startsOn: Weekday)
    /// From the day after `closesOnDay` of the previous month to `closesOnDay` of the month; keyed `YYYY-MM`.
    /// Decree 09/2019 sets the monthly window at the 15th to the 14th (`closesOnDay: 14`).
    case monthly(closesOnDay: Int)

    /// Weekly or monthly, without the day the periods turn on.
    public var kind: PeriodKind {
        switch self {
        case .weekly: .weekly
        case .monthly: .monthly
        }
    }
}

/// The two kinds of period, named as the schedules file and the synthesis' JSON write them.
public enum PeriodKind: String, Sendable, Hashable, Codable {
    case weekly
    case monthly
}

/// When a period's report is due: the first such moment at or after the period's end, in Vietnam time.
public struct DeadlineRule: Sendable, Hashable {
    /// The day a deadline falls on: a weekday, or a day of the month.
    public enum Day: Sendable, Hashable {
        case weekday(Weekday)
        case dayOfMonth(Int)
    }

    public var day: Day
    /// Minutes after midnight, 0...1440; 1440 ("24:00") means the end of that day.
    public var minutes: Int

    public init(day: Day, minutes: Int) {
        self.day = day
        self.minutes = minutes
    }

    /// "HH:MM" as written in the schedule file.
    public var timeText: String {
        let h = minutes / 60
        let m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    /// Parses "08:00" or "24:00".
    public static func minutes(parsing text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            let h = NumberText.digits(parts[0]), let m = NumberText.digits(parts[1]), (0...24).contains(h), (0...59).contains(m), h * 60 + m <= 1440
        else { return nil }
        return h * 60 + m
    }
}
