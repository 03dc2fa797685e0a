import Foundation
import Hummingbird
import TonghopCore
import TonghopRendering
import TonghopSynthesis

/// `GET /api/v1/synthesis/{schedule}/{period}?format=`: the consolidated report of a period, in any format.
struct SynthesisController: Sendable {
    let environment: ServiceEnvironment

    func addRoutes(to group: RouterGroup<TonghopRequestContext>) {
        group.get("synthesis/:schedule/:period", use: download)
    }

    @Sendable func download(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        try context.requireStaff()
        let formatName = request.query("format") ?? "json"
        guard let format = SynthesisFormat(rawValue: formatName) else {
            throw APIError(.badRequest, "format=\(formatName) is not a synthesis format; the formats are "
                + SynthesisFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let synthesis = try await environment.synthesis(request, context: context, everyValue: format.listsEveryValue)
        let renderer = environment.renderer
        let data = try await offloaded { try renderer.render(synthesis, as: format) }
        let h = synthesis.heading
        return downloadResponse(data, mediaType: format.mediaType, fileName: "tong-hop-\(h.scheduleId)-\(h.periodKey).\(format.rawValue)")
    }
}

extension ServiceEnvironment {
    /// The synthesis of the period the route names (a key, `latest` or `current`), counting what arrived by `asOf`.
    func synthesis(_ request: Request, context: TonghopRequestContext, everyValue: Bool) async throws -> Synthesis {
        let schedule = try schedule(try context.parameters.require("schedule"))
        let asOf = try request.instantQuery("asOf") ?? now()
        let key = try context.parameters.require("period")
        let period: Period
        do { period = try schedule.period(named: key, default: "latest", at: asOf) } catch { throw APIError(error) }
        let builder = SynthesisBuilder(catalog: catalog, settings: synthesisSettings, archive: database)
        return try await offloaded { try builder.build(schedule: schedule, period: period, asOf: asOf, everyValue: everyValue) }
    }
}
