import Foundation

/// What a checked file does to the history of its unit and period: the rule behind `submit`'s verdicts, apart from
/// any database, so that it can be read and tested on its own.
public enum StoringDecision: Sendable, Hashable {
    /// Byte for byte the report that counts now: nothing new is stored.
    case duplicateOfCurrent(id: Int64)
    /// The same bytes at the same instant as a report already in the history (a replay log taken in twice).
    case duplicateOfEarlier(id: Int64, counts: Bool)
    /// The first report of the unit for the period: stored, and it counts.
    case first
    /// A different report received at or after the one that counts: stored, it counts now, and the other stays in the
    /// history as replaced by it.
    case supersedes(id: Int64)
    /// A report received before the one that counts (an older file replayed late): stored in the history, replaced at
    /// once by the one that counts.
    case keptBehind(id: Int64)

    /// A stored report as the decision needs it.
    public struct Stored: Sendable, Hashable {
        public var id: Int64
        public var sha256: String
        public var receivedAt: Date

        public init(id: Int64, sha256: String, receivedAt: Date) {
            self.id = id
            self.sha256 = sha256
            self.receivedAt = receivedAt
        }
    }

    /// Whether the decision stores the file.
    public var stores: Bool {
        switch self {
        case .duplicateOfCurrent, .duplicateOfEarlier: false
        case .first, .supersedes, .keptBehind: true
        }
    }

    /// The decision for a file with `sha256` received at `receivedAt`, given the report that counts now for its unit and
    /// period (if any) and, when that one differs, the report in the history with the same bytes and time of receipt.
    public static func decide(sha256: String, receivedAt: Date, current: Stored?, sameReceipt: (id: Int64, counts: Bool)?) -> StoringDecision {
        guard let current else { return .first }
        if current.sha256 == sha256 { return .duplicateOfCurrent(id: current.id) }
        if let earlier = sameReceipt { return .duplicateOfEarlier(id: earlier.id, counts: earlier.counts) }
        // The latest receipt counts; on the same instant, the one stored last.
        return current.receivedAt <= receivedAt ? .supersedes(id: current.id) : .keptBehind(id: current.id)
    }
}
