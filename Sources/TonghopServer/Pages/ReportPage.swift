import Foundation
import Hummingbird
import TonghopCore
import TonghopRendering
import TonghopService
import TonghopSynthesis

/// `GET /reports/{id}` and `POST /reports/{id}/review`: the staff's page of one report (its values beside the unit's
/// previous report, its warnings and outliers, its review trail) and the forms that accept, return or reopen it. Works
/// without scripts; a decision needs the form's check, as an upload does (see `TokenMiddleware`).
struct ReportPage: Sendable {
    let environment: ServiceEnvironment

    struct View: Sendable {
        var id: Int64
        var unitCode: String
        var unitName: String
        var periodName: String
        var scheduleName: String
        var receivedAt: String
        var fileName: String
        var stateLabel: String
        var state: String
        var replacedBy: Int64?
        /// The previous period, in a sentence ("tuần 45 năm 2025") and as a column's heading ("Tuần 45 năm 2025").
        var previousName: String
        var previousHeader: String
        var hasPrevious: Bool
        var lines: [Line]
        var warnings: [WarningLine]
        var hasWarnings: Bool
        var reviews: [Decision]
        var hasReviews: Bool
        var canAccept: Bool
        var canReturn: Bool
        var canReopen: Bool
        var check: String
        var criteria: [CriterionChoice]
        var refusal: String?
        var recorded: String?
        var boardHref: String
    }

    struct Line: Sendable {
        var label: String
        var unit: String
        var value: String
        var previous: String
        var change: String
        var outlier: String?
        /// Numbers are right-aligned on one line; a text (the contact person, say) wraps, or it would widen the table
        /// past a phone's screen.
        var numeric: Bool
    }

    struct WarningLine: Sendable {
        var location: String
        var message: String
    }

    struct Decision: Sendable {
        var at: String
        var by: String
        var decision: String
        var reason: String
        var criteria: String
        var due: String?
    }

    struct CriterionChoice: Sendable {
        var id: String
        var label: String
        /// Offered first: a value far outside the unit's history.
        var outlier: Bool
    }

    @Sendable func show(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        try context.requireStaff()
        let id = try Self.id(context)
        let view = try await view(of: id, context: context, recorded: request.query("recorded").map { _ in "Đã ghi quyết định." })
        return htmlResponse(render(view, context: context))
    }

    /// A decision from the page's form: recorded, then the page again (303), or the page with why it was refused.
    @Sendable func decide(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let fields = Self.formFields(String(buffer: try await request.body.collect(upTo: 64 * 1024)))
        let token = try context.staffActing(check: fields["check"]?.first)
        guard let decision = fields["decision"]?.first.flatMap(ReviewDecision.init(rawValue:)) else {
            throw APIError(
                .badRequest,
                Message(.reviewDecisionUnknown, ["decision": .quoted(fields["decision"]?.first ?? ""), "decisions": ReviewController.decisions]))
        }
        let (reviews, actor, at) = (environment.reviews, context.actor(token), environment.now())
        let (reason, criteria) = (fields["reason"]?.first ?? "", fields["criteria"] ?? [])
        do {
            _ = try await onDispatchThread { try reviews.decide(id, decision, reason: reason, criteria: criteria, by: actor, at: at) }
        } catch let refusal as ReviewRefusal {
            var view = try await view(of: id, context: context, recorded: nil)
            view.refusal = refusal.message.text(in: .vi)
            return htmlResponse(render(view, context: context), status: ReviewController.status(of: refusal))
        }
        var response = Response.redirect(to: "/reports/\(id)?recorded=1", type: .found)
        response.status = .seeOther
        return response
    }

    private func render(_ view: View, context: TonghopRequestContext) -> String {
        environment.pages.render("report", title: "Báo cáo số \(view.id)", caller: context.signedIn, view: view)
    }

