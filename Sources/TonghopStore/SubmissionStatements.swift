import Foundation
import GRDB
import TonghopCore

/// The statements that store a submission, taken once per batch from those the connection keeps (see `RawStatement`):
/// the one write path kept on the SQLite C API rather than the records (`Records/`), because it is the hot path of
/// `submit`.
///
/// Measured on a commune-scale week (3,321 files, 121,847 values; `Benchmarks/run.sh`): binding through GRDB's
/// `StatementArguments` (a boxed array per row, checks per statement) cost as much as SQLite's own work, looking
/// statements up in GRDB's cache at each use hashes their SQL text each time, and GRDB's `inSavepoint` prepares its SQL
/// anew; in a batch of thousands each cost more than the inserts themselves. The savepoints stay inside the transaction
/// GRDB opened for the batch.
///
/// So the columns each INSERT writes are listed once here (`columns`), a second definition beside the table's migration
/// and its record, kept because the measured cost above is that of going through the record; every statement is built
/// from that list, and `StoreTests.eachInsertOfTheHotPathWritesExactlyItsTablesColumns` compares it with the tables.
struct SubmissionStatements {
    /// The columns each table's INSERT writes, in the order its values are bound.
    static let columns: [String: [String]] = [
        "rawFile": ["sha256", "byteCount", "bytes"],
        "submission": [
            "unitCode", "scheduleId", "periodKey", "periodFirstDay", "periodLastDay", "templateId", "templateVersion", "receivedAt", "fileName",
            "sha256", "preparedBy", "results", "onTimeLimit",
        ],
        "submissionValue": ["submissionId", "criterionId", "number", "text"],
        "submissionNumbers": ["submissionId", "layoutId", "numbers", "difficultyFields"],
        "resultText": ["submissionId", "position", "topic", "text"],
        "difficulty": ["submissionId", "position", "field", "text"],
        "recommendation": ["submissionId", "position", "addressees", "text"],
        "warning": ["submissionId", "position", "code", "criterionId", "location", "message"],
        "taskProgress": ["submissionId", "position", "taskId", "status", "completedOn", "product", "note"],
        "taskLatest": ["unitCode", "taskId", "submissionId", "periodKey", "receivedAt", "status", "completedOn", "product", "note"],
        "auditEntry": ["at", "actor", "address", "action", "unitCode", "subjectId", "detail"],
    ]

    /// The columns an INSERT leaves to a later UPDATE: a submission is replaced after it is stored.
    static let writtenLater: [String: Set<String>] = ["submission": ["supersededById"]]

    /// `INSERT INTO table (its columns) VALUES (?, …)`, `rows` rows at once.
    static func insert(into table: String, rows: Int = 1, orIgnore: Bool = false) -> String {
        let columns = Self.columns[table]!
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return "INSERT \(orIgnore ? "OR IGNORE " : "")INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: row, count: rows).joined(separator: ", ")
    }

    /// The SQL of the statements every batch takes from the connection's cache, made once: made for each batch (a
    /// service stores each upload in a batch of its own when they come one at a time), joining the columns and
    /// placeholders was 7% of a duplicate upload's instructions.
    private static let sql = (
        insertRawFile: insert(into: "rawFile", orIgnore: true), insertSubmission: insert(into: "submission"),
        insertDifficulty: insert(into: "difficulty"), insertRecommendation: insert(into: "recommendation"),
        insertWarning: insert(into: "warning"), insertTaskProgress: insert(into: "taskProgress"),
        insertNumbers: insert(into: "submissionNumbers"), insertAudit: insert(into: "auditEntry")
    )
    /// A batch's words on tasks moved into `taskLatest`, each where it is later than the word there.
    private static let updateTaskLatestSQL = """
        INSERT INTO taskLatest (\(columns["taskLatest"]!.joined(separator: ", ")))
        SELECT s.unitCode, p.taskId, p.submissionId, s.periodKey, s.receivedAt, p.status, p.completedOn, p.product, p.note
        FROM taskProgress p JOIN submission s ON s.id = p.submissionId
        WHERE p.submissionId >= ? ORDER BY p.submissionId, p.position
        ON CONFLICT (unitCode, taskId) DO UPDATE SET
            submissionId = excluded.submissionId, periodKey = excluded.periodKey, receivedAt = excluded.receivedAt,
            status = excluded.status, completedOn = excluded.completedOn, product = excluded.product, note = excluded.note
        WHERE (excluded.receivedAt, excluded.submissionId) > (taskLatest.receivedAt, taskLatest.submissionId)
        """

