import Foundation
import GRDB
import TonghopCore

/// A row of `submission`: one file accepted for a unit and a period, and which later one replaced it.
struct SubmissionRecord: StoreRecord {
    static let databaseTableName = "submission"

    var id: Int64?
    var unitCode: String
    var scheduleId: String
    var periodKey: String
    var periodFirstDay: String
    var periodLastDay: String
    var templateId: String
    var templateVersion: String
    var receivedAt: Date
    var fileName: String
    var sha256: String
    var preparedBy: String?
    var results: String
    /// NULL while it counts.
    var supersededById: Int64?
    /// The deadline plus grace in force when it arrived.
    var onTimeLimit: Date?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let unitCode = Column(CodingKeys.unitCode)
        static let scheduleId = Column(CodingKeys.scheduleId)
        static let periodKey = Column(CodingKeys.periodKey)
        static let receivedAt = Column(CodingKeys.receivedAt)
        static let sha256 = Column(CodingKeys.sha256)
        static let supersededById = Column(CodingKeys.supersededById)
    }

    static let rawFile = belongsTo(RawFileRecord.self, using: ForeignKey([Columns.sha256]))
    static let values = hasMany(SubmissionValueRecord.self, using: ForeignKey([SubmissionValueRecord.Columns.submissionId]))
    static let warnings = hasMany(WarningRecord.self, using: ForeignKey([WarningRecord.Columns.submissionId]))

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension DerivableRequest<SubmissionRecord> {
    /// The submissions of one unit for one period of one schedule.
    func of(unit: String, schedule: String, period: String) -> Self {
        filter(
            SubmissionRecord.Columns.unitCode == unit && SubmissionRecord.Columns.scheduleId == schedule
                && SubmissionRecord.Columns.periodKey == period)
    }
}
