import GRDB

/// A row of `warning`: a warning raised when a submission was checked, stored with it.
struct WarningRecord: StoreRecord {
    static let databaseTableName = "warning"

    var submissionId: Int64
    var position: Int
    var code: String
    var criterionId: String?
    var location: String
    var message: String

    enum Columns {
        static let submissionId = Column(CodingKeys.submissionId)
        static let position = Column(CodingKeys.position)
    }
}
