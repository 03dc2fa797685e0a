import Foundation
import Hummingbird
import TonghopCore
import TonghopService

/// `POST /api/v1/submissions/{id}/review` and `GET /api/v1/submissions/{id}/review`: MoHA's review of a report. Staff
/// only; 404 for an unknown report, 409 for one already replaced or a decision its state does not allow, 400 for a
/// return without a reason.
struct ReviewController: Sendable {
    let environment: ServiceEnvironment

    func addRoutes(to group: RouterGroup<TonghopRequestContext>) {
        group.post("submissions/:id/review", use: decide)
        group.get("submissions/:id/review", use: trail)
    }

    /// The body of a decision.
    struct Decision: Decodable {
        var decision: String
        var reason: String?
        var criteria: [String]?
    }

    /// A report's review: its state, and every decision on it, oldest first.
    struct Trail: Encodable {
        var submission: Int64
        var unit: String
        var schedule: String
        var period: String
        var state: ReviewState
        var replacedBy: Int64?
        var reviews: [Review]
    }

    @Sendable func decide(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        try context.requireStaff()
        let id = try submissionId(context)
        let body = try await request.body.collect(upTo: 64 * 1024)
        guard let decision = try? JSONDecoder().decode(Decision.self, from: body) else { throw APIError(.badRequest, Message(.reviewBodyMalformed)) }
        guard let kind = ReviewDecision(rawValue: decision.decision) else {
            throw APIError(.badRequest, Message(.reviewDecisionUnknown, ["decision": .quoted(decision.decision), "decisions": Self.decisions]))
        }
        // The staff token names the person; the middleware has set it for a bearer token.
        guard let token = context.callerToken else { throw APIError.noToken }
        let (reviews, actor, at) = (environment.reviews, context.actor(token), environment.now())
        let review = try await Self.answering {
            try await onDispatchThread {
                try reviews.decide(id, kind, reason: decision.reason ?? "", criteria: decision.criteria ?? [], by: actor, at: at)
            }
        }
        return try jsonResponse(review, status: .created, language: request.language)
    }

    @Sendable func trail(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        try context.requireStaff()
        let id = try submissionId(context)
        let reviews = environment.reviews
        let trail = try await Self.answering { try await onDispatchThread { try reviews.trail(of: id) } }
        let s = trail.submission
        return try jsonResponse(
            Trail(
                submission: id, unit: s.unitCode, schedule: s.scheduleId, period: s.periodKey, state: trail.reviews.last?.state ?? .received,
                replacedBy: s.supersededById, reviews: trail.reviews), language: request.language)
    }

    private func submissionId(_ context: TonghopRequestContext) throws -> Int64 { try Self.submissionId(try context.parameters.require("id")) }

    /// A report's id as a request names it: a positive whole number, else 404 (no such report can exist).
    static func submissionId(_ text: String) throws -> Int64 {
        guard let id = Int64(text), id > 0 else { throw APIError(.notFound, Message(.reviewIdMalformed, ["id": .quoted(text)])) }
        return id
    }

    static let decisions = MessageArgument.alternatives(ReviewDecision.allCases.map(\.rawValue))

    /// Runs a review and answers a refusal with its status: 404 unknown, 409 replaced or not allowed, 400 otherwise.
    static func answering<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let refusal as ReviewRefusal {
            throw APIError(status(of: refusal), refusal.message)
        }
    }

    static func status(of refusal: ReviewRefusal) -> HTTPResponse.Status {
        switch refusal {
        case .unknownSubmission: .notFound
        case .replaced, .notAllowed, .outOfOrder: .conflict
        case .reasonMissing, .reasonTooLong, .unknownCriterion: .badRequest
        }
    }
}
