import Foundation
import GRDB
import TonghopCore

/// A row of `review`: one decision of MoHA's staff on a report; appended, never changed.
struct ReviewRecord: StoreRecord {
    static let databaseTableName = "review"

    var id: Int64?
    var submissionId: Int64
    var decision: String
    var state: String
    var reason: String
    /// Criterion ids, one per line.
    var criteria: String
    var reviewer: String
    var at: Date
    var correctionDue: Date?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let submissionId = Column(CodingKeys.submissionId)
        static let at = Column(CodingKeys.at)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The decision as the core speaks of it; a value no version of tonghop writes is an error, not a guess.
    func review() throws -> Review {
        guard let decision = ReviewDecision(rawValue: decision), let state = ReviewState(rawValue: state) else {
            throw DatabaseError(message: "review \(id ?? 0): unknown decision \(decision) or state \(state)")
        }
        return Review(
            id: id ?? 0, submissionId: submissionId, decision: decision, state: state, reason: reason,
            criteria: criteria.split(separator: "\n").map(String.init), by: reviewer, at: at, correctionDue: correctionDue)
    }
}

/// A row of `correctionFlag`: a returned report whose correction was overdue; resolved, never deleted.
struct CorrectionFlagRecord: StoreRecord {
    static let databaseTableName = "correctionFlag"

    var id: Int64?
    /// The return whose correction is overdue.
    var reviewId: Int64
    var submissionId: Int64
    var unitCode: String
    var scheduleId: String
    var periodKey: String
    var due: Date
    var flaggedAt: Date
    var resolvedAt: Date?
    var resolvedBySubmissionId: Int64?

    enum Columns {
        static let due = Column(CodingKeys.due)
        static let unitCode = Column(CodingKeys.unitCode)
        static let resolvedAt = Column(CodingKeys.resolvedAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var flag: CorrectionFlag {
        CorrectionFlag(
            submissionId: submissionId, unitCode: unitCode, scheduleId: scheduleId, periodKey: periodKey, due: due, flaggedAt: flaggedAt,
            resolvedAt: resolvedAt, resolvedBySubmissionId: resolvedBySubmissionId)
    }
}

/// A row of `auditEntry`: who did what, when, from where; appended, never changed.
struct AuditEntryRecord: StoreRecord {
    static let databaseTableName = "auditEntry"

    var id: Int64?
    var at: Date
    var actor: String
    var address: String?
    var action: String
    var unitCode: String?
    var subjectId: Int64?
    var detail: String

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let at = Column(CodingKeys.at)
        static let action = Column(CodingKeys.action)
        static let unitCode = Column(CodingKeys.unitCode)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    init(_ action: AuditAction, by actor: Actor, at: Date, unit: String?, subject: Int64?, detail: String) {
        (self.id, self.at, self.actor, self.address, self.action) = (nil, at, actor.name, actor.address, action.rawValue)
        (self.unitCode, self.subjectId, self.detail) = (unit, subject, detail)
    }

    func entry() throws -> AuditEntry {
        guard let action = AuditAction(rawValue: action) else { throw DatabaseError(message: "audit entry \(id ?? 0): unknown action \(action)") }
        return AuditEntry(
            id: id ?? 0, at: at, actor: Actor(name: actor, address: address), action: action, unitCode: unitCode, subjectId: subjectId,
            detail: detail)
    }
}
