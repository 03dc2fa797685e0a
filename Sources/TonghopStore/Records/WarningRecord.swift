import GRDB
import TonghopCore

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
        static let code = Column(CodingKeys.code)
        static let criterionId = Column(CodingKeys.criterionId)
        static let location = Column(CodingKeys.location)
        static let message = Column(CodingKeys.message)
    }
}

extension WarningRecord {
    /// Decoded by hand rather than through `Decodable`, as `SubmissionValueRecord` is.
    init(row: Row) throws {
        submissionId = row[Columns.submissionId]
        position = row[Columns.position]
        code = row[Columns.code]
        criterionId = row[Columns.criterionId]
        location = row[Columns.location]
        message = row[Columns.message]
    }
}
