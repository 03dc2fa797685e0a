import Foundation
import GRDB
import TonghopCore

/// When a unit's reports for one period arrived.
public struct UnitReportTimes: Sendable, Hashable {
    public var unitCode: String
    /// The first report received: it decides whether the unit reported on time.
    public var firstReceivedAt: Date
    /// The report that counts now (the latest).
    public var currentSubmissionId: Int64
    public var currentReceivedAt: Date
    public var submissionCount: Int
}

/// A unit flagged for a missing report after a deadline.
public struct LateFlag: Sendable, Hashable, Codable {
    public var unitCode: String
    public var scheduleId: String
    public var periodKey: String
    public var deadline: Date
    public var flaggedAt: Date
    public var resolvedAt: Date?
    public var resolvedBySubmissionId: Int64?
}

/// What one run of the late check did.
public struct LateCheckResult: Sendable {
    public var newlyFlagged: [LateFlag]
    public var newlyResolved: [LateFlag]
    /// Every flag still open after the run, oldest period first.
    public var outstanding: [LateFlag]
}

extension TonghopDatabase {
    /// The reports of each unit for a period, counting only those received by `asOf`.
    public func reportTimes(schedule: String, period: String, asOf: Date) throws -> [String: UnitReportTimes] {
        try writer.read { db in
            // In the order of the index on (schedule, period, unit, receipt): each unit's first row is its first report.
            let statement = try RawStatement(db, sql: """
                SELECT unitCode, receivedAt, id FROM submission WHERE scheduleId = ? AND periodKey = ? AND receivedAt <= ?
                ORDER BY unitCode, receivedAt, id
                """)
            statement.bind(schedule).bind(period).bind(DatabaseTime.text(asOf))
            var times: [String: UnitReportTimes] = [:]
            try statement.forEachRow { row in
                let code = row.text(0)!, receivedAt = row.instant(1) ?? .distantPast, id = row.int64(2)
                if var known = times[code] {
                    known.currentSubmissionId = id
                    known.currentReceivedAt = receivedAt
                    known.submissionCount += 1
                    times[code] = known
                } else {
                    times[code] = UnitReportTimes(unitCode: code, firstReceivedAt: receivedAt, currentSubmissionId: id,
                                                  currentReceivedAt: receivedAt, submissionCount: 1)
                }
            }
            return times
        }
    }

