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
        catalog: Catalog, template: CriteriaTemplate, options: ScheduleSynthesisSettings, window: [String], table: ReportTable,
        narrative: [Int64: SubmittedNarrative], warnings: [Int64: [StoredWarning]], reviews: [Int64: Review] = [:]
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
        var reviewByRow: [Int: Review] = [:]
        for row in current { if let review = reviews[table.submissions[row].id] { reviewByRow[row] = review } }
        self.reviews = reviewByRow
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
}
