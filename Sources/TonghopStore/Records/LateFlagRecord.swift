import Foundation
import GRDB

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
        static let resolvedAt = Column(CodingKeys.resolvedAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
