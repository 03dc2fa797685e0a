import Foundation
import TonghopCore

/// The counted reports of a window, one row each, one column per criterion of the template: what the synthesis' parts
/// read, built once from the archive's answers (keyed by submission id) so that each question is an index away.
struct ReportTable: Sendable {
    var criteria: [String]
    /// The counted submissions, one per row, in the order the archive counted them (period, then unit).
    var submissions: [CountedSubmission]
    /// `numbers[row * criteria.count + column]`: a number, yes as 1 and no as 0, or NaN when the value is not a number or absent.
    var numbers: [Double]
    /// The answers of choice, date and text criteria, by `row * criteria.count + column`.
    var texts: [Int: String]
    /// For each row, the field of each difficulty its report raised.
    var difficultyFields: [[String]]

    func number(_ row: Int, _ column: Int) -> Double? {
        let value = numbers[row * criteria.count + column]
        return value.isNaN ? nil : value
    }

    func text(_ row: Int, _ column: Int) -> String? { texts[row * criteria.count + column] }

    /// How many difficulties the row's report raised.
    func difficultyCount(_ row: Int) -> Int { difficultyFields[row].count }

    init(criteria: [String], submissions: [CountedSubmission], numbers: [SubmittedNumbers], texts: [SubmittedText]) {
        self.criteria = criteria
        self.submissions = submissions
        let width = criteria.count
        let columnOf = Dictionary(criteria.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let rowOf = Dictionary(submissions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var flat = [Double](repeating: .nan, count: submissions.count * width)
        var fields = [[String]](repeating: [], count: submissions.count)
        flat.withUnsafeMutableBufferPointer { flat in
            for given in numbers {
                guard let row = rowOf[given.submission] else { continue }
                given.numbers.withUnsafeBufferPointer { numbers in
                    // One copy of the row's numbers: a commune-scale window has a million.
                    let count = min(width, numbers.count)
                    guard count > 0, let source = numbers.baseAddress, let target = flat.baseAddress else { return }
                    (target + row * width).update(from: source, count: count)
                }
                if !given.difficultyFields.isEmpty { fields[row] = given.difficultyFields }
            }
        }
        var byPlace: [Int: String] = [:]
        byPlace.reserveCapacity(texts.count)
        for text in texts {
            if let row = rowOf[text.submission], let c = columnOf[text.criterion] { byPlace[row * width + c] = text.text }
        }
        self.numbers = flat
        self.texts = byPlace
        self.difficultyFields = fields
    }
}

/// A difficulty or recommendation of the synthesized period, with the table row of the report that gave it.
struct RowItem: Sendable {
    var row: Int
    var key: String
    var text: String
}

/// A warning of the synthesized period, with the table row of the report it was stored with.
struct RowWarning: Sendable {
    var row: Int
    var warning: StoredWarning
}

/// The counted reports of a window of periods, indexed for the questions a synthesis asks of them.
struct SynthesisContext: Sendable {
    let catalog: Catalog
    let template: CriteriaTemplate
    let options: ScheduleSynthesisSettings
    /// Period keys, oldest first; the synthesized period is the last.
    let window: [String]
    let table: ReportTable
    /// Table rows by period index in `window`, in the registry's order of units.
    let rowsByPeriod: [[Int]]
    /// The table row of each unit in each period of the window.
    let rowByUnit: [String: [Int?]]
    /// The synthesized period's difficulties and recommendations, in the registry's order of their units, each report's
    /// in the order it gave them.
    let difficultyItems: [RowItem]
    let recommendationItems: [RowItem]
    /// The synthesized period's results, the key being the topic ("" for a single text), in the registry's order of units.
    let resultItems: [RowItem]
    /// The synthesized period's warnings, in the order they were stored (by submission, then as raised).
    let warnings: [RowWarning]

    init(
        catalog: Catalog, template: CriteriaTemplate, options: ScheduleSynthesisSettings, window: [String], table: ReportTable,
        narrative: [Int64: SubmittedNarrative], warnings: [Int64: [StoredWarning]]
    ) {
        self.catalog = catalog
        self.template = template
        self.options = options
        self.window = window
        self.table = table
        let periodIndex = Dictionary(uniqueKeysWithValues: window.enumerated().map { ($1, $0) })
        let unitOrder = Dictionary(catalog.registry.units.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
        var rowsByPeriod = Array(repeating: [Int](), count: window.count)
        var rowByUnit: [String: [Int?]] = [:]
        for (row, submission) in table.submissions.enumerated() {
            guard let p = periodIndex[submission.periodKey] else { continue }
            rowsByPeriod[p].append(row)
            rowByUnit[submission.unitCode, default: Array(repeating: nil, count: window.count)][p] = row
        }
        // Units the registry no longer lists come last, by code (the rows already are in code order).
        let rank = table.submissions.map { unitOrder[$0.unitCode] ?? Int.max }
        self.rowsByPeriod = rowsByPeriod.map { rows in rows.sorted { (rank[$0], $0) < (rank[$1], $1) } }
        self.rowByUnit = rowByUnit
        let current = self.rowsByPeriod[window.count - 1]
        var difficulties: [RowItem] = []
        var recommendations: [RowItem] = []
        var results: [RowItem] = []
        for row in current {
            guard let given = narrative[table.submissions[row].id] else { continue }
            results += given.results.map { RowItem(row: row, key: $0.topic, text: $0.text) }
            difficulties += given.difficulties.map { RowItem(row: row, key: $0.key, text: $0.text) }
            recommendations += given.recommendations.map { RowItem(row: row, key: $0.key, text: $0.text) }
        }
        difficultyItems = difficulties
        recommendationItems = recommendations
        resultItems = results
        self.warnings = current.sorted { table.submissions[$0].id < table.submissions[$1].id }.flatMap { row in
            (warnings[table.submissions[row].id] ?? []).map { RowWarning(row: row, warning: $0) }
        }
    }

    var current: Int { window.count - 1 }

    /// The table rows of one period of the window.
    func rows(of periodKey: String) -> [Int] {
        window.lastIndex(of: periodKey).map { rowsByPeriod[$0] } ?? []
    }

    func unit(ofRow row: Int) -> UnitRef { unitRef(table.submissions[row].unitCode) }

    func unitRef(_ code: String) -> UnitRef { UnitRef(code: code, name: catalog.registry.unit(code)?.name ?? code) }

    func header(_ criterion: Criterion) -> CriterionHeader {
        CriterionHeader(id: criterion.id, label: criterion.label, unitOfMeasure: criterion.unitOfMeasure, type: criterion.type)
    }

    func column(_ criterionId: String) -> Int? { template.position(of: criterionId) }

    // MARK: - Consolidation

    /// A criterion consolidated over some rows as the template says, and how many rows had a value.
    func aggregate(_ criterion: Criterion, rows: [Int]) -> (value: Double?, units: Int) {
        guard let column = column(criterion.id) else { return (nil, 0) }
        if criterion.aggregation == .distribution {
            return (nil, rows.filter { table.text($0, column) != nil }.count)
        }
        var values: [Double] = []
        values.reserveCapacity(rows.count)
        for row in rows { if let v = table.number(row, column) { values.append(v) } }
        guard !values.isEmpty else { return (nil, 0) }
        let value: Double? =
            switch criterion.aggregation {
            case .sum: values.reduce(0, +)
            case .mean: values.reduce(0, +) / Double(values.count)
            case .min: values.min()
            case .max: values.max()
            case .countYes: Double(values.filter { $0 == 1 }.count)
            case .countNo: Double(values.filter { $0 == 0 }.count)
            case .distribution, .none: nil
            }
        return (value, values.count)
    }

    /// How many rows gave each of a choice criterion's answers (compared without regard to case).
    func distribution(_ criterion: Criterion, rows: [Int]) -> [String: Int] {
        guard let column = column(criterion.id) else { return [:] }
        let canonical = Dictionary(criterion.choices.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var counts: [String: Int] = [:]
        for row in rows {
            guard let text = table.text(row, column) else { continue }
            counts[canonical[text.lowercased()] ?? text, default: 0] += 1
        }
        return counts
    }

    /// The table rows of the units that reported in both the synthesized period and the one before: (now, before).
    func rowsInBothPeriods() -> [(now: Int, before: Int)] {
        guard current > 0 else { return [] }
        return rowsByPeriod[current].compactMap { row in
            (rowByUnit[table.submissions[row].unitCode]?[current - 1] ?? nil).map { (row, $0) }
        }
    }

    /// Whether a row holds an answer to a column: a number, or a text for the criteria consolidated as a distribution.
    private func answers(_ row: Int, _ column: Int) -> Bool { table.number(row, column) != nil || table.text(row, column) != nil }

    func figures() -> [FigureGroup] {
        let now = rowsByPeriod[current]
        let before = current > 0 ? rowsByPeriod[current - 1] : []
        let both = rowsInBothPeriods()
        return template.groups.compactMap { group in
            let figures = template.criteria.filter { $0.group == group.id && $0.aggregation != .none }.map { criterion in
                let (value, units) = aggregate(criterion, rows: now)
                let (previous, previousUnits) = aggregate(criterion, rows: before)
                // Like for like: the same units on both sides, each of which answered both times.
                let column = column(criterion.id)
                let paired = column.map { c in both.filter { answers($0.now, c) && answers($0.before, c) } } ?? []
                let (comparable, _) = aggregate(criterion, rows: paired.map(\.now))
                let (comparablePrevious, _) = aggregate(criterion, rows: paired.map(\.before))
                var figure = Figure(
                    criterionId: criterion.id, label: criterion.label, unitOfMeasure: criterion.unitOfMeasure, type: criterion.type,
                    aggregation: criterion.aggregation, better: criterion.better, value: value, previous: previous, change: nil,
                    changePercent: nil,
                    units: units, previousUnits: previousUnits, comparableUnits: paired.count, comparableValue: comparable,
                    comparablePrevious: comparablePrevious, distribution: nil)
                if let comparable, let comparablePrevious {
                    figure.change = comparable - comparablePrevious
                    figure.changePercent = comparablePrevious == 0 ? nil : (comparable - comparablePrevious) / abs(comparablePrevious) * 100
                }
                if criterion.aggregation == .distribution {
                    let counts = distribution(criterion, rows: now)
                    let earlier = distribution(criterion, rows: before)
                    let others = Set(counts.keys).union(earlier.keys).subtracting(criterion.choices).sorted()
                    figure.distribution = (criterion.choices + others).map {
                        ChoiceCount(choice: $0, count: counts[$0] ?? 0, previousCount: earlier[$0] ?? 0)
                    }
                }
                return figure
            }
            return figures.isEmpty ? nil : FigureGroup(id: group.id, label: group.label, figures: figures)
        }
    }

    func trend(periods: Int) -> Trend {
        let shown = Array(window.indices.suffix(periods))
        let series = options.trendCriteria.compactMap { id -> TrendSeries? in
            guard let criterion = template.criterion(id) else { return nil }
            let points = shown.map { p in
                let (value, units) = aggregate(criterion, rows: rowsByPeriod[p])
                return TrendPoint(periodKey: window[p], value: value, units: units)
            }
            return TrendSeries(
                criterionId: id, label: criterion.label, unitOfMeasure: criterion.unitOfMeasure, aggregation: criterion.aggregation,
                points: points)
        }
        return Trend(periods: shown.map { window[$0] }, series: series)
    }

    // MARK: - Units

    func unitTable(board: StatusBoard) -> UnitTable {
        let key = options.keyCriteria.compactMap { template.criterion($0) }
        let current = self.current
        var recommendations: [Int: Int] = [:]
        for item in recommendationItems { recommendations[item.row, default: 0] += 1 }
        var warningsByUnit: [String: Int] = [:]
        for warning in warnings { warningsByUnit[table.submissions[warning.row].unitCode, default: 0] += 1 }
        let rows = board.units.map { status in
            let row = rowByUnit[status.code]?[current] ?? nil
            let values: [ReportedValue?] = key.map { criterion in
                guard let row, let column = column(criterion.id) else { return nil }
                if let number = table.number(row, column) { return .number(number) }
                return table.text(row, column).map { .text($0) }
            }
            return UnitRow(
                unit: UnitRef(code: status.code, name: status.name), state: status.state, reportedAt: status.reportedAt, values: values,
                difficulties: row.map { table.difficultyCount($0) } ?? 0, recommendations: row.map { recommendations[$0] ?? 0 } ?? 0,
                warnings: warningsByUnit[status.code] ?? 0)
        }
        return UnitTable(criteria: key.map(header), rows: rows)
    }

    func attention() -> Attention {
        let now = rowsByPeriod[current]
        let shortfalls = options.shortfalls.compactMap { definition -> ShortfallGroup? in
            guard let target = template.criterion(definition.target), let actual = template.criterion(definition.actual),
                let t = column(target.id), let a = column(actual.id)
            else { return nil }
            let units = now.compactMap { row -> Shortfall? in
                guard let need = table.number(row, t), let have = table.number(row, a), need > 0, need > have else { return nil }
                return Shortfall(unit: unit(ofRow: row), target: need, actual: have, gap: need - have, gapPercent: (need - have) / need * 100)
            }
            .sorted { ($0.gapPercent, $0.gap, $1.unit.code) > ($1.gapPercent, $1.gap, $0.unit.code) }
            return ShortfallGroup(
                id: definition.id, label: definition.label, target: header(target), actual: header(actual),
                units: Array(units.prefix(Self.listed)))
        }
        return Attention(shortfalls: shortfalls, rises: rises())
    }

    /// How many units each attention list names.
    static let listed = 5

    private func rises() -> [Rise] {
        guard current > 0 else { return [] }
        let indicators = options.difficultyIndicators.compactMap { template.criterion($0) }
        var rises: [Rise] = []
        for (code, rows) in rowByUnit {
            guard let now = rows[current], let before = rows[current - 1] else { continue }
            // An indicator gets worse when it rises, unless the template says higher is better (then when it falls).
            var pairs: [(String, LocalizedText, Direction, Double?, Double?)] = indicators.map { criterion in
                let c = column(criterion.id)!
                return (criterion.id, criterion.label, criterion.better, table.number(before, c), table.number(now, c))
            }
            pairs.append(
                (
                    "difficulties", LocalizedText(vi: "Số khó khăn, vướng mắc nêu trong báo cáo", en: "Difficulties raised in the report"),
                    .lower, Double(table.difficultyCount(before)), Double(table.difficultyCount(now))
                ))
            for (id, label, better, previous, value) in pairs {
                guard let previous, let value, value != previous, better == .higher ? value < previous : value > previous else { continue }
                rises.append(
                    Rise(
                        unit: unitRef(code), indicator: id, label: label, previous: previous, current: value, change: value - previous,
                        changePercent: previous == 0 ? nil : (value - previous) / previous * 100))
            }
        }
        // Relative to the previous value (at least 1), so that a small unit doubling its problems shows beside a large one.
        func score(_ rise: Rise) -> Double { abs(rise.change) / max(rise.previous, 1) }
        return Array(
            rises.sorted {
                (score($0), abs($0.change), $1.unit.code, $1.indicator) > (score($1), abs($1.change), $0.unit.code, $0.indicator)
            }
            .prefix(Self.listed * 2))
    }

    // MARK: - Data quality

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
            var explanation = rule.message.vi
            while explanation.hasSuffix(".") { explanation.removeLast() }
            return explanation + " (" + given.joined(separator: "; ") + ")."
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
        var earlier = [Double](repeating: 0, count: history.count)
        var deviations = earlier
        var historyRows: [Int] = []
        historyRows.reserveCapacity(history.count)
        let width = table.criteria.count
        let numbers = table.numbers
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
                let middle = median(&earlier, count: count)
                for i in 0..<count { deviations[i] = abs(earlier[i] - middle) }
                let spread = max(1.4826 * median(&deviations, count: count), abs(middle) / 10, 1)
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
        return found.sorted { (abs($0.score), $1.unit.code, $1.criterionId) > (abs($1.score), $0.unit.code, $0.criterionId) }
    }

    // MARK: - Values

    func tidyValues() -> [TidyValue] {
        let period = window[current]
        let rows = rowsByPeriod[current]
        // The criteria's ids and types taken out once: copying a criterion per value was a fifth of the time.
        let ids = template.criteria.map(\.id)
        let isYesNo = template.criteria.map { $0.type == .yesNo }
        var values: [TidyValue] = []
        values.reserveCapacity(rows.count * ids.count)
        for row in rows {
            let unit = unit(ofRow: row)
            for c in ids.indices {
                let value: CriterionValue? =
                    if let number = table.number(row, c) {
                        isYesNo[c] ? .yesNo(number == 1) : .number(number)
                    } else {
                        table.text(row, c).map(CriterionValue.text)
                    }
                if let value { values.append(TidyValue(unit: unit.code, unitName: unit.name, period: period, criterion: ids[c], value: value)) }
            }
        }
        return values
    }
}

/// The middle value of the first `count` of `values` (the mean of the two middle ones for an even count), sorting them in
/// place: by insertion, the fastest way for the handful of numbers of a unit's recent history.
func median(_ values: inout [Double], count: Int) -> Double {
    values.withUnsafeMutableBufferPointer { v in
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
}
