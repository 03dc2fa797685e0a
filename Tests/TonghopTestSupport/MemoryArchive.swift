import Foundation
import TonghopCore

/// The archive of submissions in memory: the synthesis' questions answered from plain arrays, by the same storing rule
/// as the database (`StoringDecision`). The tests check the figures through it as well as through SQLite, which keeps
/// `SubmissionArchive` a seam another backend can implement.
public final class MemoryArchive: SubmissionArchive, @unchecked Sendable {
    /// One stored report and what it said.
    struct Stored {
        var id: Int64
        var report: CheckedReport
        var sha256: String
        var receivedAt: Date
        var supersededBy: Int64?
    }

    private var stored: [Stored] = []
    private let lock = NSLock()

    public init() {}

    /// Stores a checked report received at `receivedAt`, as `TonghopDatabase.store` would; returns what it decided.
    @discardableResult
    public func store(_ report: CheckedReport, sha256: String, receivedAt: Date) -> StoringDecision {
        lock.withLock {
            let history = stored.indices.filter { stored[$0].report.unit.code == report.unit.code && stored[$0].report.period == report.period }
            let current = history.first { stored[$0].supersededBy == nil }
            let same = history.first { stored[$0].sha256 == sha256 && stored[$0].receivedAt == receivedAt }
            let decision = StoringDecision.decide(
                sha256: sha256, receivedAt: receivedAt,
                current: current.map { .init(id: stored[$0].id, sha256: stored[$0].sha256, receivedAt: stored[$0].receivedAt) },
                sameReceipt: same.map { (stored[$0].id, stored[$0].supersededBy == nil) })
            guard decision.stores else { return decision }
            let id = Int64(stored.count + 1)
            stored.append(Stored(id: id, report: report, sha256: sha256, receivedAt: receivedAt))
            switch decision {
            case .supersedes(let replaced): stored[Int(replaced - 1)].supersededBy = id
            case .keptBehind(let counting): stored[Int(id - 1)].supersededBy = counting
            default: break
            }
            return decision
        }
    }

    private var all: [Stored] { lock.withLock { stored } }

    private func submission(_ id: Int64) -> Stored? {
        let all = self.all
        return id >= 1 && id <= Int64(all.count) ? all[Int(id - 1)] : nil
    }

    public func countedSubmissions(schedule: String, periods: [String], asOf: Date) throws -> [CountedSubmission] {
        var latest: [String: Stored] = [:]
        for entry in all where entry.report.period.scheduleId == schedule && periods.contains(entry.report.period.key) && entry.receivedAt <= asOf {
            let key = entry.report.period.key + "\t" + entry.report.unit.code
            if let known = latest[key], (known.receivedAt, known.id) > (entry.receivedAt, entry.id) { continue }
            latest[key] = entry
        }
        return latest.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { _, entry in
            CountedSubmission(
                id: entry.id, unitCode: entry.report.unit.code, periodKey: entry.report.period.key, receivedAt: entry.receivedAt,
                templateVersion: entry.report.templateVersion)
        }
    }

    public func reportTimes(schedule: String, period: String, asOf: Date) throws -> [String: UnitReportTimes] {
        var times: [String: UnitReportTimes] = [:]
        let received = all.filter { $0.report.period.scheduleId == schedule && $0.report.period.key == period && $0.receivedAt <= asOf }
        for entry in received.sorted(by: { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) }) {
            let code = entry.report.unit.code
            if var known = times[code] {
                known.currentSubmissionId = entry.id
                known.currentReceivedAt = entry.receivedAt
                known.submissionCount += 1
                times[code] = known
            } else {
                times[code] = UnitReportTimes(
                    unitCode: code, firstReceivedAt: entry.receivedAt, currentSubmissionId: entry.id,
                    currentReceivedAt: entry.receivedAt, submissionCount: 1)
            }
        }
        return times
    }

    public func numbers(of submissions: [Int64], criteria: [String]) throws -> [SubmittedNumbers] {
        submissions.compactMap(submission).map { entry in
            let given = Dictionary(entry.report.values.map { ($0.criterionId, $0.value.numeric) }, uniquingKeysWith: { first, _ in first })
            return SubmittedNumbers(
                submission: entry.id, numbers: criteria.map { (given[$0] ?? nil) ?? .nan },
                difficultyFields: entry.report.difficulties.map(\.field))
        }
    }

    public func texts(of submissions: [Int64], criteria: [String]) throws -> [SubmittedText] {
        submissions.compactMap(submission).flatMap { entry in
            entry.report.values.compactMap { value in
                guard criteria.contains(value.criterionId), let text = value.value.textual else { return nil }
                return SubmittedText(submission: entry.id, criterion: value.criterionId, text: text)
            }
        }
    }

    public func narrative(of submissions: [Int64]) throws -> [Int64: SubmittedNarrative] {
        var result: [Int64: SubmittedNarrative] = [:]
        for id in submissions {
            guard let entry = submission(id) else { continue }
            let report = entry.report
            let results = report.results.isEmpty ? report.topicResults : [TopicText(topic: "", text: report.results)] + report.topicResults
            guard !(results.isEmpty && report.difficulties.isEmpty && report.recommendations.isEmpty) else { continue }
            result[id] = SubmittedNarrative(
                results: results,
                difficulties: entry.report.difficulties.map { NarrativeItem(key: $0.field, text: $0.text) },
                recommendations: entry.report.recommendations.map { NarrativeItem(key: $0.addresseesKey, text: $0.text) })
        }
        return result
    }

    public func warnings(of submissions: [Int64]) throws -> [Int64: [StoredWarning]] {
        var result: [Int64: [StoredWarning]] = [:]
        for id in submissions {
            guard let entry = submission(id), !entry.report.warnings.isEmpty else { continue }
            result[id] = entry.report.warnings.map(StoredWarning.init)
        }
        return result
    }

    public func taskReports(receivedBy instant: Date, unit: String?) throws -> [TaskReport] {
        all.filter { $0.receivedAt <= instant && (unit == nil || $0.report.unit.code == unit) }
            .sorted { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) }
            .flatMap { entry in
                entry.report.taskProgress.map {
                    TaskReport(
                        submissionId: entry.id, unitCode: entry.report.unit.code, periodKey: entry.report.period.key, receivedAt: entry.receivedAt,
                        progress: $0)
                }
            }
    }
}
