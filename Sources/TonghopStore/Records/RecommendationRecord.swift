import GRDB
import TonghopCore

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
        static let addressees = Column(CodingKeys.addressees)
        static let text = Column(CodingKeys.text)
    }
}

extension RecommendationRecord {
    /// Decoded by hand rather than through `Decodable`, as `SubmissionValueRecord` is: a week's narrative is thousands of rows.
    init(row: Row) throws {
        submissionId = row[Columns.submissionId]
        position = row[Columns.position]
        addressees = row[Columns.addressees]
        text = row[Columns.text]
    }
}
