import Foundation
import GRDB
import TonghopCore

/// A row of `assessment`: what staff wrote of one period; appended, never changed.
struct AssessmentRecord: StoreRecord {
    static let databaseTableName = "assessment"

    var id: Int64?
    var scheduleId: String
    var periodKey: String
    var text: String
    var author: String
    var writtenAt: Date

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let scheduleId = Column(CodingKeys.scheduleId)
        static let periodKey = Column(CodingKeys.periodKey)
        static let writtenAt = Column(CodingKeys.writtenAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var assessment: StaffAssessment {
        StaffAssessment(id: id ?? 0, scheduleId: scheduleId, periodKey: periodKey, text: text, author: author, writtenAt: writtenAt)
    }
}
