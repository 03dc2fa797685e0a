import Foundation
import TonghopCore

/// Who has reported for one period of one schedule, as seen at one instant.
public struct StatusBoard: Sendable, Encodable {
    /// Where a unit stands for the period.
    public enum State: String, Sendable, Codable {
        case onTime = "on-time"
        case late
        /// No report, and the deadline has passed.
        case missing
        /// No report yet, but the deadline is still ahead.
        case pending
        /// No report for a period before the schedule is tracked (`trackedFrom`): never missing.
        case untracked
    }

    /// One expected unit's line on the board.
    public struct UnitStatus: Sendable, Encodable {
        public var code: String
        public var name: String
        public var state: State
        /// The first report's time of receipt, which decides timeliness.
        public var reportedAt: Date?
        public var lateBySeconds: Double?
        /// For a missing report: how long since the deadline.
        public var overdueBySeconds: Double?
        public var submissions: Int
        /// The report that counts now, when there is one.
        public var submissionId: Int64?
        /// Where MoHA's review of that report stands; absent while it is not reviewed.
        public var review: ReviewState?
    }

    /// How many expected units are in each state.
    public struct Counts: Sendable, Encodable, Equatable {
        public var expected = 0
        public var onTime = 0
        public var late = 0
        public var missing = 0
        public var pending = 0
        /// No report, for a period before the schedule is tracked.
        public var untracked = 0
        /// Of the reports received, how many MoHA accepted and how many it returned for correction.
        public var accepted = 0
        public var returned = 0
    }

    /// The next deadline of the schedule still ahead, and the time left to it.
    public struct NextDeadline: Sendable, Encodable {
        public var periodKey: String
        public var deadline: Date
        public var secondsLeft: Double
    }

    public var scheduleId: String
    public var scheduleName: String
    public var periodKey: String
    public var firstDay: LocalDate
    public var lastDay: LocalDate
    public var deadline: Date
    public var at: Date
    public var units: [UnitStatus]
    public var counts: Counts
    public var nextDeadline: NextDeadline

    /// The units as MoHA reads them on a deadline's morning: the missing first, then the late, those not yet due, and
    /// those on time; in the registry's order within each.
    public var unitsMissingFirst: [UnitStatus] {
        let rank: [State: Int] = [.missing: 0, .late: 1, .pending: 2, .untracked: 2, .onTime: 3]
        return units.enumerated().sorted { (rank[$0.element.state]!, $0.offset) < (rank[$1.element.state]!, $1.offset) }.map(\.element)
    }

    /// Builds the board of `period` (default: the latest whose deadline has passed at `at`).
    public static func build(
        schedule: Schedule, period: Period? = nil, at: Date, registry: UnitRegistry, archive: any SubmissionArchive
    ) throws -> StatusBoard {
        let period = period ?? schedule.latestClosedPeriod(at: at)
        let limit = schedule.onTimeLimit(of: period)
        let times = try archive.reportTimes(schedule: schedule.id, period: period.key, asOf: at)
        let reviews = try archive.latestReviews(of: times.values.map(\.currentSubmissionId), asOf: at)
        var counts = Counts()
        let units = registry.expectedUnits(for: period).map { unit -> UnitStatus in
            counts.expected += 1
            guard let reported = times[unit.code] else {
                guard schedule.isTracked(period) else {
                    counts.untracked += 1
                    return UnitStatus(
                        code: unit.code, name: unit.name, state: .untracked, reportedAt: nil, lateBySeconds: nil, overdueBySeconds: nil,
                        submissions: 0)
                }
                let overdue = at >= limit
                if overdue { counts.missing += 1 } else { counts.pending += 1 }
                return UnitStatus(
                    code: unit.code, name: unit.name, state: overdue ? .missing : .pending, reportedAt: nil, lateBySeconds: nil,
                    overdueBySeconds: overdue ? at.timeIntervalSince(limit) : nil, submissions: 0)
            }
            let timeliness = schedule.timeliness(of: reported.firstReceivedAt, for: period)
            if timeliness.isOnTime { counts.onTime += 1 } else { counts.late += 1 }
            let review = reviews[reported.currentSubmissionId]?.state
            if review == .accepted { counts.accepted += 1 }
            if review == .returned { counts.returned += 1 }
            return UnitStatus(
                code: unit.code, name: unit.name, state: timeliness.isOnTime ? .onTime : .late, reportedAt: reported.firstReceivedAt,
                lateBySeconds: timeliness.isOnTime ? nil : timeliness.secondsLate, overdueBySeconds: nil,
                submissions: reported.submissionCount, submissionId: reported.currentSubmissionId, review: review)
        }
        let next = schedule.nextDuePeriod(at: at)
        return StatusBoard(
            scheduleId: schedule.id, scheduleName: schedule.name.vi, periodKey: period.key, firstDay: period.firstDay, lastDay: period.lastDay,
            deadline: limit, at: at, units: units, counts: counts,
            nextDeadline: NextDeadline(
                periodKey: next.key, deadline: schedule.onTimeLimit(of: next),
                secondsLeft: schedule.onTimeLimit(of: next).timeIntervalSince(at)))
    }
}
