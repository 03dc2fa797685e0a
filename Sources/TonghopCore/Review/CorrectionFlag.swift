import Foundation

/// A returned report whose correction did not arrive by its due time: flagged once by the late check, resolved (never
/// deleted) when the correction arrives or the report is accepted as it stands.
public struct CorrectionFlag: Sendable, Hashable, Codable {
    /// The returned report.
    public var submissionId: Int64
    public var unitCode: String
    public var scheduleId: String
    public var periodKey: String
    public var due: Date
    public var flaggedAt: Date
    public var resolvedAt: Date?
    /// The report that corrected it; nil when it was resolved by accepting the returned report.
    public var resolvedBySubmissionId: Int64?

    public init(
        submissionId: Int64, unitCode: String, scheduleId: String, periodKey: String, due: Date, flaggedAt: Date, resolvedAt: Date? = nil,
        resolvedBySubmissionId: Int64? = nil
    ) {
        self.submissionId = submissionId
        self.unitCode = unitCode
        self.scheduleId = scheduleId
        self.periodKey = periodKey
        self.due = due
        self.flaggedAt = flaggedAt
        self.resolvedAt = resolvedAt
        self.resolvedBySubmissionId = resolvedBySubmissionId
    }
}

/// What one run of the late check did to the flags of corrections.
public struct CorrectionFlagResult: Sendable {
    public var newlyFlagged: [CorrectionFlag] = []
    public var newlyResolved: [CorrectionFlag] = []
    /// Every flag still open after the run, earliest due first.
    public var outstanding: [CorrectionFlag] = []

    public init(newlyFlagged: [CorrectionFlag] = [], newlyResolved: [CorrectionFlag] = [], outstanding: [CorrectionFlag] = []) {
        self.newlyFlagged = newlyFlagged
        self.newlyResolved = newlyResolved
        self.outstanding = outstanding
    }
}