    /// The most rows a multi-row insert has whose statement the connection keeps, as it keeps the single-row ones: a
    /// template's reports have few counts of text answers and of results, and preparing their statements for every batch
    /// was 4% of a new upload's instructions when uploads come one at a time. Longer ones (a report of hundreds of text
    /// answers) are prepared for their batch, so the connection keeps a bounded number of them.
    static let keptRows = 64
    private static let valueInserts = (0...keptRows).map { insert(into: "submissionValue", rows: $0) }
    private static let resultTextInserts = (0...keptRows).map { insert(into: "resultText", rows: $0) }

    /// The statement inserting `count` answers that are not numbers at once (SQLite allows up to 32,766 bound values per
    /// statement).
    mutating func insertValues(count: Int) throws -> RawStatement {
        if let statement = insertValues[count] { return statement }
        let statement = try Self.multiRowInsert(db, count, Self.valueInserts) { Self.insert(into: "submissionValue", rows: $0) }
        insertValues[count] = statement
        return statement
    }

    /// The statement inserting a submission's `count` results by topic at once, as `insertValues` does its values.
    mutating func insertResultTexts(count: Int) throws -> RawStatement {
        if let statement = insertResultTexts[count] { return statement }
        let statement = try Self.multiRowInsert(db, count, Self.resultTextInserts) { Self.insert(into: "resultText", rows: $0) }
        insertResultTexts[count] = statement
        return statement
    }

    /// An insert of `count` rows: kept by the connection up to `keptRows` (its SQL made once, in `made`), else prepared
    /// for the batch from `sql`.
    private static func multiRowInsert(_ db: Database, _ count: Int, _ made: [String], sql: (Int) -> String) throws -> RawStatement {
        let kept = (1...keptRows).contains(count)
        return try RawStatement(db, sql: kept ? made[count] : sql(count), kept: kept)
    }

    /// The id of the layout of `values`' criteria, stored now if it is new.
    mutating func layoutId(of values: [CheckedValue]) throws -> Int64 {
        // Most reports of a batch leave out the same optional criteria: comparing with the last layout costs less
        // than making its key, or a list of the criteria.
        if let last = lastLayout, last.criteria.elementsEqual(values.lazy.map(\.criterionId)) { return last.id }
        let criteria = values.map(\.criterionId)
        let key = PackedNumbers.layout(criteria)
        let id: Int64
        if let known = layouts[key] {
            id = known
        } else {
            var layout = ValueLayoutRecord(id: nil, criteria: key)
            try layout.insert(db)
            id = layout.id ?? db.lastInsertedRowID
            layouts[key] = id
        }
        lastLayout = (criteria, id)
        return id
    }

