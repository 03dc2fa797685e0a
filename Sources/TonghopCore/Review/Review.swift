import Foundation

/// What MoHA's staff decide about a counted report.
public enum ReviewDecision: String, Sendable, Hashable, Codable, CaseIterable {
    /// "Đã tiếp nhận": the report is taken as it stands.
    case accept
    /// "Trả lại để chỉnh sửa": the unit is asked to correct and send it again, for a reason.
    case `return`
    /// An accepted report opened again, for a reason: it is back to received.
    case reopen
}

/// Where a stored report stands in MoHA's review.
public enum ReviewState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Received, not yet reviewed (and a report that replaced a returned one, or an accepted one reopened).
    case received
    case accepted
    case returned

    /// The state a decision leads to from this one; nil when it may not be taken here. A returned report may be accepted
    /// (the unit confirmed its figures without sending them again); an accepted one must be reopened before it is returned.
    public func after(_ decision: ReviewDecision) -> ReviewState? {
        switch (self, decision) {
        case (.received, .accept), (.returned, .accept): .accepted
        case (.received, .return): .returned
        case (.accepted, .reopen): .received
        default: nil
        }
    }
}

/// One decision on one report, as it is kept: never changed, never deleted.
public struct Review: Sendable, Hashable, Codable {
    public var id: Int64
    public var submissionId: Int64
    public var decision: ReviewDecision
    /// The state the report is in after it.
    public var state: ReviewState
    /// Why, in the reviewer's words: required to return or reopen.
    public var reason: String
    /// The criteria the reason is about, by id.
    public var criteria: [String]
    public var by: String
    public var at: Date
    /// For a return: by when the correction is due.
    public var correctionDue: Date?

    public init(
        id: Int64, submissionId: Int64, decision: ReviewDecision, state: ReviewState, reason: String, criteria: [String], by: String, at: Date,
        correctionDue: Date?
    ) {
        self.id = id
        self.submissionId = submissionId
        self.decision = decision
        self.state = state
        self.reason = reason
        self.criteria = criteria
        self.by = by
        self.at = at
        self.correctionDue = correctionDue
    }
}

/// A decision about to be recorded.
public struct ReviewRequest: Sendable, Hashable {
    public var submissionId: Int64
    public var decision: ReviewDecision
    public var reason: String
    public var criteria: [String]
    public var correctionDue: Date?
    /// The message telling the unit, queued in the same transaction as the decision.
    public var notice: Notice?

    public init(
        submissionId: Int64, decision: ReviewDecision, reason: String, criteria: [String] = [], correctionDue: Date? = nil, notice: Notice? = nil
    ) {
        self.submissionId = submissionId
        self.decision = decision
        self.reason = reason
        self.criteria = criteria
        self.correctionDue = correctionDue
        self.notice = notice
    }
}

/// Why a decision was not recorded.
public enum ReviewRefusal: Error, Sendable, Hashable {
    /// No report has this id.
    case unknownSubmission(Int64)
    /// The report was replaced by a later one: the later one is reviewed.
    case replaced(Int64, by: Int64)
    /// The decision may not be taken in the report's state (accepting an accepted report, say).
    case notAllowed(Int64, state: ReviewState, decision: ReviewDecision)
    /// A return or a reopening without a reason.
    case reasonMissing
    /// A reason longer than a reviewer writes.
    case reasonTooLong(limit: Int)
    /// A criterion named that the report's template does not have.
    case unknownCriterion(String)
    /// A decision dated before the report arrived or before the decision before it.
    case outOfOrder(Int64, after: Date)

    public var message: Message {
        switch self {
        case .unknownSubmission(let id): Message(.reviewUnknownSubmission, ["id": .count(Int(id))])
        case .replaced(let id, let by): Message(.reviewReplaced, ["id": .count(Int(id)), "by": .count(Int(by))])
        case .notAllowed(let id, let state, let decision):
            Message(.reviewNotAllowed, ["id": .count(Int(id)), "state": .message(state.label), "decision": .message(decision.label)])
        case .reasonMissing: Message(.reviewReasonMissing)
        case .reasonTooLong(let limit): Message(.reviewReasonTooLong, ["limit": .count(limit)])
        case .unknownCriterion(let id): Message(.reviewUnknownCriterion, ["criterion": .quoted(id)])
        case .outOfOrder(let id, let after): Message(.reviewOutOfOrder, ["id": .count(Int(id)), "after": .instant(after)])
        }
    }
}

extension ReviewState {
    /// "Chưa rà soát", "Đã tiếp nhận", "Trả lại để chỉnh sửa".
    public var label: Message {
        switch self {
        case .received: Message(.reviewStateReceived)
        case .accepted: Message(.reviewStateAccepted)
        case .returned: Message(.reviewStateReturned)
        }
    }
}

extension ReviewDecision {
    /// "tiếp nhận", "trả lại để chỉnh sửa", "mở lại để rà soát".
    public var label: Message {
        switch self {
        case .accept: Message(.reviewDecisionAccept)
        case .return: Message(.reviewDecisionReturn)
        case .reopen: Message(.reviewDecisionReopen)
        }
    }
}

/// A report that counts, in the review queue, with the latest decision on it.
public struct ReviewQueueItem: Sendable, Hashable {
    public var submission: SubmissionSummary
    public var review: Review?

    public init(submission: SubmissionSummary, review: Review?) {
        self.submission = submission
        self.review = review
    }

    /// Received until a decision is taken.
    public var state: ReviewState { review?.state ?? .received }
}
