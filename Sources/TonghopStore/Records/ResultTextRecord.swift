import GRDB
import TonghopCore

/// A row of `resultText`: a submission's results on one topic (a group of its template). A report whose template takes
/// the results as one text keeps it in `submission.results` and has no rows here.
struct ResultTextRecord: StoreRecord {
    static let databaseTableName = "resultText"

    var submissionId: Int64
    var position: Int
    var topic: String
    var text: String

    enum Columns {
        static let submissionId = Column(CodingKeys.submissionId)
        static let position = Column(CodingKeys.position)
        static let topic = Column(CodingKeys.topic)
        static let text = Column(CodingKeys.text)
    }
}

extension ResultTextRecord {
    /// Decoded by hand and by position, in the table's order of columns, rather than through `Decodable` or by name (GRDB
    /// lowercases each name it looks up): a commune-scale week has a text per unit and topic.
    init(row: Row) throws {
        submissionId = row[0]
        position = row[1]
        topic = row[2]
        text = row[3]
    }
}
