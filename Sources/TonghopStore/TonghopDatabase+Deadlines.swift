import Foundation
import GRDB
import TonghopCore

extension TonghopDatabase {
    /// The reports of each unit for a period, counting only those received by `asOf`.
    public func reportTimes(schedule: String, period: String, asOf: Date) throws -> [String: UnitReportTimes] {
        try writer.read { db in
            // On the C API, in the order of the index on (schedule, period, unit, receipt, …): each unit's first row is its
            // first report, and its code is made a String once. Decoded as records, a commune-scale week's 3,321 rows cost
            // 8,000 instructions each, and ordered by id as well (for reports received at the same instant) SQLite sorted
            // every row read (5,000 each): a status board is read by every synthesis and status page.
            let statement = try RawStatement(
                db,
                sql: """
                    SELECT id, unitCode, receivedAt FROM submission
                    WHERE scheduleId = ? AND periodKey = ? AND receivedAt <= ?
                    ORDER BY unitCode, receivedAt
                    """
            ).bind(schedule).bind(period).bind(DatabaseTime.text(asOf))
            var times: [String: UnitReportTimes] = [:]
            var last: UnitReportTimes?
            try statement.forEachRow { row in
                let id = row.int64(0), unit = row.bytes(1)
                guard let receivedAt = row.instant(2) else {
                    throw DatabaseError(message: "not an instant as tonghop stores them: \(String(decoding: row.bytes(2), as: UTF8.self))")
                }
                if var known = last, known.unitCode.utf8.elementsEqual(unit) {
                    // The current report is the latest received, the last stored of those received at the same instant.
                    if (receivedAt, id) > (known.currentReceivedAt, known.currentSubmissionId) {
                        (known.currentReceivedAt, known.currentSubmissionId) = (receivedAt, id)
                    }
                    known.submissionCount += 1
                    last = known
                } else {
                    if let known = last { times[known.unitCode] = known }
                    last = UnitReportTimes(
                        unitCode: row.text(1) ?? "", firstReceivedAt: receivedAt, currentSubmissionId: id, currentReceivedAt: receivedAt,
                        submissionCount: 1)
                }
            }
            if let known = last { times[known.unitCode] = known }
            return times
        }
    }

