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

    /// The period a status board opens on at `instant`: the one that just closed, while who is missing from it is what
    /// matters, that is until the next deadline is nearer than the last one; then the period filling up. For the
    /// provinces (Thursday 08:00) the board shows the closed week until Sunday 20:00.
    public func periodToWatch(at instant: Date) -> Period {
        let closed = latestClosedPeriod(at: instant)
        let next = self.period(after: closed)
        let sinceLast = instant.timeIntervalSince(onTimeLimit(of: closed))
        let untilNext = onTimeLimit(of: next).timeIntervalSince(instant)
        return sinceLast < untilNext ? closed : next
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