    /// The tasks a unit's latest word received by `instant` calls done, earlier submissions of this batch included (as
    /// `TonghopDatabase.completedTasks` answers outside one): from `taskLatest` and the words this batch has stored and
    /// not yet moved there (`wordsNotYetMoved`) unless a word came after `instant`, and then from the unit's history.
    mutating func completedTasks(unit: String, receivedBy instant: Date) throws -> Set<String> {
        if latestWords == nil {
            latestWords = try RawStatement(db, sql: "SELECT taskId, status, receivedAt FROM taskLatest WHERE unitCode = ?")
        }
        var latest: [String: LatestWord] = [:]
        try latestWords!.bind(unit).forEachRow { row in
            if let task = row.text(0) { latest[task] = LatestWord(status: row.text(1) ?? "", receivedAt: row.text(2) ?? "") }
        }
        // The words of this batch, in the order they were stored, are of later submissions than any in `taskLatest`: each
        // is the latest unless received earlier.
        for (task, word) in wordsNotYetMoved[unit] ?? [] where latest[task].map({ word.receivedAt >= $0.receivedAt }) ?? true {
            latest[task] = word
        }
        var completed: Set<String> = []
        var later = false
        for (task, word) in latest {
            guard let received = DatabaseTime.instant(word.receivedAt), received <= instant else {
                later = true
                continue
            }
            if word.status == TaskStatus.completed.rawValue { completed.insert(task) }
        }
        guard later else { return completed }
        if wordsAsOf == nil {
            wordsAsOf = try RawStatement(
                db,
                sql: """
                    SELECT p.taskId, p.status FROM taskProgress p JOIN submission s ON s.id = p.submissionId
                    WHERE s.unitCode = ? AND s.receivedAt <= ? ORDER BY s.receivedAt, p.submissionId, p.position
                    """)
        }
        var words: [String: Bool] = [:]
        try wordsAsOf!.bind(unit).bind(DatabaseTime.text(instant)).forEachRow { row in
            if let task = row.text(0) { words[task] = row.text(1) == TaskStatus.completed.rawValue }
        }
        return Set(words.filter(\.value).keys)
    }

    /// Notes the words on tasks (task id, status) that `submission`, of `unit` and received at `receivedAt` (as stored), has
    /// just stored in `taskProgress`: `taskLatest` takes them with the others of the batch (`updateLatestWords`).
    mutating func wordsStored(_ words: [(task: String, status: String)], unit: String, receivedAt: String, submission: Int64) {
        guard !words.isEmpty else { return }
        if firstSubmissionInBatch == nil { firstSubmissionInBatch = submission }
        wordsNotYetMoved[unit, default: []].append(contentsOf: words.map { ($0.task, LatestWord(status: $0.status, receivedAt: receivedAt)) })
    }

    /// Moves the latest words of the submissions stored since the last call into `taskLatest`, in one statement.
    ///
    /// An upsert per word (16,605 in a commune-scale week, nine values bound each) cost 78 million instructions more than
    /// one statement per batch (valgrind: 2.6% of the storing thread's): running a statement and binding its values, in
    /// instructions; in wall time it is within the noise. A word replaces the latest only if it came later (or at the
    /// same instant, in a later submission), as words are taken in the order they were stored.
    mutating func updateLatestWords() throws {
        guard let first = firstSubmissionInBatch else { return }
        try updateTaskLatest.bind(first).run()
        forgetWordsNotYetMoved()
    }

    /// Forgets the words noted since the last `updateLatestWords`: moved, or their file rolled back.
    private mutating func forgetWordsNotYetMoved() {
        firstSubmissionInBatch = nil
        wordsNotYetMoved = [:]
    }

    /// Queues mail in the batch's transaction (see `TonghopDatabase.enqueue`).
    func enqueue(_ notices: [Notice], at instant: Date) throws { _ = try TonghopDatabase.enqueue(notices, at: instant, db) }

    /// Forgets the layouts and the words on tasks a rolled-back file may have stored.
    mutating func forgetRolledBack() throws {
        layouts = try Self.storedLayouts(db)
        lastLayout = nil
        forgetWordsNotYetMoved()
    }

    private static func storedLayouts(_ db: Database) throws -> [String: Int64] {
        let layouts = try ValueLayoutRecord.fetchAll(db.cachedStatement(sql: "SELECT * FROM valueLayout"))
        return Dictionary(layouts.compactMap { layout in layout.id.map { (layout.criteria, $0) } }, uniquingKeysWith: { first, _ in first })
    }

