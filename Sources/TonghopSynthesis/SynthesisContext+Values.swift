import Foundation
import TonghopCore

// Every value of the period, one row each: the tidy table of the CSV and JSON formats.
extension SynthesisContext {
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
            let report = TidyReport(unit: unit.code, unitName: unit.name, period: period)
            for c in ids.indices {
                let value: CriterionValue? =
                    if let number = table.number(row, c) {
                        isYesNo[c] ? .yesNo(number == 1) : .number(number)
                    } else {
                        table.text(row, c).map(CriterionValue.text)
                    }
                if let value { values.append(TidyValue(report: report, criterion: ids[c], value: value)) }
            }
        }
        return values
    }
}
