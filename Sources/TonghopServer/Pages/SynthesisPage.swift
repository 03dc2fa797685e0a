import Foundation
import Hummingbird
import TonghopCore
import TonghopRendering
import TonghopService
import TonghopSynthesis

/// `GET /synthesis/S/P`: the HTML synthesis of a period, with links to its other formats and the staff's form for the
/// period's assessment; `POST /synthesis/S/P/assessment` keeps what the form says.
struct SynthesisPage: Sendable {
    let environment: ServiceEnvironment

    @Sendable func show(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        try context.requireStaff()
        return htmlResponse(try await page(request, context: context, refused: nil, written: request.query("written") == "1"))
    }

    @Sendable func writeAssessment(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        // The longest assessment, each character up to six bytes (a decomposed Vietnamese letter) and each byte up to three
        // when the form encodes it.
        let fields = ReportPage.formFields(String(buffer: try await request.body.collect(upTo: AssessmentText.characterLimit * 18 + 1024)))
        let token = try context.staffActing(check: fields["check"]?.first)
        let schedule = try environment.schedule(try context.parameters.require("schedule"))
        let period = try context.parameters.require("period")
        let text = fields["text"]?.first ?? ""
        let (assessments, actor, at) = (
            environment.assessments, context.actor(token), environment.now()
        )
        do {
            let kept = try await onDispatchThread { try assessments.write(text, schedule: schedule, period: period, by: actor, at: at) }
            var response = Response.redirect(to: "/synthesis/\(schedule.id)/\(kept.assessment.periodKey)?written=1#danh-gia", type: .found)
            response.status = .seeOther
            return response
        } catch let refusal as RequestError {
            return htmlResponse(
                try await page(request, context: context, refused: (text, refusal.message.text(in: .vi)), written: false), status: .badRequest)
        }
    }

    /// The page, its form holding the latest version of the assessment, or the text just refused with why.
    private func page(_ request: Request, context: TonghopRequestContext, refused: (text: String, why: String)?, written: Bool) async throws -> String
    {
        let synthesis = try await environment.synthesis(request, context: context) { syntheses, schedule, period, asOf in
            try syntheses.synthesis(schedule, period: period, asOf: asOf, scope: .worded)
        }
        let h = synthesis.heading
        let assessments = environment.assessments
        let schedule = try environment.schedule(h.scheduleId)
        let versions = try await onDispatchThread { try assessments.history(schedule: schedule, period: h.periodKey, at: h.asOf).versions }
        let form = SynthesisRenderer.AssessmentForm(
            action: "/synthesis/\(h.scheduleId)/\(h.periodKey)/assessment", check: context.signIn?.check ?? "",
            text: refused?.text ?? versions.last?.text ?? "",
            versions: versions.map { "\(Language.vi.instant($0.writtenAt)): \($0.author)" }, refusal: refused?.why ?? "", written: written)
        let (renderer, asOf) = (environment.renderer, request.query("asOf"))
        return try await onDispatchThread {
            try renderer.page(
                synthesis, downloads: PageRoutes.downloads(scheduleId: h.scheduleId, periodKey: h.periodKey, asOf: asOf),
                boardHref: "/board?schedule=\(h.scheduleId)&period=\(h.periodKey)", assessment: form)
        }
    }
}
