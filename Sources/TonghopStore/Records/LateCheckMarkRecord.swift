import Foundation
import GRDB
import TonghopCore

/// A row of `lateCheckMark`: which periods of a schedule the late check has looked at, against which registry.
struct LateCheckMarkRecord: StoreRecord {
    static let databaseTableName = "lateCheckMark"

    var scheduleId: String
    var registryDigest: String
    var fromDay: String
    var throughFirstDay: String
    var checkedAt: Date
}
