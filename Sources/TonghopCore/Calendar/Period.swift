import Foundation

/// One reporting period (kỳ báo cáo) of one schedule: its key, its days and its deadline.
public struct Period: Sendable, Hashable, Codable, CustomStringConvertible {
    public var scheduleId: String
    /// `2025-W46` for weekly schedules, `2025-11` for monthly ones.
    public var key: String
    public var firstDay: LocalDate
    public var lastDay: LocalDate
    /// The first instant of the period (00:00 Vietnam time on its first day).
    public var start: Date
    /// The instant right after the period (00:00 Vietnam time on the day after its last day).
    public var end: Date
    /// Reports received before this instant are on time.
    public var deadline: Date

    public var description: String { "\(key) (\(firstDay) – \(lastDay))" }
}

/// Why a period key was refused.
public enum PeriodKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed(key: String, expected: Message)
    case outOfRange(key: String, reason: Message)

    /// What is wrong with the key, for the person who wrote it.
    public var message: Message {
        switch self {
        case .malformed(let key, let expected): Message(.periodMalformed, ["key": .quoted(key), "form": .message(expected)])
        case .outOfRange(let key, let reason): Message(.periodUnknown, ["key": .quoted(key), "reason": .message(reason)])
        }
    }

    public var description: String { message.text(in: .en) }
}

extension Schedule {
    /// The form of this schedule's period keys, for messages.
    public var periodKeyForm: Message {
        switch periodType {
        case .weekly: Message(.periodFormWeekly)
        case .monthly: Message(.periodFormMonthly)
        }
    }

    /// The period a key names, or why the key names none.
    public func period(forKey key: String) -> Result<Period, PeriodKeyError> {
        switch periodType {
        case .weekly(let startsOn):
            let parts = key.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 3, parts[1].first == "W",
                let year = NumberText.digits(parts[0]), let week = NumberText.digits(parts[1].dropFirst())
            else { return .failure(.malformed(key: key, expected: periodKeyForm)) }
            let weeks = Self.weeksIn(year: year, startsOn: startsOn)
            guard (1...weeks).contains(week) else {
                return .failure(.outOfRange(key: key, reason: Message(.periodWeeksInYear, ["year": .count(year), "weeks": .count(weeks)])))
            }
            return .success(weeklyPeriod(year: year, week: week, startsOn: startsOn))
        case .monthly(let closesOnDay):
            let parts = key.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
                let year = NumberText.digits(parts[0]), let month = NumberText.digits(parts[1])
            else { return .failure(.malformed(key: key, expected: periodKeyForm)) }
            guard (1...12).contains(month) else {
                return .failure(.outOfRange(key: key, reason: Message(.periodMonths)))
            }
            return .success(monthlyPeriod(year: year, month: month, closesOnDay: closesOnDay))
        }
    }

    /// The period that contains an instant (in Vietnam time).
    public func period(containing instant: Date) -> Period {
        period(containing: VietnamTime.date(of: instant))
    }

    /// The period that contains a day.
    public func period(containing date: LocalDate) -> Period {
        switch periodType {
        case .weekly(let startsOn):
            let first = date.adding(days: -((date.weekday.index - startsOn.index + 7) % 7))
            let year = first.adding(days: 3).year
            let week = (first.dayNumber - Self.firstWeekStart(year: year, startsOn: startsOn).dayNumber) / 7 + 1
            return weeklyPeriod(year: year, week: week, startsOn: startsOn)
        case .monthly(let closesOnDay):
            var (year, month) = (date.year, date.month)
            if date.day > min(closesOnDay, LocalDate.daysIn(month: month, year: year)) {
                (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
            }
            return monthlyPeriod(year: year, month: month, closesOnDay: closesOnDay)
        }
    }

    /// The period right after `period`.
    public func period(after period: Period) -> Period { self.period(containing: period.lastDay.adding(days: 1)) }

    /// The period right before `period`.
    public func period(before period: Period) -> Period { self.period(containing: period.firstDay.adding(days: -1)) }

    /// How many weeks a year has on a weekly schedule starting on `startsOn`: 52 or 53.
    public static func weeksIn(year: Int, startsOn: Weekday) -> Int {
        (firstWeekStart(year: year + 1, startsOn: startsOn).dayNumber - firstWeekStart(year: year, startsOn: startsOn).dayNumber) / 7
    }

    /// The first day of week 1: the first week with at least 4 of its days in `year`, i.e. whose 4th day is in it.
    static func firstWeekStart(year: Int, startsOn: Weekday) -> LocalDate {
        let earliest = LocalDate(year: year - 1, month: 12, day: 29)
        return earliest.adding(days: (startsOn.index - earliest.weekday.index + 7) % 7)
    }

    private func weeklyPeriod(year: Int, week: Int, startsOn: Weekday) -> Period {
        let first = Self.firstWeekStart(year: year, startsOn: startsOn).adding(days: (week - 1) * 7)
        let key = String(year) + "-W" + (week < 10 ? "0" : "") + String(week)
        return makePeriod(key: key, firstDay: first, lastDay: first.adding(days: 6))
    }

    private func monthlyPeriod(year: Int, month: Int, closesOnDay: Int) -> Period {
        let last = LocalDate(year: year, month: month, day: min(closesOnDay, LocalDate.daysIn(month: month, year: year)))
        let (py, pm) = month == 1 ? (year - 1, 12) : (year, month - 1)
        let previousLast = LocalDate(year: py, month: pm, day: min(closesOnDay, LocalDate.daysIn(month: pm, year: py)))
        let key = String(year) + "-" + (month < 10 ? "0" : "") + String(month)
        return makePeriod(key: key, firstDay: previousLast.adding(days: 1), lastDay: last)
    }

    private func makePeriod(key: String, firstDay: LocalDate, lastDay: LocalDate) -> Period {
        let dayAfter = lastDay.adding(days: 1)
        return Period(
            scheduleId: id, key: key, firstDay: firstDay, lastDay: lastDay,
            start: VietnamTime.instant(firstDay), end: VietnamTime.instant(dayAfter),
            deadline: VietnamTime.instant(deadlineDay(onOrAfter: dayAfter), minutes: deadline.minutes)
        )
    }

    private func deadlineDay(onOrAfter date: LocalDate) -> LocalDate {
        switch deadline.day {
        case .weekday(let weekday):
            return date.adding(days: (weekday.index - date.weekday.index + 7) % 7)
        case .dayOfMonth(let day):
            var candidate = date
            while candidate.day != min(day, LocalDate.daysIn(month: candidate.month, year: candidate.year)) {
                candidate = candidate.adding(days: 1)
            }
            return candidate
        }
    }
}
