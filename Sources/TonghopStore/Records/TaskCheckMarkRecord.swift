import Foundation
import GRDB
import TonghopCore

/// The one row of `taskCheckMark`: what the last check of overdue tasks looked at.
struct TaskCheckMarkRecord: StoreRecord {
    static let databaseTableName = "taskCheckMark"

    var id: Int64 = 1
    var digest: String
    var checkedAt: Date
    var throughSubmissionId: Int64

    var mark: TaskCheckMark { TaskCheckMark(digest: digest, checkedAt: checkedAt, throughSubmissionId: throughSubmissionId) }
}
