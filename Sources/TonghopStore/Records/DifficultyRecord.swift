import GRDB

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
    }
}
