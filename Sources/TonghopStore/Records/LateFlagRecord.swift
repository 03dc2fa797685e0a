import Foundation
import GRDB
import TonghopCore

/// A row of `lateFlag`: a unit with no report for a period when its deadline passed; resolved, never deleted.
struct LateFlagRecord: StoreRecord {
    static let databaseTableName = "lateFlag"

    var id: Int64?
    var unitCode: String
    var scheduleId: String
    var periodKey: String
    var deadline: Date
    var flaggedAt: Date
    var resolvedAt: Date?
    var resolvedBySubmissionId: Int64?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let scheduleId = Column(CodingKeys.scheduleId)
        static let unitCode = Column(CodingKeys.unitCode)
        static let deadline = Column(CodingKeys.deadline)
        static let periodKey = Column(CodingKeys.periodKey)
        static let flaggedAt = Column(CodingKeys.flaggedAt)
        static let resolvedAt = Column(CodingKeys.resolvedAt)
        static let resolvedBySubmissionId = Column(CodingKeys.resolvedBySubmissionId)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension LateFlagRecord {
    /// The columns in the order `init(row:)` reads them.
    static var databaseSelection: [any SQLSelectable] {
        [
            Columns.id, Columns.unitCode, Columns.scheduleId, Columns.periodKey, Columns.deadline, Columns.flaggedAt, Columns.resolvedAt,
            Columns.resolvedBySubmissionId,
        ]
    }

    /// Decoded by hand, by column position and instants from their bytes, rather than through `Decodable`: after a first
    /// run at commune scale over 10,000 flags are open, and decoding them by name took 13% of each late check (62 ms
    /// before records, 80 with them by name; `Benchmarks/synthesis.sh`'s database, measured side by side).
    init(row: Row) throws {
        id = row[0]
        unitCode = row[1]
        scheduleId = row[2]
        periodKey = row[3]
        deadline = try DatabaseTime.instant(row, atIndex: 4) ?? .distantPast
        flaggedAt = try DatabaseTime.instant(row, atIndex: 5) ?? .distantPast
        resolvedAt = try DatabaseTime.instant(row, atIndex: 6)
        resolvedBySubmissionId = row[7]
    }
}
