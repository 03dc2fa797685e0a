import Foundation

/// Whether a report arrived by its period's deadline, and if not, how late.
public enum Timeliness: Sendable, Hashable {
    case onTime
    /// Late by this many seconds after the deadline (grace included).
    case late(by: TimeInterval)

    public var isOnTime: Bool { self == .onTime }

    /// Seconds after the deadline, 0 when on time.
    public var secondsLate: TimeInterval {
        if case .late(let seconds) = self { seconds } else { 0 }
    }
}

extension Schedule {
    /// The moment after which a report for `period` is late: the deadline plus the schedule's grace.
    public func onTimeLimit(of period: Period) -> Date {
        period.deadline.addingTimeInterval(TimeInterval(graceMinutes * 60))
    }

    /// On time means received strictly before the deadline (plus grace): 07:59:59 is on time for 08:00, 08:00:00 is not.
    public func timeliness(of receivedAt: Date, for period: Period) -> Timeliness {
        let limit = onTimeLimit(of: period)
        return receivedAt < limit ? .onTime : .late(by: receivedAt.timeIntervalSince(limit))
    }

    /// The latest period whose deadline (grace included) has passed at `instant`.
    public func latestClosedPeriod(at instant: Date) -> Period {
        var period = self.period(containing: instant)
        while onTimeLimit(of: period) > instant { period = self.period(before: period) }
        return period
    }

    /// The first period whose deadline is still ahead at `instant`.
    public func nextDuePeriod(at instant: Date) -> Period {
        self.period(after: latestClosedPeriod(at: instant))
    }

    /// Every period whose deadline has passed at `instant`, oldest first, starting with the one containing `from`.
    public func closedPeriods(from: LocalDate, at instant: Date) -> [Period] {
        let last = latestClosedPeriod(at: instant)
        var periods: [Period] = []
        var period = self.period(containing: from)
        while period.firstDay <= last.firstDay {
            periods.append(period)
            period = self.period(after: period)
        }
        return periods
    }
}

/// A length of time as people write it: "2 days 3 h 5 min", "45 s".
public func describeDuration(_ seconds: TimeInterval) -> String {
    let total = Int(seconds.rounded(.down))
    let (days, hours, minutes, secs) = (total / 86_400, total / 3600 % 24, total / 60 % 60, total % 60)
    var parts: [String] = []
    if days > 0 { parts.append("\(days) day\(days == 1 ? "" : "s")") }
    if hours > 0 { parts.append("\(hours) h") }
    if minutes > 0 && days == 0 { parts.append("\(minutes) min") }
    if parts.isEmpty { parts.append("\(secs) s") }
    return parts.joined(separator: " ")
}
