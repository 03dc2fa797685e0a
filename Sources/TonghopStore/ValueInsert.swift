import GRDB
import GRDBSQLite
import TonghopCore

/// Inserts criterion values through the SQLite C API.
///
/// A week at commune scale is some 120,000 values; binding them directly instead of through GRDB's
/// `StatementArguments` (one boxed array per row) takes a third off the time to store a week.
struct ValueInsert {
    private let statement: OpaquePointer
    private let connection: SQLiteConnection
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database) throws {
        var statement: OpaquePointer?
        let sql = "INSERT INTO submissionValue (submissionId, criterionId, number, text) VALUES (?, ?, ?, ?)"
        let code = sqlite3_prepare_v2(db.sqliteConnection, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
        }
        self.statement = statement
        self.connection = db.sqliteConnection!
    }

    func insert(_ values: [CheckedValue], submission id: Int64) throws {
        for value in values {
            sqlite3_bind_int64(statement, 1, id)
            sqlite3_bind_text(statement, 2, value.criterionId, -1, Self.transient)
            if let number = value.value.numeric {
                sqlite3_bind_double(statement, 3, number)
            } else {
                sqlite3_bind_null(statement, 3)
            }
            if let text = value.value.textual {
                sqlite3_bind_text(statement, 4, text, -1, Self.transient)
            } else {
                sqlite3_bind_null(statement, 4)
            }
            let code = sqlite3_step(statement)
            sqlite3_reset(statement)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
            }
        }
    }

    func finalize() { sqlite3_finalize(statement) }
}
