import Foundation
import Hummingbird
import TonghopCore
import TonghopService

/// `GET /synthesis/S/P`: the HTML synthesis of a period, with links to its other formats.
struct SynthesisPage: Sendable {
    let environment: ServiceEnvironment

    @Sendable func show(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        try context.requireStaff()
        let synthesis = try await environment.synthesis(request, context: context) { syntheses, schedule, period, asOf in
            try syntheses.synthesis(schedule, period: period, asOf: asOf, everyValue: false)
        }
        let h = synthesis.heading
        let (renderer, asOf) = (environment.renderer, request.query("asOf"))
        let html = try await onDispatchThread {
            try renderer.page(
                synthesis, downloads: PageRoutes.downloads(scheduleId: h.scheduleId, periodKey: h.periodKey, asOf: asOf),
                boardHref: "/board?schedule=\(h.scheduleId)&period=\(h.periodKey)")
        }
        return htmlResponse(html)
    }
}