    /// Records a flag for each expected unit with no report for each closed period, once; resolves flags whose
    /// report has arrived (by `at`). `expected` lists, per closed period, the units expected to report; `schedule`
    /// limits the resolving and the outstanding list to one schedule.
    public func recordLateFlags(
        expected: [(period: Period, deadline: Date, units: [String])], at: Date, schedule: String? = nil
    ) throws -> LateCheckResult {
        try writer.write { db in
            var newlyFlagged: [LateFlag] = []
            var newlyResolved: [LateFlag] = []
            let reported = try Self.reportedUnits(db, periods: expected.map(\.period), asOf: at)
            let insert = try RawStatement(db, sql: """
                INSERT OR IGNORE INTO lateFlag (unitCode, scheduleId, periodKey, deadline, flaggedAt) VALUES (?, ?, ?, ?, ?)
                """)
            let flaggedAt = DatabaseTime.text(at)
            for entry in expected {
                let period = entry.period
                let sent = reported[PeriodRef(schedule: period.scheduleId, period: period.key)] ?? []
                let deadline = DatabaseTime.text(entry.deadline)
                for unit in entry.units where !sent.contains(unit) {
                    try insert.bind(unit).bind(period.scheduleId).bind(period.key).bind(deadline).bind(flaggedAt).run()
                    if insert.changes > 0 {
                        newlyFlagged.append(LateFlag(unitCode: unit, scheduleId: entry.period.scheduleId, periodKey: entry.period.key,
                                                     deadline: entry.deadline, flaggedAt: at))
                    }
                }
            }
            // Reports that arrived since a flag was raised (replays included) resolve it, keeping both times.
            // One query finds them all: after a first run there can be thousands of open flags.
            let scheduleFilter = schedule == nil ? "" : " AND f.scheduleId = ?"
            let arguments: StatementArguments = schedule.map { [at, $0] } ?? [at]
            let arrived = try Row.fetchAll(db, sql: """
                SELECT f.*, s.id AS submissionId, s.receivedAt AS submittedAt
                FROM lateFlag f
                JOIN submission s ON s.id = (
                    SELECT s2.id FROM submission s2
                    WHERE s2.unitCode = f.unitCode AND s2.scheduleId = f.scheduleId AND s2.periodKey = f.periodKey AND s2.receivedAt <= ?
                    ORDER BY s2.receivedAt, s2.id LIMIT 1)
                WHERE f.resolvedAt IS NULL\(scheduleFilter)
                """, arguments: arguments)
            let resolve = try db.cachedStatement(sql: "UPDATE lateFlag SET resolvedAt = ?, resolvedBySubmissionId = ? WHERE id = ?")
            for row in arrived {
                var flag = Self.flag(row)
                flag.resolvedAt = row["submittedAt"]
                flag.resolvedBySubmissionId = row["submissionId"]
                try resolve.execute(arguments: [flag.resolvedAt, flag.resolvedBySubmissionId, row["id"] as Int64])
                newlyResolved.append(flag)
            }
            let outstanding = try Self.flags(db, sql: "WHERE resolvedAt IS NULL" + (schedule == nil ? "" : " AND scheduleId = ?")
                                                + " ORDER BY deadline, scheduleId, unitCode", arguments: schedule.map { [$0] } ?? [])
            return LateCheckResult(newlyFlagged: newlyFlagged, newlyResolved: newlyResolved, outstanding: outstanding)
        }
    }

    /// Every late flag, resolved or not, oldest deadline first.
    public func lateFlags() throws -> [LateFlag] {
        try writer.read { db in try Self.flags(db, sql: "ORDER BY deadline, scheduleId, unitCode") }
    }

    private struct PeriodRef: Hashable {
        var schedule: String
        var period: String
    }

    /// The units that had reported for each period by `asOf`, read in the order of the index on (schedule, period, unit):
    /// a year of commune-scale history is some 170,000 submissions, and decoding them as rows took most of a run.
    private static func reportedUnits(_ db: Database, periods: [Period], asOf: Date) throws -> [PeriodRef: Set<String>] {
        var reported: [PeriodRef: Set<String>] = [:]
        for schedule in Set(periods.map(\.scheduleId)) {
            let statement = try RawStatement(db, sql: """
                SELECT periodKey, unitCode FROM submission WHERE scheduleId = ? AND receivedAt <= ? ORDER BY periodKey, unitCode
                """)
            statement.bind(schedule).bind(DatabaseTime.text(asOf))
            var key = PeriodRef(schedule: schedule, period: "")
            var units: Set<String> = []
            try statement.forEachRow { row in
                let period = row.bytes(0)
                if !key.period.utf8.elementsEqual(period) {
                    if !key.period.isEmpty { reported[key] = units }
                    key.period = row.text(0) ?? ""
                    units = []
                }
                units.insert(row.text(1) ?? "")
            }
            if !key.period.isEmpty { reported[key] = units }
        }
        return reported
    }

    private static func flags(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [LateFlag] {
        try Row.fetchAll(db, sql: "SELECT * FROM lateFlag " + sql, arguments: arguments).map(flag)
    }

    private static func flag(_ row: Row) -> LateFlag {
        LateFlag(unitCode: row["unitCode"], scheduleId: row["scheduleId"], periodKey: row["periodKey"], deadline: row["deadline"],
                 flaggedAt: row["flaggedAt"], resolvedAt: row["resolvedAt"], resolvedBySubmissionId: row["resolvedBySubmissionId"])
    }
}