    private func view(of id: Int64, context: TonghopRequestContext, recorded: String?) async throws -> View {
        let (reviews, syntheses, now) = (environment.reviews, environment.syntheses, environment.now())
        let dossier: ReviewDossier
        do {
            dossier = try await onDispatchThread { try reviews.dossier(of: id, at: now, syntheses: syntheses) }
        } catch let refusal as ReviewRefusal {
            throw APIError(.notFound, refusal.message)
        }
        let s = dossier.submission
        let vi = Language.vi
        let labels = Dictionary((dossier.template?.criteria ?? []).map { ($0.id, $0.label.vi) }, uniquingKeysWith: { first, _ in first })
        let allowed = dossier.allowedDecisions
        return View(
            id: id, unitCode: s.unitCode, unitName: environment.catalog.registry.name(of: s.unitCode) ?? s.unitCode,
            periodName: vi.period(s.periodKey), scheduleName: dossier.schedule?.name.vi ?? s.scheduleId, receivedAt: vi.instant(s.receivedAt),
            fileName: s.fileName, stateLabel: dossier.state.label.vi.capitalizedFirst, state: dossier.state.rawValue,
            replacedBy: s.supersededById, previousName: dossier.previousPeriodKey.map(vi.period) ?? "",
            previousHeader: dossier.previousPeriodKey.map { vi.period($0).capitalizedFirst } ?? "",
            hasPrevious: dossier.previousSubmissionId != nil,
            lines: dossier.lines.map(Self.line), warnings: dossier.warnings.map { WarningLine(location: $0.location, message: $0.message) },
            hasWarnings: !dossier.warnings.isEmpty,
            reviews: dossier.reviews.map { review in
                Decision(
                    at: vi.instant(review.at), by: review.by, decision: review.decision.label.vi.capitalizedFirst, reason: review.reason,
                    criteria: review.criteria.map { labels[$0] ?? $0 }.joined(separator: "; "), due: review.correctionDue.map(vi.deadline))
            },
            hasReviews: !dossier.reviews.isEmpty, canAccept: allowed.contains(.accept), canReturn: allowed.contains(.return),
            canReopen: allowed.contains(.reopen), check: context.signIn?.check ?? "",
            criteria: dossier.lines.sorted { ($0.outlier != nil ? 0 : 1) < ($1.outlier != nil ? 0 : 1) }.map {
                CriterionChoice(id: $0.criterion.id, label: $0.criterion.label.vi, outlier: $0.outlier != nil)
            },
            refusal: nil, recorded: recorded, boardHref: "/board?schedule=\(s.scheduleId)&period=\(s.periodKey)")
    }

    static func line(_ line: ReviewDossier.Line) -> Line {
        func text(_ value: CriterionValue?) -> String {
            switch value {
            case nil: "–"
            case .number(let n)?: line.criterion.type == .yesNo ? (n == 1 ? "Có" : "Không") : VietnameseFormat.number(n)
            // A date as people write it, dd/mm/yyyy; the store keeps it as text.
            case .date(let date)?: VietnameseFormat.date(date)
            case .text(let text)? where line.criterion.type == .date: LocalDate(iso: text).map(VietnameseFormat.date) ?? text
            case let other?: other.description
            }
        }
        var change = ""
        if line.criterion.type != .yesNo, let now = line.value?.numeric, let before = line.previous?.numeric {
            change = VietnameseFormat.change(now - before)
        }
        return Line(
            label: line.criterion.label.vi, unit: line.criterion.unitOfMeasure, value: text(line.value), previous: text(line.previous),
            change: change,
            outlier: line.outlier.map {
                "Khác thường so với \($0.historyCount) kỳ trước (trung vị \(VietnameseFormat.number($0.median)), khoảng thường gặp "
                    + "\(VietnameseFormat.number($0.low)) – \(VietnameseFormat.number($0.high)))"
            }, numeric: line.criterion.type.isNumeric)
    }

    private static func id(_ context: TonghopRequestContext) throws -> Int64 {
        try ReviewController.submissionId(try context.parameters.require("id"))
    }

    /// The fields of a form as the browser sends it (`application/x-www-form-urlencoded`), a name given several times
    /// (the criteria's boxes) keeping every value: Hummingbird's decoder wants `criteria[]`, which a plain form does not send.
    static func formFields(_ body: String) -> [String: [String]] {
        var fields: [String: [String]] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) -> String { String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            fields[decoded(parts[0]), default: []].append(parts.count > 1 ? decoded(parts[1]) : "")
        }
        return fields
    }
}
