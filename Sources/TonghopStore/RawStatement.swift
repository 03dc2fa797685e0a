import Foundation
import GRDB
import GRDBSQLite
import TonghopCore

/// A prepared statement driven through the SQLite C API: the hot path of storing a batch (its inserts, updates and
/// savepoints) and the store's large reads.
///
/// A week at commune scale is 3,321 submissions and some 120,000 values; binding through GRDB's
/// `StatementArguments` (a boxed array per row, checks per statement) cost as much as SQLite's own work.
/// Transactions stay with GRDB.
///
/// A kept statement is the connection's one statement for its SQL: two RawStatements of the same SQL alive at once on
/// one connection share it, so none is made while another of its SQL is in use (the store's code keeps each in one
/// place: a batch's `SubmissionStatements`, or one read run to its end); debug builds check every bind.
final class RawStatement {
    private var statement: OpaquePointer?
    /// The connection's own statement this one runs, kept prepared by GRDB's cache; nil for one prepared here.
    private let kept: Statement?
    private let connection: SQLiteConnection
    private var position: Int32 = 0
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// The statement of `sql`, `kept` prepared once per connection: the service stores each upload in a batch of its
    /// own and reads each uploader's task words, and preparing their statements anew each time (GRDB's checks of what a
    /// statement reads included) was 10% of its time under uploads. Not kept: prepared here, finalized with this one
    /// (for SQL made in many shapes, such as an insert of as many rows as a report has values).
    init(_ db: Database, sql: String, kept keep: Bool = true) throws {
        connection = db.sqliteConnection!
        let cached = keep ? try db.cachedStatement(sql: sql) : nil
        // A statement still being stepped (the same query asked for inside a loop over its rows) is not shared.
        if let cached, sqlite3_stmt_busy(cached.sqliteStatement) == 0 {
            kept = cached
            statement = cached.sqliteStatement
        } else {
            kept = nil
            let code = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
            guard code == SQLITE_OK else { throw error(code, sql: sql) }
        }
    }

    deinit {
        if kept == nil { sqlite3_finalize(statement) }
    }

    @discardableResult
    func bind(_ value: Int64) -> Self {
        position += 1
        bound(sqlite3_bind_int64(statement, position, value))
        return self
    }

    @discardableResult
    func bind(_ value: Int) -> Self { bind(Int64(value)) }

    @discardableResult
    func bind(_ value: Double?) -> Self {
        position += 1
        bound(value.map { sqlite3_bind_double(statement, position, $0) } ?? sqlite3_bind_null(statement, position))
        return self
    }

    @discardableResult
    func bind(_ value: String?) -> Self {
        position += 1
        guard var value else {
            bound(sqlite3_bind_null(statement, position))
            return self
        }
        // Straight from the string's own bytes: passing a String where C wants a pointer makes a copy of it first.
        value.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { text in
                // An empty buffer may have no address, and a NULL pointer would bind NULL rather than "".
                if let start = text.baseAddress {
                    bound(sqlite3_bind_text(statement, position, start, Int32(text.count), Self.transient))
                } else {
                    bound(sqlite3_bind_text(statement, position, "", 0, Self.transient))
                }
            }
        }
        return self
    }

    @discardableResult
    func bind(_ value: Data) -> Self {
        position += 1
        bound(value.withUnsafeBytes { sqlite3_bind_blob(statement, position, $0.baseAddress, Int32($0.count), Self.transient) })
        return self
    }

    /// Runs a query with the values bound since the last run and reads its first row, if any.
    func firstRow<T>(_ read: (Columns) -> T) throws -> T? {
        defer { rewind() }
        let code = sqlite3_step(statement)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else { throw error(code, sql: nil) }
        return read(Columns(statement: statement))
    }

    /// Runs a query with the values bound since the last run, handing each row to `body`.
    func forEachRow(_ body: (Columns) throws -> Void) throws {
        defer { rewind() }
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw error(code, sql: nil) }
            try body(Columns(statement: statement))
        }
    }

    /// The columns of the current row of a query.
    struct Columns {
        let statement: OpaquePointer?

        func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

        func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

        func double(_ column: Int32) -> Double? {
            sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_double(statement, column)
        }

        /// The column's text as GRDB and `String(cString:)` read it: up to a NUL, which no checked report holds.
        func text(_ column: Int32) -> String? {
            sqlite3_column_text(statement, column).map { String(cString: $0) }
        }

        /// The column's text as bytes, valid until the next step: for comparing without making a String.
        func bytes(_ column: Int32) -> UnsafeRawBufferPointer {
            guard let pointer = sqlite3_column_text(statement, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
            return UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(statement, column)))
        }

        func instant(_ column: Int32) -> Date? { DatabaseTime.instant(bytes(column)) }

        /// The column's blob, valid until the next step.
        func blob(_ column: Int32) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(start: sqlite3_column_blob(statement, column), count: Int(sqlite3_column_bytes(statement, column)))
        }
    }

    /// How many rows the last statement run on this connection inserted, changed or deleted.
    var changes: Int { Int(sqlite3_changes(connection)) }

    /// The row id of the last row inserted on this connection.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(connection) }

    /// Runs the statement with the values bound since the last run. A step that failed leaves the statement usable once
    /// reset (GRDB drops its own after a failure; a kept one stays): the batch's retry, file by file, runs it again.
    func run() throws {
        let code = sqlite3_step(statement)
        rewind()
        guard code == SQLITE_DONE else { throw error(code, sql: nil) }
    }

    /// Ready for the next run: reset, and its values let go (a kept statement would otherwise hold the last raw file or
    /// list of ids it was given for as long as the connection lives).
    private func rewind() {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        position = 0
    }

    /// A bind refused (SQLITE_MISUSE: a statement being stepped, shared against the rule above) would leave the last
    /// value in place: debug builds stop there.
    private func bound(_ code: Int32) {
        assert(code == SQLITE_OK, "binding value \(position) failed with SQLite code \(code)")
    }

    private func error(_ code: Int32, sql: String?) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }
}

extension UnsafeRawBufferPointer {
    /// The bytes before the first NUL (all of them without one): a column's text as `RawStatement.Columns.text` makes
    /// it, for a string made from bytes already read.
    var beforeNUL: UnsafeRawBufferPointer {
        // `memchr` rather than `firstIndex(of:)`, which went byte by byte through the collection (a synthesis asks this of
        // 90,000 columns).
        guard let base = baseAddress, let nul = memchr(base, 0, count) else { return self }
        return UnsafeRawBufferPointer(start: base, count: UnsafeRawPointer(nul) - base)
    }
}
