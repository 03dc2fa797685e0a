import Foundation
import TonghopCore

/// The staff's assessment and proposals for a period: read and checked, kept with who wrote it and when (every
/// version), and found again: the use case behind `tonghop synthesize --assessment`, `tonghop assessment` and the
/// synthesis page's form.
public struct Assessments: Sendable {
    public let catalog: Catalog
    public let storage: any Storage

    public init(catalog: Catalog, storage: any Storage) {
        self.catalog = catalog
        self.storage = storage
    }

    /// Keeps `text` as the assessment of a period of `schedule` (a key, `latest` or `current`; the latest closed period
    /// without one); returns it with its version number (1 for the period's first).
    public func write(_ text: String, schedule: Schedule, period name: String?, by actor: Actor, at instant: Date) throws -> (
        assessment: StaffAssessment, version: Int
    ) {
        let period = try schedule.period(named: name, default: "latest", at: instant)
        do { _ = try AssessmentText.read(text, topics: topics(of: schedule)) } catch { throw RequestError(error.message) }
        let kept = try storage.writeAssessment(
            schedule: schedule.id, period: period.key, text: text.withUnixLineEnds.trimmed, by: actor, at: instant)
        return (kept, try storage.assessments(schedule: schedule.id, period: period.key).count)
    }

    /// Every version written of a period's assessment, oldest first.
    public func history(schedule: Schedule, period name: String?, at instant: Date) throws -> (period: Period, versions: [StaffAssessment]) {
        let period = try schedule.period(named: name, default: "latest", at: instant)
        return (period, try storage.assessments(schedule: schedule.id, period: period.key))
    }

    /// The topics a summary may be given for: the groups of the schedule's latest template, by id and label.
    public func topics(of schedule: Schedule) -> [(id: String, label: String)] {
        Self.topics(catalog.latestTemplate(forSchedule: schedule.id))
    }

    static func topics(_ template: CriteriaTemplate?) -> [(id: String, label: String)] {
        (template?.groups ?? []).map { ($0.id, $0.label.vi) }
    }
}
