import Foundation
import Hummingbird
import TonghopCore
import TonghopRendering
import TonghopService
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
            throw APIError(
                .badRequest,
                Message(.apiNoSynthesisFormat, ["format": .quoted(formatName), "formats": .list(SynthesisFormat.allCases.map(\.rawValue))]))
        }
        let (synthesis, data) = try await environment.synthesis(request, context: context) { syntheses, schedule, period, asOf in
            try syntheses.document(schedule, period: period, asOf: asOf, format: format)
        }
        let h = synthesis.heading
        return downloadResponse(data, mediaType: format.mediaType, fileName: "tong-hop-\(h.scheduleId)-\(h.periodKey).\(format.rawValue)")
    }
}

extension ServiceEnvironment {
    /// What `make` makes of the synthesis use case for the period the route names (a key, `latest` or `current`),
    /// counting what arrived by `asOf` (default now); off the request's thread.
    func synthesis<T: Sendable>(
        _ request: Request, context: TonghopRequestContext,
        _ make: @escaping @Sendable (Syntheses, Schedule, String, Date) throws -> T
    ) async throws -> T {
        let schedule = try schedule(try context.parameters.require("schedule"))
        let asOf = try request.instantQuery("asOf") ?? now()
        let key = try context.parameters.require("period")
        let syntheses = self.syntheses
        do {
            return try await onDispatchThread { try make(syntheses, schedule, key, asOf) }
        } catch let error as RequestError {
            throw APIError(error)
        }
    }
}
