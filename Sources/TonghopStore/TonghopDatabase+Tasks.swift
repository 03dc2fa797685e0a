import Foundation
import GRDB
import TonghopCore

extension TonghopDatabase {
    /// Each unit's latest word on each task among the reports received by `instant` (of one unit, and on some tasks, when
    /// given), superseded reports included: a task reported done in a report later replaced stays reported until a later
    /// word says otherwise.
    ///
    /// Read from `taskLatest`, which keeps the latest word of all: exactly the answer unless a word came after `instant`,
    /// and then only that unit's history is read to find its word as of then.
    public func taskReports(receivedBy instant: Date, unit: String?) throws -> [TaskReport] {
        try taskReports(receivedBy: instant, unit: unit, tasks: nil)
    }

    /// The latest words received by `instant` of one unit (or every one) on some tasks (or every one).
    public func taskReports(receivedBy instant: Date, unit: String?, tasks: [String]?) throws -> [TaskReport] {
        let taskList = tasks.map(IdList.json)
        return try writer.read { db in
            let at = DatabaseTime.text(instant)
            var reports: [TaskReport] = []
            var later: Set<String> = []
            // On the C API: 16,000 rows at commune scale, read for each late check and synthesis. Only the filters asked
            // for are written: with `? IS NULL OR unitCode = ?` SQLite cannot use the key, and every upload (which asks
            // for its unit's words) read all 16,000 rows (measured: 29% of the service's time under duplicate uploads).
            let filters = [unit.map { _ in "unitCode = ?" }, taskList.map { _ in IdList.contains("taskId") }].compactMap { $0 }
            let latest = try RawStatement(
                db,
                sql: """
                    SELECT submissionId, unitCode, periodKey, receivedAt, taskId, status, completedOn, product, note FROM taskLatest
                    \(filters.isEmpty ? "" : "WHERE " + filters.joined(separator: " AND "))
                    """
            )
            if let unit { latest.bind(unit) }
            if let taskList { latest.bind(taskList) }
            if filters.isEmpty {
                // Every word at once (a synthesis, a late check): in room of their number from the start, not grown by
                // doubling, which copied the words read so far again and again (a third of reading them).
                reports.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM taskLatest") ?? 0)
            }
            var strings = WordTexts()
            try latest.forEachRow { row in
                guard let report = Self.taskReport(row, &strings) else { return }
                if report.receivedAt <= instant { reports.append(report) } else { later.insert(report.unitCode) }
            }
            // In room of their size (reserved from the count, or copied: see `inRoomOfItsSize`): a synthesis keeps them through.
            guard !later.isEmpty else { return reports.inRoomOfItsSize() }
            // The units with a word after `instant`: their words as of then, from the history, the latest of each task kept.
            var asOf: [String: TaskReport] = [:]
            let history = try RawStatement(
                db,
                sql: """
                    SELECT p.submissionId, s.unitCode, s.periodKey, s.receivedAt, p.taskId, p.status, p.completedOn, p.product, p.note
                    FROM taskProgress p JOIN submission s ON s.id = p.submissionId
                    WHERE \(IdList.contains("s.unitCode")) AND s.receivedAt <= ?
                      \(taskList == nil ? "" : "AND " + IdList.contains("p.taskId"))
                    ORDER BY s.receivedAt, p.submissionId, p.position
                    """
            ).bind(IdList.json(later.sorted())).bind(at)
            if let taskList { history.bind(taskList) }
            try history.forEachRow { row in
                guard let report = Self.taskReport(row, &strings) else { return }
                asOf[report.unitCode + "\u{1F}" + report.progress.taskId] = report
            }
            return reports.filter { !later.contains($0.unitCode) }
                + asOf.values.sorted { ($0.receivedAt, $0.submissionId) < ($1.receivedAt, $1.submissionId) }
        }
    }

    /// A row of (submission, unit, period, received, task, status, completed, product, note) as a unit's word on a task; nil
    /// for a status this version does not know (a later one's, read by an older binary), which is left out, not guessed.
    private static func taskReport(_ row: RawStatement.Columns, _ strings: inout WordTexts) -> TaskReport? {
        guard let received = row.instant(3), let status = TaskStatus(rawValue: strings.statuses.text(row.bytes(5))) else { return nil }
        let completedOn = row.isNull(6) ? nil : LocalDate(iso: row.bytes(6))
        let progress = TaskProgress(
            taskId: strings.tasks.text(row.bytes(4)), status: status, completedOn: completedOn, product: strings.products.text(row.bytes(7)),
            note: strings.notes.text(row.bytes(8)))
        return TaskReport(
            submissionId: row.int64(0), unitCode: strings.units.text(row.bytes(1)), periodKey: strings.periods.text(row.bytes(2)),
            receivedAt: received, progress: progress)
    }

