import Foundation

/// A reporting schedule: the shape of its periods and when each period's report is due.
public struct Schedule: Sendable, Hashable {
    public var id: String
    public var name: LocalizedText
    public var periodType: PeriodType
    public var deadline: DeadlineRule
    /// Extra time after the deadline during which a report still counts as on time (DHIS2's "timely days", in minutes).
    public var graceMinutes: Int
    /// How many working days (Monday to Friday) a unit has to correct a returned report.
    public var correctionWorkingDays: Int
    /// The first day tonghop tracks the schedule: a period starting before it is never flagged late or missing (its
    /// reports, if any arrive, are taken as usual). Nil: every period since the registry began.
    public var trackedFrom: LocalDate?
    /// How many hours before a deadline the units that have not reported are reminded, once each.
    public var reminderHours: [Int]

    public init(
        id: String, name: LocalizedText, periodType: PeriodType, deadline: DeadlineRule, graceMinutes: Int = 0,
        correctionWorkingDays: Int = Schedule.defaultCorrectionWorkingDays, trackedFrom: LocalDate? = nil,
        reminderHours: [Int] = Schedule.defaultReminderHours
    ) {
        self.id = id
        self.name = name
        self.periodType = periodType
        self.deadline = deadline
        self.graceMinutes = graceMinutes
        self.correctionWorkingDays = correctionWorkingDays
        self.trackedFrom = trackedFrom
        self.reminderHours = reminderHours
    }

    /// A day and two hours before the deadline.
    public static let defaultReminderHours = [24, 2]

    /// Whether missing reports of `period` are flagged: it starts on or after `trackedFrom`.
    public func isTracked(_ period: Period) -> Bool { trackedFrom.map { period.firstDay >= $0 } ?? true }

    /// Two working days, as MoHA's practice gives a unit to send a report again ("rà soát, bổ sung, gửi lại").
    public static let defaultCorrectionWorkingDays = 2

    /// When the correction of a report returned at `returnedAt` is due: the same time of day in Vietnam,
    /// `correctionWorkingDays` working days later, Saturdays and Sundays not counted.
    public func correctionDue(returnedAt: Date) -> Date { Self.correctionDue(returnedAt: returnedAt, workingDays: correctionWorkingDays) }

    /// The same time of day in Vietnam, `workingDays` working days (Monday to Friday) after `returnedAt`.
    public static func correctionDue(returnedAt: Date, workingDays: Int) -> Date {
        let day = VietnamTime.date(of: returnedAt)
        let seconds = returnedAt.timeIntervalSince(VietnamTime.instant(day))
        var due = day
        var left = workingDays
        while left > 0 {
            due = due.adding(days: 1)
            if due.weekday != .saturday && due.weekday != .sunday { left -= 1 }
        }
        return VietnamTime.instant(due).addingTimeInterval(seconds)
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
