import Foundation
import TonghopCore
import TonghopSynthesis

/// Everything staff read before deciding on a report: its values beside the unit's previous report, its warnings, the
/// values far outside the unit's history, and the decisions taken so far.
public struct ReviewDossier: Sendable {
    /// One criterion's answer now and in the unit's previous period.
    public struct Line: Sendable {
        public var criterion: Criterion
        public var value: CriterionValue?
        public var previous: CriterionValue?
        /// The value is far outside the unit's own history (see the synthesis' data-quality notes).
        public var outlier: Outlier?
    }

    public var submission: SubmissionSummary
    public var schedule: Schedule?
    public var template: CriteriaTemplate?
    /// The previous period's key, and the report of the unit that counts for it.
    public var previousPeriodKey: String?
    public var previousSubmissionId: Int64?
    public var lines: [Line]
    public var warnings: [StoredWarning]
    public var reviews: [Review]

    /// The state the decisions leave the report in.
    public var state: ReviewState { reviews.last?.state ?? .received }
    /// The decisions its state allows; none once the report is replaced.
    public var allowedDecisions: [ReviewDecision] {
        submission.supersededById != nil ? [] : ReviewDecision.allCases.filter { state.after($0) != nil }
    }
}

extension SubmissionReviews {
    /// The dossier of report `id` as of `instant`; `syntheses` finds the outliers of a report that counts.
    public func dossier(of id: Int64, at instant: Date, syntheses: Syntheses) throws -> ReviewDossier {
        let (submission, reviews) = try trail(of: id)
        let schedule = catalog.schedules[submission.scheduleId]
        let template = catalog.template(submission.templateId, version: submission.templateVersion)
        var previousKey: String?
        var previousId: Int64?
        var previousValues: [String: CriterionValue] = [:]
        var outliers: [String: Outlier] = [:]
        if let schedule, let period = try? schedule.period(forKey: submission.periodKey).get() {
            let previous = schedule.period(before: period)
            previousKey = previous.key
            previousId = try storage.countedSubmissions(schedule: schedule.id, periods: [previous.key], asOf: instant)
                .first { $0.unitCode == submission.unitCode }?.id
            if let previousId { previousValues = try storage.values(submission: previousId) }
            // The outliers are the synthesis' own, found only for the report that counts.
            if submission.supersededById == nil {
                let synthesis = try syntheses.synthesis(schedule, period: period.key, asOf: max(instant, submission.receivedAt), scope: .worded)
                for outlier in synthesis.dataQuality.outliers where outlier.unit.code == submission.unitCode {
                    outliers[outlier.criterionId] = outlier
                }
            }
        }
        let values = try storage.values(submission: id)
        let lines = (template?.criteria ?? []).map { criterion in
            ReviewDossier.Line(
                criterion: criterion, value: values[criterion.id], previous: previousValues[criterion.id], outlier: outliers[criterion.id])
        }
        return ReviewDossier(
            submission: submission, schedule: schedule, template: template, previousPeriodKey: previousKey, previousSubmissionId: previousId,
            lines: lines, warnings: try storage.warnings(of: [id])[id] ?? [], reviews: reviews)
    }
}
