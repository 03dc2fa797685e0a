import Foundation
import TonghopCore

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
    /// The first `issuesListed` problems in full, in file order.
    public private(set) var issues: [ValidationIssue]
    /// The problems past the first `issuesListed`, counted by severity and code: a file of 100,000 bad rows is answered
    /// in a few kilobytes, not fifty megabytes.
    public private(set) var moreIssues: [IssueCount]

    /// How many problems an answer lists in full.
    public static let issuesListed = 200

    /// `issues` in full (the first `issuesListed` are kept), and `counted`, problems already counted without being kept
    /// (the validator keeps only the first few hundred errors of a file).
    public init(
        file: String, verdict: Verdict, unit: String?, period: String?, receipt: Receipt?, issues: [ValidationIssue], counted: [IssueCount] = []
    ) {
        (self.file, self.verdict, self.unit, self.period, self.receipt) = (file, verdict, unit, period, receipt)
        self.issues = Array(issues.prefix(Self.issuesListed))
        self.moreIssues = IssueCount.tally(issues.dropFirst(Self.issuesListed), adding: counted)
    }

    /// Every problem, listed or counted, by severity.
    public func count(of severity: Severity) -> Int {
        issues.count { $0.severity == severity } + moreIssues.filter { $0.severity == severity }.reduce(0) { $0 + $1.count }
    }

    /// The problems replaced: the file's problems as settled when it was stored (`counted`: those the validator counted
    /// without keeping them).
    mutating func replaceIssues(with all: [ValidationIssue], counted: [IssueCount]) {
        self = FileVerdict(file: file, verdict: verdict, unit: unit, period: period, receipt: receipt, issues: all, counted: counted)
    }

    /// A problem added after the check (the database refused the file), listed first if the list is full.
    mutating func add(_ issue: ValidationIssue) {
        if issues.count < Self.issuesListed {
            issues.append(issue)
        } else {
            issues.insert(issue, at: 0)
            moreIssues = IssueCount.tally(issues.suffix(1), adding: moreIssues)
            issues.removeLast()
        }
    }
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
            // How an answer was read (a note) is said in the receipt, counted as neither.
            errors += v.count(of: .error)
            warnings += v.count(of: .warning)
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
    /// The problems past those listed, in one sentence: "… và 99.804 vấn đề khác, không liệt kê từng vấn đề: …"; nil when
    /// every problem is listed.
    public var moreIssuesSentence: Message? {
        guard !moreIssues.isEmpty else { return nil }
        let total = moreIssues.reduce(0) { $0 + $1.count }
        let kinds = MessageArgument.localized(
            vi: Language.vi.list(moreIssues.map { $0.line.vi }), en: Language.en.list(moreIssues.map { $0.line.en }))
        return Message(.issuesMore, ["count": .count(total), "listed": .count(issues.count), "kinds": kinds])
    }

    /// What happened, in one sentence for the person who sent the file: the receipt's number, or how many errors.
    public var sentence: Message {
        let id = MessageArgument.count(Int(receipt?.submissionId ?? 0))
        return switch verdict {
        case .accepted: Message(.receiptAccepted, ["file": .text(file), "id": id])
        case .superseding: Message(.receiptSuperseding, ["file": .text(file), "id": id, "previous": .count(Int(receipt?.supersedes ?? 0))])
        case .duplicate: Message(.receiptDuplicate, ["file": .text(file), "id": id])
        case .rejected: Message(.receiptRejected, ["file": .text(file), "errors": .count(count(of: .error))])
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