    let beginSavepoint: RawStatement
    let releaseSavepoint: RawStatement
    let rollbackSavepoint: RawStatement
    let currentSubmission: RawStatement
    let sameReceipt: RawStatement
    let insertRawFile: RawStatement
    let insertSubmission: RawStatement
    let insertDifficulty: RawStatement
    let insertRecommendation: RawStatement
    let insertWarning: RawStatement
    let insertTaskProgress: RawStatement
    let updateTaskLatest: RawStatement
    let insertNumbers: RawStatement
    let insertAudit: RawStatement
    let supersede: RawStatement
    let resolveLateFlag: RawStatement
    /// Whether any late flag is open; none can be raised during a batch, so when none is, no submission of the
    /// batch needs to look for one.
    let hasOpenLateFlags: Bool
    private let db: Database
    /// Layout ids by layout key; a batch meets a handful (the optional criteria a unit leaves out make the others).
    private var layouts: [String: Int64] = [:]
    private var lastLayout: (criteria: [String], id: Int64)?
    /// Multi-row inserts of a submission's answers that are not numbers, by row count: one statement per submission
    /// instead of one per value halved SQLite's per-statement overhead when every value had its row. Each count is a
    /// statement of its own, of four parameters a value: kept by the connection up to `keptRows` rows, prepared for the
    /// batch beyond.
    private var insertValues: [Int: RawStatement] = [:]
    private var insertResultTexts: [Int: RawStatement] = [:]
    /// A word on a task as `completedTasks` weighs it.
    private struct LatestWord {
        var status: String
        /// As stored (`DatabaseTime`), which compares as the instants do.
        var receivedAt: String
    }
    /// The words on tasks of the batch's submissions by unit, in the order they were stored, not yet in `taskLatest`, and
    /// the first of those submissions (ids grow: every submission stored after it has a greater one).
    private var wordsNotYetMoved: [String: [(task: String, word: LatestWord)]] = [:]
    private var firstSubmissionInBatch: Int64?
    /// Prepared when a caller first asks what a unit has reported done (`completedTasks`).
    private var latestWords: RawStatement?
    private var wordsAsOf: RawStatement?

    init(_ db: Database) throws {
        self.db = db
        layouts = try Self.storedLayouts(db)
        beginSavepoint = try RawStatement(db, sql: "SAVEPOINT submission")
        releaseSavepoint = try RawStatement(db, sql: "RELEASE SAVEPOINT submission")
        rollbackSavepoint = try RawStatement(db, sql: "ROLLBACK TO SAVEPOINT submission")
        currentSubmission = try RawStatement(
            db,
            sql: """
                SELECT id, sha256, receivedAt FROM submission
                WHERE unitCode = ? AND scheduleId = ? AND periodKey = ? AND supersededById IS NULL
                """)
        sameReceipt = try RawStatement(
            db,
            sql: """
                SELECT id, supersededById FROM submission
                WHERE unitCode = ? AND scheduleId = ? AND periodKey = ? AND sha256 = ? AND receivedAt = ?
                """)
        insertRawFile = try RawStatement(db, sql: Self.sql.insertRawFile)
        insertSubmission = try RawStatement(db, sql: Self.sql.insertSubmission)
        insertDifficulty = try RawStatement(db, sql: Self.sql.insertDifficulty)
        insertRecommendation = try RawStatement(db, sql: Self.sql.insertRecommendation)
        insertWarning = try RawStatement(db, sql: Self.sql.insertWarning)
        insertTaskProgress = try RawStatement(db, sql: Self.sql.insertTaskProgress)
        updateTaskLatest = try RawStatement(db, sql: Self.updateTaskLatestSQL)
        insertNumbers = try RawStatement(db, sql: Self.sql.insertNumbers)
        insertAudit = try RawStatement(db, sql: Self.sql.insertAudit)
        supersede = try RawStatement(db, sql: "UPDATE submission SET supersededById = ? WHERE id = ?")
        hasOpenLateFlags =
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM lateFlag WHERE resolvedAt IS NULL)")) ?? true
        resolveLateFlag = try RawStatement(
            db,
            sql: """
                UPDATE lateFlag SET resolvedAt = ?, resolvedBySubmissionId = ?
                WHERE unitCode = ? AND scheduleId = ? AND periodKey = ? AND resolvedAt IS NULL
                """)
    }
}
