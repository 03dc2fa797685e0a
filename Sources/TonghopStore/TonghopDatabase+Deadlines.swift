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

/// The periods of a schedule that a late check has looked at, against which registry, and when.
public struct LateCheckMark: Sendable, Hashable {
    public var scheduleId: String
    /// A digest of the units expected on the schedule: a registry edit invalidates the mark.
    public var registryDigest: String
    /// The periods from the one containing `fromDay` to the one starting on `throughFirstDay` were checked.
    public var fromDay: LocalDate
    public var throughFirstDay: LocalDate
    public var checkedAt: Date

    public init(scheduleId: String, registryDigest: String, fromDay: LocalDate, throughFirstDay: LocalDate, checkedAt: Date) {
        self.scheduleId = scheduleId
        self.registryDigest = registryDigest
        self.fromDay = fromDay
        self.throughFirstDay = throughFirstDay
        self.checkedAt = checkedAt
    }
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
        expected: [(period: Period, deadline: Date, units: [String])], at: Date, schedule: String? = nil, marks: [LateCheckMark] = []
    ) throws -> LateCheckResult {
        try writer.write { db in
            for mark in marks {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO lateCheckMark (scheduleId, registryDigest, fromDay, throughFirstDay, checkedAt) VALUES (?, ?, ?, ?, ?)
                    """, arguments: [mark.scheduleId, mark.registryDigest, mark.fromDay.description, mark.throughFirstDay.description, at])
            }
            var newlyFlagged: [LateFlag] = []
            var newlyResolved: [LateFlag] = []
            let missing = try Self.missingUnits(db, expected: expected, asOf: at)
            let insert = try RawStatement(db, sql: """
                INSERT OR IGNORE INTO lateFlag (unitCode, scheduleId, periodKey, deadline, flaggedAt) VALUES (?, ?, ?, ?, ?)
                """)
            let flaggedAt = DatabaseTime.text(at)
            for (entry, missing) in zip(expected, missing) where !missing.isEmpty {
                let period = entry.period
                let deadline = DatabaseTime.text(entry.deadline)
                for unit in entry.units where missing.contains(unit) {
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
                                                + " ORDER BY deadline, scheduleId, unitCode", argument: schedule)
            return LateCheckResult(newlyFlagged: newlyFlagged, newlyResolved: newlyResolved, outstanding: outstanding)
        }
    }

    /// The marks of earlier late checks, by schedule.
    public func lateCheckMarks() throws -> [String: LateCheckMark] {
        try writer.read { db in
            var marks: [String: LateCheckMark] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM lateCheckMark") {
                guard let from = LocalDate(iso: row["fromDay"]), let through = LocalDate(iso: row["throughFirstDay"]) else { continue }
                marks[row["scheduleId"]] = LateCheckMark(scheduleId: row["scheduleId"], registryDigest: row["registryDigest"], fromDay: from,
                                                         throughFirstDay: through, checkedAt: row["checkedAt"])
            }
            return marks
        }
    }

    /// Every late flag, resolved or not, oldest deadline first.
    public func lateFlags() throws -> [LateFlag] {
        try writer.read { db in try Self.flags(db, sql: "ORDER BY deadline, scheduleId, unitCode") }
    }

    /// For each period of `expected`, the expected units with no report received by `asOf`. The reports are read in
    /// the order of the index on (schedule, period, unit) and merged with each period's expected codes sorted the same
    /// way (SQLite compares text byte by byte), so no string is made for the 170,000 units of a commune-scale year
    /// that did report.
    private static func missingUnits(
        _ db: Database, expected: [(period: Period, deadline: Date, units: [String])], asOf: Date
    ) throws -> [Set<String>] {
        var missing = expected.map { _ in Set<String>() }
        var indexByPeriod: [String: [String: Int]] = [:]
        for (index, entry) in expected.enumerated() { indexByPeriod[entry.period.scheduleId, default: [:]][entry.period.key] = index }
        for (schedule, periods) in indexByPeriod {
            var seen = Set<Int>()
            var current: Int?
            var sorted: [[UInt8]] = []
            var next = 0
            func finish() {
                guard let index = current else { return }
                for code in sorted[next...] { missing[index].insert(String(decoding: code, as: UTF8.self)) }
            }
            let statement = try RawStatement(db, sql: """
                SELECT periodKey, unitCode FROM submission WHERE scheduleId = ? AND receivedAt <= ? ORDER BY periodKey, unitCode
                """)
            statement.bind(schedule).bind(DatabaseTime.text(asOf))
            var periodKey: [UInt8] = []
            try statement.forEachRow { row in
                let period = row.bytes(0)
                if !periodKey.elementsEqual(period) {
                    finish()
                    periodKey = Array(period)
                    current = periods[String(decoding: period, as: UTF8.self)]
                    if let index = current {
                        seen.insert(index)
                        sorted = expected[index].units.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
                        next = 0
                    }
                }
                guard current != nil else { return }
                let unit = row.bytes(1)
                // Expected units sorting before this report's unit did not report; a unit not expected, or a second
                // report of the same unit, sorts before the next expected code and is passed over.
                while next < sorted.count, sorted[next].lexicographicallyPrecedes(unit) {
                    missing[current!].insert(String(decoding: sorted[next], as: UTF8.self))
                    next += 1
                }
                if next < sorted.count, sorted[next].elementsEqual(unit) { next += 1 }
            }
            finish()
            for index in periods.values where !seen.contains(index) { missing[index] = Set(expected[index].units) }
        }
        return missing
    }

    private static func flags(_ db: Database, sql: String, argument: String? = nil) throws -> [LateFlag] {
        // Read without GRDB's rows: after a first run at commune scale there are over 10,000 open flags, and decoding
        // their instants through GRDB's date formatter took longer than the check itself.
        let statement = try RawStatement(db, sql: """
            SELECT unitCode, scheduleId, periodKey, deadline, flaggedAt, resolvedAt, resolvedBySubmissionId FROM lateFlag
            """ + " " + sql)
        if let argument { _ = statement.bind(argument) }
        var flags: [LateFlag] = []
        try statement.forEachRow { row in
            flags.append(LateFlag(unitCode: row.text(0) ?? "", scheduleId: row.text(1) ?? "", periodKey: row.text(2) ?? "",
                                  deadline: row.instant(3) ?? .distantPast, flaggedAt: row.instant(4) ?? .distantPast,
                                  resolvedAt: row.instant(5), resolvedBySubmissionId: row.double(6).map { Int64($0) }))
        }
        return flags
    }

    private static func flag(_ row: Row) -> LateFlag {
        LateFlag(unitCode: row["unitCode"], scheduleId: row["scheduleId"], periodKey: row["periodKey"], deadline: row["deadline"],
                 flaggedAt: row["flaggedAt"], resolvedAt: row["resolvedAt"], resolvedBySubmissionId: row["resolvedBySubmissionId"])
    }
}
