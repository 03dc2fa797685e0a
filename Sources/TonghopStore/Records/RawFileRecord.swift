import Foundation
import GRDB
import TonghopCore

/// A row of `rawFile`: the bytes of every distinct file ever accepted, once, by SHA-256.
struct RawFileRecord: StoreRecord {
    static let databaseTableName = "rawFile"

    var sha256: String
    var byteCount: Int
    var bytes: Data

    enum Columns {
        static let sha256 = Column(CodingKeys.sha256)
        static let byteCount = Column(CodingKeys.byteCount)
    }
}
