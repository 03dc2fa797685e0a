import Foundation

/// What storing a checked report did.
public enum StoreVerdict: String, Sendable, Codable {
    /// The first report of this unit for this period.
    case accepted
    /// Byte for byte the report that already counts for this unit and period: nothing new was stored.
    case duplicate
    /// Replaces the report that counted until now, which stays in the history.
    case superseding
}

/// The receipt of a stored (or recognised duplicate) submission.
public struct Receipt: Sendable, Hashable, Encodable {
    public var submissionId: Int64
    public var verdict: StoreVerdict
    public var sha256: String
    public var receivedAt: Date
    public var templateVersion: String
    /// The submission this one replaced, when it superseded one.
    public var supersedes: Int64?
    /// Whether this submission is the one that counts for its unit and period.
    public var counts: Bool
    /// Reports received before this instant (the deadline plus grace) are on time.
    public var onTimeLimit: Date

    public var onTime: Bool { receivedAt < onTimeLimit }

    /// Seconds after the on-time limit, 0 when on time.
    public var lateBySeconds: Double { max(0, receivedAt.timeIntervalSince(onTimeLimit)) }

    private enum CodingKeys: String, CodingKey {
        case submissionId, verdict, sha256, receivedAt, templateVersion, supersedes, counts, onTimeLimit, onTime, lateBySeconds
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(submissionId, forKey: .submissionId)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(receivedAt, forKey: .receivedAt)
        try c.encode(templateVersion, forKey: .templateVersion)
        try c.encodeIfPresent(supersedes, forKey: .supersedes)
        try c.encode(counts, forKey: .counts)
        try c.encode(onTimeLimit, forKey: .onTimeLimit)
        try c.encode(onTime, forKey: .onTime)
        try c.encode(lateBySeconds, forKey: .lateBySeconds)
    }

    public init(
        submissionId: Int64, verdict: StoreVerdict, sha256: String, receivedAt: Date, templateVersion: String, supersedes: Int64? = nil, counts: Bool,
        onTimeLimit: Date
    ) {
        self.submissionId = submissionId
        self.verdict = verdict
        self.sha256 = sha256
        self.receivedAt = receivedAt
        self.templateVersion = templateVersion
        self.supersedes = supersedes
        self.counts = counts
        self.onTimeLimit = onTimeLimit
    }
}

/// A checked report and the file it came from, ready to be stored.
public struct SubmissionInput: Sendable {
    public var file: ReceivedFile
    public var report: CheckedReport
    /// The message that tells the unit its report was stored, made from the receipt and the report as stored (its
    /// warnings settled), queued in the same transaction; nil sends none (a replay, a bulk import).
    public var receiptNotice: (@Sendable (Receipt, CheckedReport) -> Notice?)?

    public init(file: ReceivedFile, report: CheckedReport, receiptNotice: (@Sendable (Receipt, CheckedReport) -> Notice?)? = nil) {
        self.file = file
        self.report = report
        self.receiptNotice = receiptNotice
    }
}

/// The caller's last word on a report, just before it is stored, in the transaction that stores it: given its position in
/// the batch and the tasks its unit had reported done by its time of receipt (earlier files of the batch included), it
/// returns the report to store. What a weekly report is asked of its unit's tasks depends on what the unit said before,
/// so it is settled here, in the order reports are stored, whatever the batch they come in.
public typealias BeforeStoring =
    (_ position: Int, _ input: SubmissionInput, _ completedTasks: () throws -> Set<String>) throws -> SubmissionInput
