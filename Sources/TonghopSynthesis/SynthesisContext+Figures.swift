import Foundation
import TonghopCore

// The national figures of the period, their like-for-like change, and the trend over the window.
extension SynthesisContext {
    /// A criterion consolidated over some rows as the template says, and how many rows had a value.
    func aggregate(_ criterion: Criterion, rows: [Int]) -> (value: Double?, units: Int) {
        guard let column = column(criterion.id) else { return (nil, 0) }
        if criterion.aggregation == .distribution {
            return (nil, rows.filter { table.text($0, column) != nil }.count)
        }
        if let parts = criterion.ratioOf {
            // The ratio of the sums over the units that gave both parts: the table's own totals, not a mean of rates.
            guard let n = self.column(parts.numerator), let d = self.column(parts.denominator) else { return (nil, 0) }
            var (numerator, denominator, units) = (0.0, 0.0, 0)
            for row in rows {
                guard let a = table.number(row, n), let b = table.number(row, d) else { continue }
                (numerator, denominator, units) = (numerator + a, denominator + b, units + 1)
            }
            return (denominator > 0 ? numerator / denominator * 100 : nil, units)
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
            case .distribution, .ratio, .none: nil
            }
        return (value, values.count)
    }

    /// How many rows gave each of a choice criterion's answers (compared without regard to case).
    func distribution(_ criterion: Criterion, rows: [Int]) -> [String: Int] {
        guard let column = column(criterion.id) else { return [:] }
        let canonical = Dictionary(criterion.choices.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        // An answer written as a choice is, nearly always, the choice itself: found as it is before it is lower-cased
        // (lower-casing Vietnamese text, per answer, was a third of the figures' time).
        let asWritten = Dictionary(criterion.choices.map { ($0, canonical[$0.lowercased()] ?? $0) }, uniquingKeysWith: { first, _ in first })
        var counts: [String: Int] = [:]
        for row in rows {
            guard let text = table.text(row, column) else { continue }
            counts[asWritten[text] ?? canonical[text.lowercased()] ?? text, default: 0] += 1
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

    /// The columns a criterion is answered in as it is consolidated: both parts of a rate (nil when the template lacks
    /// one), else its own. Found once per criterion, not once per row: looked up for each row of the periods compared,
    /// they were a tenth of the figures' time.
    private func answerColumns(_ criterion: Criterion, _ column: Int) -> [Int]? {
        guard let parts = criterion.ratioOf else { return [column] }
        guard let numerator = self.column(parts.numerator), let denominator = self.column(parts.denominator) else { return nil }
        return [numerator, denominator]
    }

    /// Whether a row answers a criterion in `columns` (see `answerColumns`): a rate's both parts as numbers, else its own.
    private func answers(_ row: Int, _ criterion: Criterion, _ columns: [Int]?) -> Bool {
        guard let columns else { return false }
        guard criterion.ratioOf == nil else { return columns.allSatisfy { table.number(row, $0) != nil } }
        return answers(row, columns[0])
    }

    func figures(outliers: [Outlier] = []) -> [FigureGroup] {
        let flagged = Set(outliers.map { $0.unit.code + "\t" + $0.criterionId })
        let now = rowsByPeriod[current]
        let before = current > 0 ? rowsByPeriod[current - 1] : []
        let both = rowsInBothPeriods()
        return template.groups.compactMap { group in
            let figures = template.criteria.filter { $0.group == group.id && $0.aggregation != .none }.map { criterion in
                let (value, units) = aggregate(criterion, rows: now)
                let (previous, previousUnits) = aggregate(criterion, rows: before)
                // Like for like: the same units on both sides, each of which answered both times.
                let columns = column(criterion.id).map { answerColumns(criterion, $0) }
                let paired = columns.map { c in both.filter { answers($0.now, criterion, c) && answers($0.before, criterion, c) } } ?? []
                let (comparable, _) = aggregate(criterion, rows: paired.map(\.now))
                let (comparablePrevious, _) = aggregate(criterion, rows: paired.map(\.before))
                var figure = Figure(
                    criterionId: criterion.id, label: criterion.label, unitOfMeasure: criterion.unitOfMeasure, type: criterion.type,
                    aggregation: criterion.aggregation, better: criterion.better, value: value, previous: previous, change: nil,
                    changePercent: nil,
                    units: units, previousUnits: previousUnits, comparableUnits: paired.count, comparableValue: comparable,
                    comparablePrevious: comparablePrevious, distribution: nil, swing: nil)
                if let comparable, let comparablePrevious {
                    figure.change = comparable - comparablePrevious
                    figure.changePercent = comparablePrevious == 0 ? nil : (comparable - comparablePrevious) / abs(comparablePrevious) * 100
                }
                // A change that is rounding (means of equal values), or too small to show at one decimal, is no change to explain.
                if let change = figure.change, abs(change) > 1e-9 * max(abs(comparablePrevious ?? 0), 1), abs(change) >= 0.05 {
                    figure.swing = swing(of: criterion, change: change, paired: paired, flagged: flagged)
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

    /// The unit in doubt (its report returned, or its value an outlier) whose own change makes more than half of a sum's or
    /// a mean's like-for-like `change`, if one does, and the change over the other units.
    private func swing(of criterion: Criterion, change: Double, paired: [(now: Int, before: Int)], flagged: Set<String>) -> FigureSwing? {
        guard criterion.aggregation == .sum || criterion.aggregation == .mean, paired.count > 1, let c = column(criterion.id) else { return nil }
        // A unit's part of the change is its own change (over the count of units for a mean): the parts add up to it.
        let divisor = criterion.aggregation == .mean ? Double(paired.count) : 1
        var best: (pair: (now: Int, before: Int), cause: FigureSwing.Cause, change: Double, share: Double)?
        for pair in paired {
            guard let now = table.number(pair.now, c), let before = table.number(pair.before, c) else { continue }
            let share = (now - before) / divisor / change * 100
            // The cause asked only of a unit that would swing the figure: making its key for each of 3,300 units and 30
            // criteria was most of the figures' time.
            guard share > 50, share > best?.share ?? 0 else { continue }
            let code = table.submissions[pair.now].unitCode
            let cause: FigureSwing.Cause? =
                reviews[pair.now]?.state == .returned ? .returned : flagged.contains(code + "\t" + criterion.id) ? .outlier : nil
            if let cause { best = (pair, cause, (now - before) / divisor, share) }
        }
        guard let best else { return nil }
        let others = paired.filter { $0.now != best.pair.now }
        let (without, _) = aggregate(criterion, rows: others.map(\.now))
        let (previousWithout, _) = aggregate(criterion, rows: others.map(\.before))
        let changeWithout = without.flatMap { now in previousWithout.map { now - $0 } }
        return FigureSwing(
            unit: unit(ofRow: best.pair.now), cause: best.cause, unitChange: best.change, share: best.share, changeWithout: changeWithout,
            changePercentWithout: changeWithout.flatMap { delta in previousWithout.flatMap { $0 == 0 ? nil : delta / abs($0) * 100 } })
    }

    /// The trend criteria over the last `periods` periods, over the same units: those that reported in every period shown,
    /// so that a unit missing one week does not read as a national fall. With no such unit (a window of new units), each
    /// period's figure over those that reported then, with their number.
    func trend(periods: Int) -> Trend {
        // The periods shown, from the first one anybody reported in: months before the first report are no trend.
        let shown = Array(window.indices.suffix(periods).drop { rowsByPeriod[$0].isEmpty })
        var sameUnits = Set(rowByUnit.filter { _, rows in shown.allSatisfy { rows[$0] != nil } }.keys)
        // Over too few of the units that report now, a trend says little of the country: each period's figure over those
        // that reported then, with their number, says more.
        if shown.isEmpty || Double(sameUnits.count) < 0.8 * Double(rowsByPeriod[current].count) { sameUnits = [] }
        // Each period's rows of those units, found once for every series.
        let rowsShown = shown.map { p in
            sameUnits.isEmpty ? rowsByPeriod[p] : rowsByPeriod[p].filter { sameUnits.contains(table.submissions[$0].unitCode) }
        }
        let series = options.trendCriteria.compactMap { id -> TrendSeries? in
            guard let criterion = template.criterion(id) else { return nil }
            let points = shown.indices.map { i in
                let p = shown[i]
                let (value, units) = aggregate(criterion, rows: rowsShown[i])
                return TrendPoint(periodKey: window[p], value: value, units: units, reported: rowsByPeriod[p].count)
            }
            return TrendSeries(
                criterionId: id, label: criterion.label, unitOfMeasure: criterion.unitOfMeasure, aggregation: criterion.aggregation,
                points: points)
        }
        return Trend(periods: shown.map { window[$0] }, sameUnits: sameUnits.count, series: series)
    }
}
