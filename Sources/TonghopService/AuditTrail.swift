import Foundation
import TonghopCore

/// The audit log as people read it, and the one entry no store write makes by itself: a template set loaded with a new
/// version.
public struct AuditTrail: Sendable {
    public let storage: any Storage

    public init(storage: any Storage) {
        self.storage = storage
    }

    /// Appends "templates loaded" when the catalog's template versions differ from those the log last recorded (the first
    /// start of a new installation included); true when it did.
    @discardableResult
    public func recordTemplates(of catalog: Catalog, by actor: Actor, at instant: Date) throws -> Bool {
        let versions = Self.versions(of: catalog)
        guard try storage.latestAuditDetail(of: .templatesLoaded) != versions else { return false }
        try storage.appendAudit(.templatesLoaded, by: actor, at: instant, unit: nil, subject: nil, detail: versions)
        return true
    }

    /// Every template and its versions, as the log records them: "central-weekly 1.0, province-weekly 1.0/1.1".
    static func versions(of catalog: Catalog) -> String {
        catalog.templates.keys.sorted().map { id in
            id + " " + (catalog.templates[id] ?? []).map(\.version).sorted { Catalog.isOlder($0, than: $1) }.joined(separator: "/")
        }
        .joined(separator: ", ")
    }

    /// The entries from `since`, of one unit when given, oldest first.
    public func entries(since: Date?, unit: String?) throws -> [AuditEntry] {
        try storage.auditEntries(since: since, unit: unit)
    }

    /// What an entry says was done, the codes it keeps for machines said as people say them: "trả lại báo cáo số 42 của
    /// Tỉnh Thanh Hóa để chỉnh sửa", "nhận báo cáo số 7 của Thành phố Hà Nội, tuần 46 năm 2025, tệp HN.json".
    public static func action(of entry: AuditEntry, catalog: Catalog) -> Message {
        let id = MessageArgument.count(Int(entry.subjectId ?? 0))
        let unit = MessageArgument.text(entry.unitCode.map { catalog.registry.name(of: $0) ?? $0 } ?? "")
        switch entry.action {
        case .submissionStored:
            // "province-weekly 2025-W46 HN.json": the schedule, the period, the file's name (which may hold spaces).
            let parts = entry.detail.split(separator: " ", maxSplits: 2).map(String.init)
            return Message(
                .auditSubmissionStored,
                ["id": id, "unit": unit, "period": .period(parts.count > 1 ? parts[1] : ""), "file": .text(parts.count > 2 ? parts[2] : "")])
        case .submissionReviewed:
            // The database admits only these three decisions.
            let key: MessageKey =
                switch ReviewDecision(rawValue: entry.detail) {
                case .return?: .auditReviewReturn
                case .reopen?: .auditReviewReopen
                case .accept?, nil: .auditReviewAccept
                }
            return Message(key, ["id": id, "unit": unit])
        case .tokenCreated, .tokenRevoked:
            // A token without a label (one issued before labels named people) is the unit's, or MoHA's.
            let holder: MessageArgument =
                entry.unitCode == nil
                ? .message(Message(.auditTokenOfStaff, ["label": .text(entry.detail.isEmpty ? "Bộ Nội vụ" : entry.detail)]))
                : entry.detail.isEmpty ? unit : .message(Message(.auditTokenOfUnit, ["unit": unit, "label": .text(entry.detail)]))
            return Message(entry.action == .tokenCreated ? .auditTokenCreated : .auditTokenRevoked, ["id": id, "holder": holder])
        case .assessmentWritten:
            // "province-weekly 2025-W46": the schedule, the period.
            let parts = entry.detail.split(separator: " ", maxSplits: 1).map(String.init)
            let scheduleId = parts.first ?? ""
            let schedule = catalog.schedules[scheduleId]?.name.vi ?? scheduleId
            return Message(.auditAssessmentWritten, ["schedule": .text(schedule), "period": .period(parts.count > 1 ? parts[1] : "")])
        case .templatesLoaded:
            // "central-weekly 1.0, province-weekly 1.0/1.1": each template by its title.
            let templates = entry.detail.split(separator: ",").map { item -> String in
                let parts = item.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1).map(String.init)
                let title = catalog.newestTemplate(parts[0])?.title.vi ?? parts[0]
                return parts.count > 1 ? "\(title) (\(parts[1]))" : title
            }
            return Message(.auditTemplatesLoaded, ["detail": .list(templates)])
        }
    }

    /// One entry on one line: "09:30 ngày 05/12/2026  Nguyễn Văn A (10.0.0.5)  trả lại báo cáo số 42 của Tỉnh Thanh Hóa để chỉnh sửa".
    public static func line(_ entry: AuditEntry, catalog: Catalog, in language: Language) -> String {
        Message(
            .auditLine,
            [
                "at": .instant(entry.at), "actor": .text(entry.actor.name), "address": .text(entry.actor.address.map { " (\($0))" } ?? ""),
                "action": .message(action(of: entry, catalog: catalog)),
            ]
        ).text(in: language)
    }
}
