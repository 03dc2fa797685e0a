import Foundation
import TonghopCore

// The data-quality notes: the warnings of the counted reports, and the values far outside a unit's history.
extension SynthesisContext {
    /// The counted reports of the period that are returned for correction, in the registry's order of units.
    func returnedReports() -> [ReturnedReport] {
        rowsByPeriod[current].compactMap { row in
            guard let review = reviews[row], review.state == .returned else { return nil }
            let criteria = review.criteria.map { id in CriterionRef(id: id, label: template.criterion(id)?.label ?? LocalizedText(vi: id, en: id)) }
            return ReturnedReport(
                unit: unit(ofRow: row), submissionId: table.submissions[row].id, reason: review.reason, criteria: criteria, returnedAt: review.at,
                by: review.by, correctionDue: review.correctionDue)
        }
    }

    /// The period's warnings as the data-quality section lists them.
    /// The warnings of the counted reports but those of tasks left unreported, which the section on tasks counts.
    func notes() -> [WarningNote] {
        warnings.filter { $0.warning.code != IssueCode.taskUnreported.rawValue }.map { item in
            let w = item.warning
            return WarningNote(
                unit: unit(ofRow: item.row), code: w.code, criterionId: w.criterionId, location: w.location, message: w.message,
                text: noteText(w, row: item.row))
        }
    }

    /// A warning in an official's words. A broken rule is said again from the template, with the values the unit gave
    /// named by their labels; any other warning is the stored message without the ids it quotes for the unit's officer.
    private func noteText(_ warning: StoredWarning, row: Int) -> String {
        func label(_ id: String) -> String { template.criterion(id)?.label.vi ?? id }
        func value(_ id: String) -> Double? { column(id).flatMap { table.number(row, $0) } }
        if warning.code == IssueCode.ruleViolated.rawValue,
            let rule = template.rules.first(where: {
                $0.severity == .warning && $0.left.criterionIds.first == warning.criterionId && $0.holds(value) == false
            })
        {
            let given = rule.criterionIds.map { id in "\(label(id)): \(value(id).map { Language.vi.number($0) } ?? "không có")" }
            return rule.message.vi.withoutFinalStop + " (" + given.joined(separator: "; ") + ")."
        }
        guard let id = warning.criterionId else { return warning.message }
        return warning.message.replacingOccurrences(of: " [\(id)]", with: "")
    }

    /// Values far from the median of the unit's own last periods, measured in robust deviations (1.4826 × the median
    /// absolute deviation, at least a tenth of the median and at least 1, so a perfectly steady history does not make
    /// every small change an outlier).
    func outliers() -> [Outlier] {
        let settings = options.outliers
        // Columns only in the loop: a criterion is a large value, and copying one per unit and criterion cost more than the
        // medians.
        let criteria = template.criteria.filter { $0.type.isNumeric && $0.aggregation != .none }
        let columns = criteria.map { column($0.id)! }
        let history = Array(max(0, current - settings.history)..<current)
        var found: [Outlier] = []
        // Buffers reused for every (unit, criterion): a commune-scale week asks for a hundred thousand medians of a
        // handful of numbers, and making arrays for them cost more than the arithmetic.
        var earlierBuffer = [Double](repeating: 0, count: history.count)
        var deviationsBuffer = earlierBuffer
        var historyRows: [Int] = []
        historyRows.reserveCapacity(history.count)
        let width = table.criteria.count
        // Read and written through buffers: a hundred thousand (unit, criterion) pairs, each of whose writes into an array
        // asked whether it was shared (a million times), were most of finding the outliers.
        table.numbers.withUnsafeBufferPointer { numbers in
            earlierBuffer.withUnsafeMutableBufferPointer { earlier in
                deviationsBuffer.withUnsafeMutableBufferPointer { deviations in
                    for row in rowsByPeriod[current] {
                        let code = table.submissions[row].unitCode
                        guard let rows = rowByUnit[code] else { continue }
                        historyRows.removeAll(keepingCapacity: true)
                        for p in history { if let r = rows[p] { historyRows.append(r * width) } }
                        guard historyRows.count >= settings.minimumHistory else { continue }
                        for (k, c) in columns.enumerated() {
                            let value = numbers[row * width + c]
                            guard !value.isNaN else { continue }
                            var count = 0
                            for start in historyRows where !numbers[start + c].isNaN {
                                earlier[count] = numbers[start + c]
                                count += 1
                            }
                            guard count > 0, count >= settings.minimumHistory else { continue }
                            let middle = median(earlier, count: count)
                            // The spread is at least a tenth of the median and at least 1: a value within the threshold of
                            // that is no outlier whatever its history's deviations, whose median is then not needed.
                            guard abs(value - middle) / max(abs(middle) / 10, 1) > settings.threshold else { continue }
                            for i in 0..<count { deviations[i] = abs(earlier[i] - middle) }
                            let spread = max(1.4826 * median(deviations, count: count), abs(middle) / 10, 1)
                            let score = (value - middle) / spread
                            guard abs(score) > settings.threshold else { continue }
                            let criterion = criteria[k]
                            found.append(
                                Outlier(
                                    unit: unitRef(code), criterionId: criterion.id, label: criterion.label, value: value, median: middle,
                                    low: max(criterion.effectiveBounds.min ?? -.infinity, middle - settings.threshold * spread),
                                    high: min(criterion.effectiveBounds.max ?? .infinity, middle + settings.threshold * spread),
                                    historyCount: count, score: score))
                        }
                    }
                }
            }
        }
        return found.sorted { (abs($0.score), $1.unit.code, $1.criterionId) > (abs($1.score), $0.unit.code, $0.criterionId) }
    }
}

/// The middle value of the first `count` of `v` (the mean of the two middle ones for an even count), sorting them in
/// place: by insertion, the fastest way for the handful of numbers of a unit's recent history.
func median(_ v: UnsafeMutableBufferPointer<Double>, count: Int) -> Double {
    for i in 1..<max(count, 1) {
        let x = v[i]
        var j = i
        while j > 0, v[j - 1] > x {
            v[j] = v[j - 1]
            j -= 1
        }
        v[j] = x
    }
    let mid = count / 2
    return count % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2
}
