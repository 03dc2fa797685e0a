import Foundation
import TonghopCore

// Each unit's figures, and the units that call for attention.
extension SynthesisContext {
    func unitTable(board: StatusBoard) -> UnitTable {
        let key = options.keyCriteria.compactMap { template.criterion($0) }
        // Each key criterion's column found once, not once per unit (26,000 lookups by name at commune scale).
        let columns = key.map { column($0.id) }
        let current = self.current
        var recommendations: [Int: Int] = [:]
        for item in recommendationItems { recommendations[item.row, default: 0] += 1 }
        var warningsByUnit: [String: Int] = [:]
        for warning in warnings { warningsByUnit[table.submissions[warning.row].unitCode, default: 0] += 1 }
        let rows = board.units.map { status in
            let row = rowByUnit[status.code]?[current] ?? nil
            let values: [ReportedValue?] = columns.map { column in
                guard let row, let column else { return nil }
                if let number = table.number(row, column) { return .number(number) }
                return table.text(row, column).map { .text($0) }
            }
            return UnitRow(
                unit: UnitRef(code: status.code, name: status.name), state: status.state, reportedAt: status.reportedAt, values: values,
                difficulties: row.map { table.difficultyCount($0) } ?? 0, recommendations: row.map { recommendations[$0] ?? 0 } ?? 0,
                warnings: warningsByUnit[status.code] ?? 0, review: row.flatMap { reviews[$0]?.state })
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
                id: definition.id, label: definition.label, target: header(target), actual: header(actual), gapText: definition.gapText,
                units: Array(units.prefix(Self.listed)))
        }
        return Attention(shortfalls: shortfalls, rises: rises())
    }

    /// How many units each attention list names.
    static let listed = 5

    private func rises() -> [Rise] {
        guard current > 0 else { return [] }
        let indicators = options.difficultyIndicators.compactMap { template.criterion($0) }
        let columns = indicators.map { column($0.id)! }
        // Each rise found as numbers and places first; only those listed are made whole, with their unit's name (a
        // commune-scale week has thousands of rises, and making each was most of finding them).
        var found: [(code: String, indicator: Int, previous: Double, value: Double)] = []
        for (code, rows) in rowByUnit {
            guard let now = rows[current], let before = rows[current - 1] else { continue }
            // An indicator gets worse when it rises, unless the template says higher is better (then when it falls); the
            // difficulties raised, after the indicators, are worse when more.
            for k in 0...indicators.count {
                let (previous, value): (Double?, Double?) =
                    k < indicators.count
                    ? (table.number(before, columns[k]), table.number(now, columns[k]))
                    : (Double(table.difficultyCount(before)), Double(table.difficultyCount(now)))
                let better = k < indicators.count ? indicators[k].better : .lower
                guard let previous, let value, value != previous, better == .higher ? value < previous : value > previous else { continue }
                found.append((code, k, previous, value))
            }
        }
        let ids = indicators.map(\.id) + ["difficulties"]
        let labels =
            indicators.map(\.label) + [LocalizedText(vi: "Số khó khăn, vướng mắc nêu trong báo cáo", en: "Difficulties raised in the report")]
        // Relative to the previous value (at least 1), so that a small unit doubling its problems shows beside a large one.
        func score(_ rise: (code: String, indicator: Int, previous: Double, value: Double)) -> Double {
            abs(rise.value - rise.previous) / max(rise.previous, 1)
        }
        return found.sorted {
            (score($0), abs($0.value - $0.previous), $1.code, ids[$1.indicator])
                > (score($1), abs($1.value - $1.previous), $0.code, ids[$0.indicator])
        }
        .prefix(Self.listed * 2).map { rise in
            Rise(
                unit: unitRef(rise.code), indicator: ids[rise.indicator], label: labels[rise.indicator], previous: rise.previous,
                current: rise.value, change: rise.value - rise.previous,
                changePercent: rise.previous == 0 ? nil : (rise.value - rise.previous) / rise.previous * 100)
        }
    }
}
