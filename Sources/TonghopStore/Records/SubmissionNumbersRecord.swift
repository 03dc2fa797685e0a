import Foundation
import GRDB

/// A row of `submissionNumbers`: a submission's numbers packed in the order of a layout, and its difficulties' fields.
struct SubmissionNumbersRecord: StoreRecord {
    static let databaseTableName = "submissionNumbers"

    var submissionId: Int64
    var layoutId: Int64
    var numbers: Data
    /// The field of each difficulty, one per line, in the report's order.
    var difficultyFields: String
}
