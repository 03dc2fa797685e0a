import Foundation
import TonghopCore

// Each unit's figures, and the units that call for attention.
extension SynthesisContext {
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
}