    /// The texts of words on tasks, a cache for each column: each column's recent texts are then those it repeats (one
    /// period, a unit's five tasks, a few statuses), where one cache for all of them found few and hashed the rest.
    private struct WordTexts {
        var units = TextCache(), periods = TextCache(), tasks = TextCache(), statuses = TextCache()
        var products = TextCache(), notes = TextCache()
    }

    /// The tasks each unit's (or one unit's) latest word received by `instant` calls done: its weekly report need not name
    /// them again.
    public func completedTasks(receivedBy instant: Date, unit: String?) throws -> [String: Set<String>] {
        var completed: [String: Set<String>] = [:]
        for report in try taskReports(receivedBy: instant, unit: unit) where report.progress.status == .completed {
            completed[report.unitCode, default: []].insert(report.progress.taskId)
        }
        return completed
    }
}

extension TonghopDatabase {
    /// The tasks with a flag still open.
    public func openTaskFlagTasks() throws -> Set<String> {
        try writer.read { db in
            Set(try String.fetchAll(db, sql: "SELECT DISTINCT taskId FROM taskFlag WHERE resolvedAt IS NULL"))
        }
    }

    /// The mark the last check of overdue tasks left, and the id of the newest submission stored now (0 when none).
    public func taskCheckMark() throws -> (mark: TaskCheckMark?, newestSubmissionId: Int64) {
        try writer.read { db in
            return (try TaskCheckMarkRecord.fetchOne(db)?.mark, try Int64.fetchOne(db, sql: "SELECT max(id) FROM submission") ?? 0)
        }
    }

    /// The units with a word on some task stored after `mark`'s newest submission, or received after its instant: a unit
    /// whose latest word is older and was already stored said nothing new to a check at a later instant.
    public func unitsWithTaskWords(since mark: TaskCheckMark) throws -> Set<String> {
        try writer.read { db in
            // When every word stored by the mark's newest submission had been received by its instant, a word received
            // after it was stored after it too: the submissions stored since (none, mostly, between two cron runs) name
            // the units, found by their ids, where reading every latest word to compare its two columns took 18 million
            // instructions of each run at commune scale.
            let kept = try Row.fetchOne(db, sql: "SELECT wordsThroughSubmissionId, wordsReceivedBy FROM taskCheckMark")
            if let kept, (kept[0] as Int64?) == mark.throughSubmissionId, let receivedBy = (kept[1] as String?).flatMap({ DatabaseTime.instant($0) }),
                receivedBy <= mark.checkedAt
            {
                return Set(
                    try String.fetchAll(
                        db, sql: "SELECT DISTINCT t.unitCode \(Self.latestWordsOfSubmissionsAfter)", arguments: [mark.throughSubmissionId]))
            }
            return Set(
                try String.fetchAll(
                    db, sql: "SELECT DISTINCT unitCode FROM taskLatest WHERE submissionId > ? OR receivedAt > ?",
                    arguments: [mark.throughSubmissionId, DatabaseTime.text(mark.checkedAt)]))
        }
    }

    /// The latest words (`t`) of the submissions (`s`) stored after one, found by the submissions' ids. CROSS JOIN keeps
    /// the submissions outside: left to itself, SQLite reads every latest word for a DISTINCT.
    private static let latestWordsOfSubmissionsAfter = """
        FROM submission s CROSS JOIN taskLatest t ON t.unitCode = s.unitCode AND t.submissionId = s.id WHERE s.id > ?
        """

    /// An instant by which every latest word on tasks stored by `mark`'s newest submission was received (see
    /// `unitsWithTaskWords`): from the one `stored` kept, for the submission kept with it, and the words stored since, or
    /// else from every latest word. An upper bound, not the latest itself: the mark's instant when there is no word.
    private static func wordsReceivedBy(_ db: Database, mark: TaskCheckMark, stored: Row?) throws -> String {
        let through = mark.throughSubmissionId
        let latest: String?
        if let stored, let storedThrough = stored["wordsThroughSubmissionId"] as Int64?, storedThrough <= through,
            let storedLatest = stored["wordsReceivedBy"] as String?
        {
            // The rows stored by then are as they were (a later word replaces a row with one of a later submission).
            let since = try String.fetchOne(
                db, sql: "SELECT max(t.receivedAt) \(Self.latestWordsOfSubmissionsAfter) AND s.id <= ?", arguments: [storedThrough, through])
            latest = max(storedLatest, since ?? storedLatest)
        } else {
            latest = try String.fetchOne(db, sql: "SELECT max(receivedAt) FROM taskLatest WHERE submissionId <= ?", arguments: [through])
        }
        return latest ?? DatabaseTime.text(mark.checkedAt)
    }

