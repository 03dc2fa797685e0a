import Foundation
import GRDB
import TonghopCore

extension TonghopDatabase {
    public func writeAssessment(schedule: String, period: String, text: String, by actor: Actor, at instant: Date) throws -> StaffAssessment {
        try writer.write { db in
            var record = AssessmentRecord(id: nil, scheduleId: schedule, periodKey: period, text: text, author: actor.name, writtenAt: instant)
            try record.insert(db)
            var audit = AuditEntryRecord(.assessmentWritten, by: actor, at: instant, unit: nil, subject: record.id, detail: "\(schedule) \(period)")
            try audit.insert(db)
            return record.assessment
        }
    }

    public func assessments(schedule: String, period: String) throws -> [StaffAssessment] {
        try writer.read { db in
            try Self.assessments(schedule: schedule, period: period, db).fetchAll(db).map(\.assessment)
        }
    }

    public func assessment(schedule: String, period: String, asOf: Date) throws -> StaffAssessment? {
        try writer.read { db in
            try Self.assessments(schedule: schedule, period: period, db).filter(AssessmentRecord.Columns.writtenAt <= DatabaseTime.text(asOf))
                .fetchAll(db).last?.assessment
        }
    }

    /// A period's assessments, oldest first (on the same instant, in the order written).
    private static func assessments(schedule: String, period: String, _ db: Database) throws -> QueryInterfaceRequest<AssessmentRecord> {
        typealias Columns = AssessmentRecord.Columns
        return AssessmentRecord.filter(Columns.scheduleId == schedule && Columns.periodKey == period).order(Columns.writtenAt, Columns.id)
    }
}
