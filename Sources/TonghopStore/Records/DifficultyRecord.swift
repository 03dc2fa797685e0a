import GRDB
import TonghopCore

/// A row of `difficulty`: one difficulty a submission raised, in the order the report gave it.
struct DifficultyRecord: StoreRecord {
    static let databaseTableName = "difficulty"

    var submissionId: Int64
    var position: Int
    var field: String
    var text: String

    enum Columns {
        static let submissionId = Column(CodingKeys.submissionId)
        static let position = Column(CodingKeys.position)
        static let field = Column(CodingKeys.field)
        static let text = Column(CodingKeys.text)
    }
}

extension DifficultyRecord {
    /// Decoded by hand rather than through `Decodable`, as `SubmissionValueRecord` is: a week's narrative is thousands of rows.
    init(row: Row) throws {
        submissionId = row[Columns.submissionId]
        position = row[Columns.position]
        field = row[Columns.field]
        text = row[Columns.text]
    }
}
