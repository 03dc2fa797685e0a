import GRDB
import TonghopCore

/// A row of `submissionValue`: one criterion's answer in one submission that is not a number (a choice, a date, a text);
/// numbers are kept once, packed in `submissionNumbers`. A database written before that also has a row for each number.
struct SubmissionValueRecord: StoreRecord {
    static let databaseTableName = "submissionValue"

    var submissionId: Int64
    var criterionId: String
    var number: Double?
    var text: String?

    enum Columns {
        static let submissionId = Column(CodingKeys.submissionId)
        static let criterionId = Column(CodingKeys.criterionId)
        static let number = Column(CodingKeys.number)
        static let text = Column(CodingKeys.text)
    }
}

extension SubmissionValueRecord {
    /// Decoded by hand rather than through `Decodable` (a container and a key lookup per column): a synthesis reads some
    /// 30,000 texts and thousands of narrative rows, and decoding those records by hand took 10–15 ms off each synthesis
    /// (`Benchmarks/synthesis.sh`'s database, measured side by side).
    init(row: Row) throws {
        submissionId = row[Columns.submissionId]
        criterionId = row[Columns.criterionId]
        number = row[Columns.number]
        text = row[Columns.text]
    }
}
