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
                switch issue.severity {
                case .error: errors += 1
                case .warning: warnings += 1
                // How an answer was read: said in the receipt, counted as neither.
                case .note: break
                }
            }
        }
    }
}

extension FileVerdict.Verdict {
    /// The verdict as people call it: "đã nhận", "bị từ chối".
    public var label: Message {
        switch self {
        case .accepted: Message(.verdictAccepted)
        case .duplicate: Message(.verdictDuplicate)
        case .superseding: Message(.verdictSuperseding)
        case .rejected: Message(.verdictRejected)
        }
    }
}

extension FileVerdict {
    /// What happened, in one sentence for the person who sent the file: the receipt's number, or how many errors.
    public var sentence: Message {
        let id = MessageArgument.count(Int(receipt?.submissionId ?? 0))
        return switch verdict {
        case .accepted: Message(.receiptAccepted, ["file": .text(file), "id": id])
        case .superseding: Message(.receiptSuperseding, ["file": .text(file), "id": id, "previous": .count(Int(receipt?.supersedes ?? 0))])
        case .duplicate: Message(.receiptDuplicate, ["file": .text(file), "id": id])
        case .rejected: Message(.receiptRejected, ["file": .text(file), "errors": .count(issues.filter { $0.severity == .error }.count)])
        }
    }
}

extension Receipt {
    /// Whether the report came in time, as the receipt says it: "đúng hạn", "muộn 5 phút".
    public var timeliness: Message {
        onTime ? Message(.timelinessOnTime) : Message(.timelinessLate, ["late": .duration(lateBySeconds)])
    }

    /// The receipt on one line, as the command line prints it.
    public func line(in language: Language) -> String {
        if verdict == .duplicate {
            return Message(.receiptDuplicateLine, ["id": .count(Int(submissionId)), "received": .instant(receivedAt)]).text(in: language)
        }
        var line = Message(
            .receiptLine,
            ["id": .count(Int(submissionId)), "sha256": .text(sha256), "received": .instant(receivedAt), "version": .text(templateVersion)]
        ).text(in: language)
        line += (onTime ? Message(.receiptOnTime) : Message(.receiptLate, ["late": .duration(lateBySeconds), "deadline": .deadline(onTimeLimit)]))
            .text(in: language)
        if let supersedes { line += Message(.receiptReplaces, ["id": .count(Int(supersedes))]).text(in: language) }
        if !counts { line += Message(.receiptKeptNotCounting).text(in: language) }
        return line
    }
}
