import Foundation
import TonghopCore
import TonghopStore

/// What happened to one file: checked only, or checked and stored.
public struct FileVerdict: Sendable, Encodable {
    /// The four outcomes a file can have.
    public enum Verdict: String, Sendable, Codable, CaseIterable {
        /// Passed the checks (validate) or stored as the first report for its unit and period (submit).
        case accepted
        case duplicate
        case superseding
        case rejected
    }

    public var file: String
    public var verdict: Verdict
    public var unit: String?
    public var period: String?
    public var receipt: Receipt?
    public var issues: [ValidationIssue]
}

/// The counts of each verdict over a run, as printed at the end and in JSON.
public struct VerdictCounts: Sendable, Codable, Equatable {
    public var files = 0
    public var accepted = 0
    public var duplicate = 0
    public var superseding = 0
    public var rejected = 0
    public var errors = 0
    public var warnings = 0

    public init(_ verdicts: [FileVerdict]) {
        files = verdicts.count
        for v in verdicts {
            switch v.verdict {
            case .accepted: accepted += 1
            case .duplicate: duplicate += 1
            case .superseding: superseding += 1
            case .rejected: rejected += 1
            }
            for issue in v.issues {
                if issue.severity == .error { errors += 1 } else { warnings += 1 }
            }
        }
    }
}
