import Foundation
import TonghopCore
import TonghopStore

/// What one run of the late check found, as the cron job prints it and as it is POSTed to a webhook.
public struct LateNotice: Sendable, Encodable {
    /// One flag, with the unit's name.
    public struct Flag: Sendable, Encodable {
        public var unit: String
        public var unitName: String
        public var schedule: String
        public var period: String
        public var deadline: Date
        public var flaggedAt: Date
        public var resolvedAt: Date?
    }

    public var event = "late-reports"
    public var at: Date
    public var newlyFlagged: [Flag]
    public var newlyResolved: [Flag]
    public var outstanding: [Flag]

    public init(at: Date, result: LateCheckResult, registry: UnitRegistry) {
        func flags(_ list: [LateFlag]) -> [Flag] {
            list.map {
                Flag(
                    unit: $0.unitCode, unitName: registry.unit($0.unitCode)?.name ?? $0.unitCode, schedule: $0.scheduleId,
                    period: $0.periodKey, deadline: $0.deadline, flaggedAt: $0.flaggedAt, resolvedAt: $0.resolvedAt)
            }
        }
        self.at = at
        newlyFlagged = flags(result.newlyFlagged)
        newlyResolved = flags(result.newlyResolved)
        outstanding = flags(result.outstanding)
    }

    /// The notice as the webhook receives it: compact JSON, keys sorted, instants in ISO 8601.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    /// Sends the notice to a webhook when anything was newly flagged; nil when there was nothing to send.
    public func notify(_ url: URL) async throws -> WebhookNotifier.Outcome? {
        guard !newlyFlagged.isEmpty else { return nil }
        return await WebhookNotifier(url: url).post(try json())
    }

    /// One line per schedule and period: "province-weekly 2025-W46 (deadline ...): 3 units: HN, HP, CT".
    public static func grouped(_ flags: [Flag]) -> [String] {
        var order: [String] = []
        var groups: [String: [Flag]] = [:]
        for flag in flags {
            let key = "\(flag.schedule) \(flag.period)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(flag)
        }
        return order.map { key in
            let list = groups[key]!
            return "\(key) (deadline \(VietnamTime.format(list[0].deadline))): \(list.count) unit\(list.count == 1 ? "" : "s"): "
                + list.map(\.unit).joined(separator: ", ")
        }
    }
}
