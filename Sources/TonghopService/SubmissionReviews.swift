import Foundation
import TonghopCore

/// MoHA's review of the reports it counts: accept one, return one for correction with a reason (its correction then due
/// a schedule's working days later), reopen an accepted one; the queue and each report's trail. The CLI, the API and
/// the staff's report page all come here.
public struct SubmissionReviews: Sendable {
    public let catalog: Catalog
    public let storage: any Storage
    /// Who writes the unit's notice of a return, queued with the decision; nil mails nothing.
    public let notices: NoticeWriter?

    /// The longest reason kept, in characters: a paragraph or two, as a reviewer writes one.
    public static let longestReason = 2000

    public init(catalog: Catalog, storage: any Storage, notices: NoticeWriter? = nil) {
        self.catalog = catalog
        self.storage = storage
        self.notices = notices
    }

    /// Records `decision` on submission `id` by `actor` at `instant`; throws `ReviewRefusal` (nothing recorded) for an
    /// unknown or replaced report, a decision its state does not allow, a missing reason or an unknown criterion.
    public func decide(
        _ id: Int64, _ decision: ReviewDecision, reason: String = "", criteria: [String] = [], by actor: Actor, at instant: Date
    ) throws -> Review {
        let reason = Self.cleaned(reason)
        if decision != .accept && reason.isEmpty { throw ReviewRefusal.reasonMissing }
        guard reason.count <= Self.longestReason else { throw ReviewRefusal.reasonTooLong(limit: Self.longestReason) }
        guard let submission = try storage.submission(id: id) else { throw ReviewRefusal.unknownSubmission(id) }
        var named: [String] = []
        if decision == .return {
            let template = catalog.template(submission.templateId, version: submission.templateVersion)
            for criterion in criteria.map({ $0.trimmingCharacters(in: .whitespaces) }) where !criterion.isEmpty && !named.contains(criterion) {
                guard template?.criterion(criterion) != nil else { throw ReviewRefusal.unknownCriterion(criterion) }
                named.append(criterion)
            }
        }
        // A schedule the templates no longer list gives the default working days.
        let days = catalog.schedules[submission.scheduleId]?.correctionWorkingDays ?? Schedule.defaultCorrectionWorkingDays
        let due = decision == .return ? Schedule.correctionDue(returnedAt: instant, workingDays: days) : nil
        let notice = decision == .return ? notices?.returned(submission, reason: reason, criteria: named, due: due) : nil
        return try storage.review(
            ReviewRequest(submissionId: id, decision: decision, reason: reason, criteria: named, correctionDue: due, notice: notice), by: actor,
            at: instant)
    }

    /// A report and every decision on it, oldest first.
    public func trail(of id: Int64) throws -> (submission: SubmissionSummary, reviews: [Review]) {
        guard let submission = try storage.submission(id: id) else { throw ReviewRefusal.unknownSubmission(id) }
        return (submission, try storage.reviews(of: id))
    }

    /// The reports that count now, of a schedule and period when given, in one state when given, oldest first.
    public func queue(schedule: String?, period: String?, state: ReviewState?) throws -> [ReviewQueueItem] {
        try storage.reviewQueue(schedule: schedule, period: period, unit: nil, state: state)
    }

    /// The returned reports of one unit that count now, with the decision that returned them: what its upload page lists
    /// first.
    public func returned(unit: String) throws -> [ReviewQueueItem] {
        try storage.reviewQueue(schedule: nil, period: nil, unit: unit, state: .returned)
    }

    /// A reason as it is kept: on one line (a text box's line breaks become spaces), without control characters, trimmed.
    static func cleaned(_ reason: String) -> String {
        reason.replacingOccurrences(of: "\t", with: " ").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        .joined(separator: " ").withoutControlCharacters.trimmingCharacters(in: .whitespaces)
    }
}
