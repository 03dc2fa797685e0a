import GRDB

/// A row of `submissionValue`: one criterion's answer in one submission, a number (yes as 1) or a text.
struct SubmissionValueRecord: StoreRecord {
    static let databaseTableName = "submissionValue"

    var submissionId: Int64
    var criterionId: String
    var number: Double?
    var text: String?

    enum Columns {
        static let submissionId = Column(CodingKeys.submissionId)
        static let criterionId = Column(CodingKeys.criterionId)
        static let text = Column(CodingKeys.text)
    }
}