    /// Records a flag for each expected unit with no report for each closed period, once; resolves flags whose
    /// report has arrived (by `at`). `expected` lists, per closed period, the units expected to report; `schedule`
    /// limits the resolving and the outstanding list to one schedule.
    public func recordLateFlags(
        expected: [(period: Period, deadline: Date, units: [String])], at: Date, schedule: String?, marks: [LateCheckMark]
    ) throws -> LateCheckResult {
        try writer.write { db in
            // Written in SQL rather than by GRDB's record upsert, which reads the table's schema (its primary key) first: 1–2
            // ms of every check, at its first write.
            for mark in marks {
                try db.execute(
                    sql: """
                        INSERT INTO lateCheckMark (scheduleId, registryDigest, fromDay, throughFirstDay, checkedAt) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (scheduleId) DO UPDATE SET registryDigest = excluded.registryDigest, fromDay = excluded.fromDay,
                            throughFirstDay = excluded.throughFirstDay, checkedAt = excluded.checkedAt
                        """,
                    arguments: [
                        mark.scheduleId, mark.registryDigest, mark.fromDay.description, mark.throughFirstDay.description, DatabaseTime.text(at),
                    ])
            }
            var newlyFlagged: [LateFlag] = []
            let missing = try Self.missingUnits(db, expected: expected, asOf: at)
            // On the C API, one prepared statement for every flag: a week after a commune-scale first run raises 3,435 flags
            // at once, and inserting them as records made that run 204–208 ms against 121–133 ms this way (measured side by
            // side on `Benchmarks/synthesis.sh`'s database). A unit already flagged for the period is flagged once: the
            // unique key ignores the second.
            let insert = try RawStatement(
                db, sql: "INSERT OR IGNORE INTO lateFlag (unitCode, scheduleId, periodKey, deadline, flaggedAt) VALUES (?, ?, ?, ?, ?)")
            let flaggedAt = DatabaseTime.text(at)
            for (entry, missing) in zip(expected, missing) where !missing.isEmpty {
                let deadline = DatabaseTime.text(entry.deadline)
                for unit in entry.units where missing.contains(unit) {
                    try insert.bind(unit).bind(entry.period.scheduleId).bind(entry.period.key).bind(deadline).bind(flaggedAt).run()
                    if insert.changes > 0 {
                        newlyFlagged.append(
                            LateFlag(
                                unitCode: unit, scheduleId: entry.period.scheduleId, periodKey: entry.period.key, deadline: entry.deadline,
                                flaggedAt: at))
                    }
                }
            }
            // Reports that arrived since a flag was raised (replays included) resolve it, keeping both times.
            // One query finds them all: after a first run there can be thousands of open flags. Whether a flag's unit has
            // any report for the period is asked first, from the index alone: most open flags have none, and finding
            // the first report of each sorted what it found, if nothing (7.2 million instructions for 513 open flags; 4.7 this way).
            struct Arrived: FetchableRecord {
                var flag: LateFlagRecord
                var submissionId: Int64
                var submittedAt: Date

                init(row: Row) throws {
                    flag = try LateFlagRecord(row: row)
                    submissionId = row["submissionId"]
                    submittedAt = try Self.instant(row["submittedAt"])
                }

                static func instant(_ text: String) throws -> Date {
                    guard let instant = DatabaseTime.instant(text) else { throw DatabaseError(message: "not an instant: \(text)") }
                    return instant
                }
            }
            let arrived = try SQLRequest<Arrived>(
                sql: """
                    SELECT f.id, f.unitCode, f.scheduleId, f.periodKey, f.deadline, f.flaggedAt, f.resolvedAt, f.resolvedBySubmissionId,
                           s.id AS submissionId, s.receivedAt AS submittedAt
                    FROM lateFlag f
                    JOIN submission s ON s.id = (
                        SELECT s2.id FROM submission s2
                        WHERE s2.unitCode = f.unitCode AND s2.scheduleId = f.scheduleId AND s2.periodKey = f.periodKey AND s2.receivedAt <= ?
                        ORDER BY s2.receivedAt, s2.id LIMIT 1)
                    WHERE f.resolvedAt IS NULL\(schedule == nil ? "" : " AND f.scheduleId = ?")
                      AND EXISTS (
                        SELECT 1 FROM submission s3
                        WHERE s3.unitCode = f.unitCode AND s3.scheduleId = f.scheduleId AND s3.periodKey = f.periodKey AND s3.receivedAt <= ?)
                    """, arguments: StatementArguments([DatabaseTime.text(at)] + (schedule.map { [$0] } ?? []) + [DatabaseTime.text(at)])
            ).fetchAll(db)
            var newlyResolved: [LateFlag] = []
            for var report in arrived {
                try report.flag.updateChanges(db) {
                    $0.resolvedAt = report.submittedAt
                    $0.resolvedBySubmissionId = report.submissionId
                }
                newlyResolved.append(report.flag.lateFlag)
            }
            var open = LateFlagRecord.filter(LateFlagRecord.Columns.resolvedAt == nil)
            if let schedule { open = open.filter(LateFlagRecord.Columns.scheduleId == schedule) }
            let outstanding = try Self.ordered(open).fetchAll(db).map(\.lateFlag)
            return LateCheckResult(newlyFlagged: newlyFlagged, newlyResolved: newlyResolved, outstanding: outstanding)
        }
    }

    /// The marks of earlier late checks, by schedule.
    public func lateCheckMarks() throws -> [String: LateCheckMark] {
        try writer.read { db in
            var marks: [String: LateCheckMark] = [:]
            for record in try LateCheckMarkRecord.fetchAll(db) {
                guard let from = LocalDate(iso: record.fromDay), let through = LocalDate(iso: record.throughFirstDay) else { continue }
                marks[record.scheduleId] = LateCheckMark(
                    scheduleId: record.scheduleId, registryDigest: record.registryDigest, fromDay: from,
                    throughFirstDay: through, checkedAt: record.checkedAt)
            }
            return marks
        }
    }

    /// Every late flag, resolved or not, oldest deadline first.
    public func lateFlags() throws -> [LateFlag] {
        try writer.read { db in try Self.ordered(LateFlagRecord.all()).fetchAll(db).map(\.lateFlag) }
    }

    /// Flags as they are listed: oldest deadline first, then by schedule and unit.
    private static func ordered(_ request: QueryInterfaceRequest<LateFlagRecord>) -> QueryInterfaceRequest<LateFlagRecord> {
        request.order(LateFlagRecord.Columns.deadline, LateFlagRecord.Columns.scheduleId, LateFlagRecord.Columns.unitCode)
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
            let statement = try RawStatement(
                db,
                sql: """
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
}

extension LateFlagRecord {
    /// The flag as the late check reports it.
    var lateFlag: LateFlag {
        LateFlag(
            unitCode: unitCode, scheduleId: scheduleId, periodKey: periodKey, deadline: deadline, flaggedAt: flaggedAt,
            resolvedAt: resolvedAt, resolvedBySubmissionId: resolvedBySubmissionId)
    }
}
