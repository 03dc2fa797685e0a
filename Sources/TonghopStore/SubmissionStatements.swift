import GRDB

/// The statements that store a submission, prepared once per batch.
///
/// Looking statements up in GRDB's cache hashes their SQL text each time, and GRDB's `inSavepoint` prepares
/// its SQL anew: in a batch of thousands both cost more than the inserts themselves. The savepoints stay inside
/// the transaction GRDB opened for the batch.
struct SubmissionStatements {
    /// The statement inserting `count` values at once (SQLite allows up to 32,766 bound values per statement).
    mutating func insertValues(count: Int) throws -> RawStatement {
        if let statement = insertValues[count] { return statement }
        let rows = Array(repeating: "(?, ?, ?, ?)", count: count).joined(separator: ", ")
        let statement = try RawStatement(db, sql: "INSERT INTO submissionValue (submissionId, criterionId, number, text) VALUES " + rows)
        insertValues[count] = statement
        return statement
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
    let supersede: RawStatement
    let resolveLateFlag: RawStatement
    /// Whether any late flag is open; none can be raised during a batch, so when none is, no submission of the
    /// batch needs to look for one.
    let hasOpenLateFlags: Bool
    private let db: Database
    /// Multi-row inserts of a submission's values, by row count: one statement per submission instead of one
    /// per value halves SQLite's per-statement overhead, the largest cost of storing a week.
    private var insertValues: [Int: RawStatement] = [:]

    init(_ db: Database) throws {
        self.db = db
        beginSavepoint = try RawStatement(db, sql: "SAVEPOINT submission")
        releaseSavepoint = try RawStatement(db, sql: "RELEASE SAVEPOINT submission")
        rollbackSavepoint = try RawStatement(db, sql: "ROLLBACK TO SAVEPOINT submission")
        currentSubmission = try RawStatement(db, sql: """
            SELECT id, sha256, receivedAt FROM submission
            WHERE unitCode = ? AND scheduleId = ? AND periodKey = ? AND supersededById IS NULL
            """)
        sameReceipt = try RawStatement(db, sql: """
            SELECT id, supersededById FROM submission
            WHERE unitCode = ? AND scheduleId = ? AND periodKey = ? AND sha256 = ? AND receivedAt = ?
            """)
        insertRawFile = try RawStatement(db, sql: "INSERT OR IGNORE INTO rawFile (sha256, byteCount, bytes) VALUES (?, ?, ?)")
        insertSubmission = try RawStatement(db, sql: """
            INSERT INTO submission (unitCode, scheduleId, periodKey, periodFirstDay, periodLastDay, templateId, templateVersion,
                                    receivedAt, fileName, sha256, preparedBy, results, onTimeLimit)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertDifficulty = try RawStatement(db, sql: "INSERT INTO difficulty (submissionId, position, field, text) VALUES (?, ?, ?, ?)")
        insertRecommendation = try RawStatement(db, sql: """
            INSERT INTO recommendation (submissionId, position, addressees, text) VALUES (?, ?, ?, ?)
            """)
        insertWarning = try RawStatement(db, sql: """
            INSERT INTO warning (submissionId, position, code, criterionId, location, message) VALUES (?, ?, ?, ?, ?, ?)
            """)
        supersede = try RawStatement(db, sql: "UPDATE submission SET supersededById = ? WHERE id = ?")
        hasOpenLateFlags = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM lateFlag WHERE resolvedAt IS NULL)") ?? true
        resolveLateFlag = try RawStatement(db, sql: """
            UPDATE lateFlag SET resolvedAt = ?, resolvedBySubmissionId = ?
            WHERE unitCode = ? AND scheduleId = ? AND periodKey = ? AND resolvedAt IS NULL
            """)
    }
}
