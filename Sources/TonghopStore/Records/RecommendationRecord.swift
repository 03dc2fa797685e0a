import GRDB

/// A row of `recommendation`: one recommendation of a submission, its addressees as written (`ministry:BXD; ministry:BTC`).
struct RecommendationRecord: StoreRecord {
    static let databaseTableName = "recommendation"

    var submissionId: Int64
    var position: Int
    var addressees: String
    var text: String

    enum Columns {
        static let submissionId = Column(CodingKeys.submissionId)
        static let position = Column(CodingKeys.position)
    }
}
