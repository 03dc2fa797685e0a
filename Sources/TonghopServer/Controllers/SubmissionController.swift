import Hummingbird
import TonghopCore
import TonghopService

/// `POST /api/v1/submissions` and `GET /api/v1/units/{unit}/submissions`: send a report, read a unit's history.
struct SubmissionController: Sendable {
    let environment: ServiceEnvironment

    func addRoutes(to group: RouterGroup<TonghopRequestContext>) {
        group.post("submissions", use: submit)
        group.get("units/:unit/submissions", use: history)
    }

    /// The raw file as the body (with its content type) or a multipart form's `file`; 201, 200 (duplicate) or 422.
    @Sendable func submit(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        // Who may submit is known from the token alone: refuse before reading a body that would be thrown away.
        let unit = try SubmissionDesk.submitter(context.caller)
        let upload = try await UploadedFile.from(request, context: context, limit: environment.maxUploadBytes, timeout: environment.bodyTimeout)
        let sender = context.callerToken.map(context.actor) ?? Actor(name: "đơn vị \(unit)", address: context.clientAddress)
        let verdict = try await SubmissionDesk(environment: environment).submit(upload, for: unit, sender: sender, logger: context.logger)
        let (reply, language) = (SubmissionReply(verdict, language: request.language), request.language)
        let status = SubmissionReply.status(of: verdict.verdict)
        guard let written = reply.json(language: language) else { return try jsonResponse(reply, status: status, language: language) }
        return jsonResponse(written: written, status: status, language: language)
    }

    /// Every submission of the unit, superseded ones included; `period` and `schedule` narrow it.
    @Sendable func history(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        let unit = try context.parameters.require("unit")
        guard environment.catalog.registry.unit(unit) != nil else { throw APIError(.notFound, Message(.requestUnknownUnit, ["code": .quoted(unit)])) }
        try context.requireReader(of: unit)
        let (service, period, schedule) = (environment.submissions, request.query("period"), request.query("schedule"))
        let entries = try await onDispatchThread { try service.history(unit: unit, period: period, schedule: schedule) }
        return try jsonResponse(entries)
    }
}
