import Foundation
import Testing
import TonghopCore
import TonghopStore
import TonghopTestSupport

/// The two stores every use case is tested against: SQLite (in memory) and the in-memory `MemoryStore`. A test that runs
/// with both shows that the use cases need nothing of a store but the core's `Storage` protocols.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case memory

    func make() throws -> any Storage {
        switch self {
        case .sqlite: try TonghopDatabase.inMemory()
        case .memory: MemoryStore()
        }
    }

    var testDescription: String { rawValue }
}

/// Every stored warning, by the submission it belongs to (unit, period, file's SHA-256, time of receipt), read through the
/// protocols alone.
func storedWarnings(_ storage: any Storage, units: [String] = catalog.registry.units.map(\.code)) throws -> [String: [String]] {
    var byReport: [String: [String]] = [:]
    for unit in units {
        let history = try storage.history(unit: unit)
        let warnings = try storage.warnings(of: history.map(\.id))
        for submission in history {
            let key = [unit, submission.periodKey, submission.sha256, "\(submission.receivedAt.timeIntervalSince1970)"].joined(separator: " ")
            for warning in warnings[submission.id] ?? [] { byReport[key, default: []].append(warning.code + ": " + warning.message) }
        }
    }
    return byReport
}
