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

    /// What an entry says was done, in `language`: "trả lại để chỉnh sửa báo cáo số 42 của TH".
    public static func action(of entry: AuditEntry, registry: UnitRegistry) -> Message {
        let id = MessageArgument.count(Int(entry.subjectId ?? 0))
        let unit = MessageArgument.text(entry.unitCode.map { registry.unit($0)?.name ?? $0 } ?? "")
        switch entry.action {
        case .submissionStored: return Message(.auditSubmissionStored, ["id": id, "unit": unit, "detail": .text(entry.detail)])
        case .submissionReviewed:
            let decision = ReviewDecision(rawValue: entry.detail).map { MessageArgument.message($0.label) } ?? .text(entry.detail)
            return Message(.auditSubmissionReviewed, ["id": id, "unit": unit, "detail": decision])
        case .tokenCreated: return Message(.auditTokenCreated, ["id": id, "detail": .text(entry.detail)])
        case .tokenRevoked: return Message(.auditTokenRevoked, ["id": id, "detail": .text(entry.detail)])
        case .templatesLoaded: return Message(.auditTemplatesLoaded, ["detail": .text(entry.detail)])
        }
    }

    /// One entry on one line: "05/12/2026 09:30:00  Nguyễn Văn A (10.0.0.5)  trả lại để chỉnh sửa báo cáo số 42 của Tỉnh Thanh Hóa".
    public static func line(_ entry: AuditEntry, registry: UnitRegistry, in language: Language) -> String {
        Message(
            .auditLine,
            [
                "at": .instant(entry.at), "actor": .text(entry.actor.name), "address": .text(entry.actor.address.map { " (\($0))" } ?? ""),
                "action": .message(action(of: entry, registry: registry)),
            ]
        ).text(in: language)
    }
}