    /// Flags, once, each (task, unit) of `overdue` at `at`; resolves the open flags of `completed` (each with the report that
    /// said it done); keeps `mark` if the stored mark is still `previous`, or else removes it (another run came in between:
    /// the next one weighs every pair). Flags are never deleted.
    public func recordTaskFlags(
        overdue: [(taskId: String, unitCode: String, deadline: Date)],
        completed: [(taskId: String, unitCode: String, submissionId: Int64, receivedAt: Date)], at: Date, mark: TaskCheckMark,
        replacing previous: TaskCheckMark?
    ) throws -> TaskFlagResult {
        try writer.write { db in
            let storedRow = try Row.fetchOne(db, sql: "SELECT * FROM taskCheckMark")
            let stored = try storedRow.map { try TaskCheckMarkRecord(row: $0) }
            if stored.map(\.mark) == previous {
                // In SQL, as the late check's marks are: GRDB's record upsert reads the table's schema first.
                try db.execute(
                    sql: """
                        INSERT INTO taskCheckMark (id, digest, checkedAt, throughSubmissionId, wordsReceivedBy, wordsThroughSubmissionId)
                        VALUES (1, ?, ?, ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET digest = excluded.digest, checkedAt = excluded.checkedAt,
                            throughSubmissionId = excluded.throughSubmissionId, wordsReceivedBy = excluded.wordsReceivedBy,
                            wordsThroughSubmissionId = excluded.wordsThroughSubmissionId
                        """,
                    arguments: [
                        mark.digest, DatabaseTime.text(mark.checkedAt), mark.throughSubmissionId,
                        try Self.wordsReceivedBy(db, mark: mark, stored: storedRow), mark.throughSubmissionId,
                    ])
            } else {
                _ = try TaskCheckMarkRecord.deleteAll(db)
            }
            var result = TaskFlagResult()
            // The open flags are read only when the run found some task reported done: a run between two reports found
            // none (3.3 million instructions for 279 open flags, read as records, at commune scale).
            let open = completed.isEmpty ? [] : try TaskFlagRecord.filter(TaskFlagRecord.Columns.resolvedAt == nil).fetchAll(db)
            let openKeys = Dictionary(open.map { ($0.taskId + "\u{1F}" + $0.unitCode, $0) }, uniquingKeysWith: { a, _ in a })
            for item in completed {
                guard var flag = openKeys[item.taskId + "\u{1F}" + item.unitCode] else { continue }
                try flag.updateChanges(db) {
                    $0.resolvedAt = item.receivedAt
                    $0.resolvedBySubmissionId = item.submissionId
                }
                result.newlyResolved.append(flag.taskFlag)
            }
            // A (task, unit) flagged once stays flagged: the unique key ignores the second.
            let insert = try RawStatement(db, sql: "INSERT OR IGNORE INTO taskFlag (taskId, unitCode, deadline, flaggedAt) VALUES (?, ?, ?, ?)")
            for item in overdue {
                try insert.bind(item.taskId).bind(item.unitCode).bind(DatabaseTime.text(item.deadline)).bind(DatabaseTime.text(at)).run()
                if insert.changes > 0 {
                    result.newlyFlagged.append(TaskFlag(taskId: item.taskId, unitCode: item.unitCode, deadline: item.deadline, flaggedAt: at))
                }
            }
            result.outstanding = try TaskFlagRecord.filter(TaskFlagRecord.Columns.resolvedAt == nil)
                .order(TaskFlagRecord.Columns.deadline, TaskFlagRecord.Columns.taskId, TaskFlagRecord.Columns.unitCode).fetchAll(db).map(\.taskFlag)
            return result
        }
    }
}

/// The texts read from many rows that repeat (unit codes, task ids, statuses, a product named the same by every unit), each
/// made once: 16,000 words on tasks hold a few hundred different texts.
struct TextCache {
    private var known: [Int: [(bytes: [UInt8], text: String)]] = [:]
    /// The last texts looked up in `known`, compared before anything is hashed: rows come in order and a column mostly
    /// says what it said a row or a few before (a unit's tasks, one period, one status). Hashing every text was a third of
    /// reading a commune-scale week's words on tasks.
    private var recent: [(bytes: [UInt8], text: String)] = []
    private var oldest = 0

    mutating func text(_ bytes: UnsafeRawBufferPointer) -> String {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return "" }
        for i in recent.indices where recent[i].bytes.count == bytes.count {
            if recent[i].bytes.withUnsafeBytes({ memcmp($0.baseAddress!, start, bytes.count) == 0 }) { return recent[i].text }
        }
        var hasher = Hasher()
        hasher.combine(bytes: bytes)
        let hash = hasher.finalize()
        let entry: (bytes: [UInt8], text: String)
        if let found = known[hash]?.first(where: { $0.bytes.elementsEqual(bytes) }) {
            entry = found
        } else {
            entry = (Array(bytes), String(decoding: bytes, as: UTF8.self))
            known[hash, default: []].append(entry)
        }
        if recent.count < 16 {
            recent.append(entry)
        } else {
            recent[oldest] = entry
            oldest = (oldest + 1) % recent.count
        }
        return entry.text
    }
}
