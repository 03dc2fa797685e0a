import Foundation
import Hummingbird
import TonghopCore
import TonghopService

/// `GET /audit`: the audit log for staff, newest first, of one unit (`unit`) or from a day (`since`, dd/mm/yyyy or
/// yyyy-mm-dd) when asked.
struct AuditPage: Sendable {
    let environment: ServiceEnvironment

    /// The most entries a page lists: the log of a busy year is long; `tonghop audit` lists every one.
    static let shown = 500

    struct View: Sendable {
        var entries: [Entry]
        var hasEntries: Bool
        var unit: String
        var since: String
        /// Older entries than those shown exist.
        var hasMore: Bool
        var shownCount: Int
    }

    struct Entry: Sendable {
        var at: String
        var actor: String
        var address: String
        var action: String
        var href: String?
    }

    @Sendable func show(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        try context.requireStaff()
        let unit = request.query("unit").flatMap { $0.isEmpty ? nil : environment.catalog.registry.unit(named: $0)?.code ?? $0 }
        let sinceText = request.query("since") ?? ""
        let since = LocalDate(written: sinceText).map { VietnamTime.instant($0) }
        let (trail, catalog) = (AuditTrail(storage: environment.database), environment.catalog)
        // One more than shown, to know whether there are more.
        let entries = try await onDispatchThread { try trail.storage.auditEntries(since: since, unit: unit, newest: Self.shown + 1) }
        let shown = entries.suffix(Self.shown).reversed().map { entry in
            Entry(
                at: Language.vi.instant(entry.at), actor: entry.actor.name, address: entry.actor.address ?? "",
                action: AuditTrail.action(of: entry, catalog: catalog).vi.capitalizedFirst,
                href: entry.action == .submissionStored || entry.action == .submissionReviewed ? entry.subjectId.map { "/reports/\($0)" } : nil)
        }
        let view = View(
            entries: Array(shown), hasEntries: !entries.isEmpty, unit: unit ?? "", since: sinceText, hasMore: entries.count > Self.shown,
            shownCount: shown.count)
        return htmlResponse(environment.pages.render("audit", title: "Nhật ký thao tác", caller: context.signedIn, view: view))
    }
}
