import Foundation
import TonghopCore

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
    /// The latest review decision on the synthesized period's reports that have one, by table row.
    let reviews: [Int: Review]

    init(
        catalog: Catalog, template: CriteriaTemplate, options: ScheduleSynthesisSettings, window: [String], table: ReportTable, rows: WindowRows,
        narrative: [Int64: SubmittedNarrative], warnings: [Int64: [StoredWarning]], reviews: [Int64: Review] = [:]
    ) {
        self.catalog = catalog
        self.template = template
        self.options = options
        self.window = window
        self.table = table
        self.rowsByPeriod = rows.byPeriod
        self.rowByUnit = rows.byUnit
        let current = self.rowsByPeriod[window.count - 1]
        let ids = table.submissions.map(\.id)
        var difficulties: [RowItem] = []
        var recommendations: [RowItem] = []
        var results: [RowItem] = []
        for row in current {
            guard let given = narrative[ids[row]] else { continue }
            for item in given.results { results.append(RowItem(row: row, key: item.topic, text: item.text)) }
            for item in given.difficulties { difficulties.append(RowItem(row: row, key: item.key, text: item.text)) }
            for item in given.recommendations { recommendations.append(RowItem(row: row, key: item.key, text: item.text)) }
        }
        difficultyItems = difficulties
        recommendationItems = recommendations
        resultItems = results
        var reviewByRow: [Int: Review] = [:]
        for row in current { if let review = reviews[ids[row]] { reviewByRow[row] = review } }
        self.reviews = reviewByRow
        self.warnings = current.sorted { ids[$0] < ids[$1] }.flatMap { row in
            (warnings[ids[row]] ?? []).map { RowWarning(row: row, warning: $0) }
        }
    }

    var current: Int { window.count - 1 }

    /// The table rows of one period of the window.
    func rows(of periodKey: String) -> [Int] {
        window.lastIndex(of: periodKey).map { rowsByPeriod[$0] } ?? []
    }

    func unit(ofRow row: Int) -> UnitRef { unitRef(table.submissions[row].unitCode) }

    func unitRef(_ code: String) -> UnitRef { UnitRef(code: code, name: catalog.registry.name(of: code) ?? code) }

    func header(_ criterion: Criterion) -> CriterionHeader {
        CriterionHeader(id: criterion.id, label: criterion.label, unitOfMeasure: criterion.unitOfMeasure, type: criterion.type)
    }

    func column(_ criterionId: String) -> Int? { template.position(of: criterionId) }
}

/// The rows of a window's counted reports by period, in the registry's order of units, and by unit: what the context
/// indexes first, worked out from which reports count alone, so beside the reads of their numbers and texts.
struct WindowRows: Sendable {
    /// Table rows by period index in the window, in the registry's order of units.
    let byPeriod: [[Int]]
    /// The table row of each unit in each period of the window.
    let byUnit: [String: [Int?]]

    init(submissions: [CountedSubmission], window: [String], registry: UnitRegistry) {
        let periodIndex = Dictionary(uniqueKeysWithValues: window.enumerated().map { ($1, $0) })
        let unitOrder = Dictionary(registry.units.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
        var rowsByPeriod = Array(repeating: [Int](), count: window.count)
        // Each unit looked up once per row, for its rows by period and its place in the registry together; the period
        // only when it changes (the rows come by period). The submissions read in place, not copied row by row: a
        // commune-scale window has 30,000 rows.
        var slotOf: [String: Int] = [:]
        var codes: [String] = []
        var rowsOfUnit: [[Int?]] = []
        var placeOfUnit: [Int] = []
        var rank = [Int](repeating: .max, count: submissions.count)
        var period: (key: String, index: Int?) = ("", nil)
        // Each period's rows come in the units' order, which is the order their slots were given in: the slot after the
        // last row's is tried before hashing the unit's code (30,000 lookups).
        var guess = 0
        submissions.withUnsafeBufferPointer { submissions in
            for row in submissions.indices {
                if period.key != submissions[row].periodKey {
                    period = (submissions[row].periodKey, periodIndex[submissions[row].periodKey])
                    guess = 0
                }
                guard let p = period.index else { continue }
                let slot: Int
                if guess < codes.count && codes[guess] == submissions[row].unitCode {
                    slot = guess
                } else if let known = slotOf[submissions[row].unitCode] {
                    slot = known
                } else {
                    slot = codes.count
                    slotOf[submissions[row].unitCode] = slot
                    codes.append(submissions[row].unitCode)
                    rowsOfUnit.append(Array(repeating: nil, count: window.count))
                    // Units the registry no longer lists come last, by code (the rows already are in code order).
                    placeOfUnit.append(unitOrder[submissions[row].unitCode] ?? .max)
                }
                guess = slot + 1
                rowsByPeriod[p].append(row)
                rowsOfUnit[slot][p] = row
                rank[row] = placeOfUnit[slot]
            }
        }
        byPeriod = rowsByPeriod.map { rows in rows.sorted { (rank[$0], $0) < (rank[$1], $1) } }
        byUnit = Dictionary(uniqueKeysWithValues: zip(codes, rowsOfUnit))
    }
}
