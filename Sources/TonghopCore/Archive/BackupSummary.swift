import Foundation

/// A backup of the database as checked on the copy: where, how large, how many submissions it holds, and when.
public struct BackupSummary: Sendable, Hashable, Encodable {
    public var path: String
    public var bytes: Int
    public var submissions: Int
    public var takenAt: Date

    public init(path: String, bytes: Int, submissions: Int, takenAt: Date) {
        self.path = path
        self.bytes = bytes
        self.submissions = submissions
        self.takenAt = takenAt
    }
}
