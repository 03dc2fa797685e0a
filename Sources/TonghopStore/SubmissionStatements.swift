import GRDB

/// The statements that store a submission, prepared once per batch.
///
/// Looking statements up in GRDB's cache hashes their SQL text each time, and GRDB's `inSavepoint` prepares
/// its SQL anew: in a batch of thousands both cost more than the inserts themselves. The savepoints stay inside
/// the transaction GRDB opened for the batch.
struct SubmissionStatements {
    let beginSavepoint: RawStatement
    let releaseSavepoint: RawStatement
    let rollbackSavepoint: RawStatement
    let currentSubmission: RawStatement
    let insertRawFile: RawStatement
    let insertSubmission: RawStatement
    let insertDifficulty: RawStatement
    let insertRecommendation: RawStatement
    let insertWarning: RawStatement
    let supersede: RawStatement
    let resolveLateFlag: RawStatement
    let insertValue: RawStatement

    init(_ db: Database) throws {
        beginSavepoint = try RawStatement(db, sql: "SAVEPOINT submission")
        releaseSavepoint = try RawStatement(db, sql: "RELEASE SAVEPOINT submission")
        rollbackSavepoint = try RawStatement(db, sql: "ROLLBACK TO SAVEPOINT submission")
        currentSubmission = try RawStatement(db, sql: """
            SELECT id, sha256, receivedAt FROM submission
            WHERE unitCode = ? AND scheduleId = ? AND periodKey = ? AND supersededById IS NULL
            """)
        insertRawFile = try RawStatement(db, sql: "INSERT OR IGNORE INTO rawFile (sha256, byteCount, bytes) VALUES (?, ?, ?)")
        insertSubmission = try RawStatement(db, sql: """
            INSERT INTO submission (unitCode, scheduleId, periodKey, periodFirstDay, periodLastDay, templateId, templateVersion,
                                    receivedAt, fileName, sha256, preparedBy, results, onTimeLimit)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertDifficulty = try RawStatement(db, sql: "INSERT INTO difficulty (submissionId, position, field, text) VALUES (?, ?, ?, ?)")
        insertRecommendation = try RawStatement(db, sql: """
            INSERT INTO recommendation (submissionId, position, addressee, ministryCode, text) VALUES (?, ?, ?, ?, ?)
            """)
        insertWarning = try RawStatement(db, sql: """
            INSERT INTO warning (submissionId, position, code, criterionId, location, message) VALUES (?, ?, ?, ?, ?, ?)
            """)
        supersede = try RawStatement(db, sql: "UPDATE submission SET supersededById = ? WHERE id = ?")
        resolveLateFlag = try RawStatement(db, sql: """
            UPDATE lateFlag SET resolvedAt = ?, resolvedBySubmissionId = ?
            WHERE unitCode = ? AND scheduleId = ? AND periodKey = ? AND resolvedAt IS NULL
            """)
        insertValue = try RawStatement(db, sql: "INSERT INTO submissionValue (submissionId, criterionId, number, text) VALUES (?, ?, ?, ?)")
    }
}
