import Foundation
import Mustache
import TonghopCore
import TonghopSynthesis

/// The synthesis as the Mustache templates see it: every figure already written the Vietnamese way, every list a list.
///
/// Dictionaries rather than structs: Mustache reads structs through `Mirror`, which was the slowest part of rendering
/// a commune-scale table.
enum SynthesisView {
    static func make(_ s: Synthesis, charts: Bool) -> [String: Any] {
        let h = s.heading
        var view: [String: Any] = [
            "issuer": [
                "parent": h.issuer.parent ?? "", "hasParent": !(h.issuer.parent ?? "").isEmpty, "name": h.issuer.name,
                "nameInText": h.issuer.nameInText ?? h.issuer.name, "place": h.issuer.place,
                "documentSymbol": h.issuer.documentSymbol, "signerAuthority": h.issuer.signer.authority ?? "",
                "hasSignerAuthority": !(h.issuer.signer.authority ?? "").isEmpty, "hasSignerName": !h.issuer.signer.name.isEmpty,
                "signerTitle": h.issuer.signer.title, "signerName": h.issuer.signer.name, "recipients": recipientLines(h.issuer.recipients),
            ] as [String: Any],
            "subject": h.subject,
            "scheduleId": h.scheduleId,
            "scheduleName": h.scheduleName.vi,
            "isWeekly": h.periodType == .weekly,
            "isMonthly": h.periodType == .monthly,
            "periodKey": h.periodKey,
            "periodName": VietnameseFormat.period(h.periodKey),
            "periodLabel": periodLabel(h),
            "isProvisional": h.isProvisional,
            "firstDay": VietnameseFormat.date(h.firstDay),
            "lastDay": VietnameseFormat.date(h.lastDay),
            "deadline": VietnameseFormat.deadline(h.deadline),
            "asOf": VietnameseFormat.instant(h.asOf),
            "dateLine": VietnameseFormat.dateLine(h.issuedOn),
            "previousPeriodName": VietnameseFormat.period(h.previousPeriodKey),
            "templateTitle": h.templateTitle.vi,
            "templateVersion": h.templateVersion,
            "templateVersionsUsed": h.templateVersionsUsed.joined(separator: ", "),
            "hasAttention": s.attention.rises.count + s.attention.shortfalls.map(\.units.count).reduce(0, +) > 0,
            "compliance": compliance(s.compliance),
            "complianceBySchedule": s.complianceBySchedule.map(summary),
            "figureGroups": s.figures.compactMap(figureGroup),
            "trend": trend(s.trend),
            "unitTable": unitTable(s.unitTable),
            "attention": attention(s.attention),
            "hasResults": !s.results.isEmpty,
            "tasks": tasks(s.tasks, asOf: s.heading.asOf) as Any,
            "hasTasks": !s.tasks.isEmpty,
            // Fields with a recurring difficulty first, each in the template's order.
            "difficultyGroups":
                (s.difficulties.filter { $0.items.contains(where: \.recurring) }
                + s.difficulties.filter {
                    !$0.items.contains(where: \.recurring)
                }).map(difficultyGroup),
            "hasDifficulties": !s.difficulties.isEmpty,
            "recommendationGroups": s.recommendations.map(recommendationGroup),
            "hasRecommendations": !s.recommendations.isEmpty,
            "interSectoral": s.interSectoral.enumerated().map { interSectoral($1, number: $0 + 1) },
            "hasInterSectoral": !s.interSectoral.isEmpty,
            "returned": s.dataQuality.returned.map(returned),
            "warnings": s.dataQuality.warnings.map(warning),
            "outliers": s.dataQuality.outliers.map { outlier($0, range: usualRange($0, in: s)) },
            "hasDataQualityNotes": !s.dataQuality.returned.isEmpty || !s.dataQuality.warnings.isEmpty || !s.dataQuality.outliers.isEmpty,
            "weeklyReporting": s.weeklyReporting.map(summary),
            "hasWeeklyReporting": !s.weeklyReporting.isEmpty,
        ]
        view.merge(document(s)) { $1 }
        if charts {
            view["complianceChart"] = SVGChart.compliance(s.complianceBySchedule)
            // "tuần 39 – tuần 46 năm 2025": the span the charts' numbered ticks cover.
            let names = s.trend.periods.map(VietnameseFormat.period)
            let span = names.count > 1 ? "\(names[0].components(separatedBy: " năm ")[0]) – \(names[names.count - 1])" : names.first ?? ""
            view["trendSpan"] = span
            view["trendCharts"] = s.trend.series.map {
                [
                    "label": $0.label.vi, "unit": $0.unitOfMeasure, "svg": SVGChart.trend($0),
                ]
            }
        }
        return view
    }

    /// "tuần 46 năm 2025, từ ngày 13/11/2025 đến ngày 19/11/2025": the period by its name and its days, in one
    /// bracket-free phrase that the subject line can put in brackets.
    static func periodLabel(_ h: Heading) -> String {
        VietnameseFormat.period(h.periodKey) + ", từ ngày \(VietnameseFormat.date(h.firstDay)) đến ngày \(VietnameseFormat.date(h.lastDay))"
    }

    /// "Nơi nhận" as Decree 30 writes it: each line after a dash and ending in a semicolon, the last ("Lưu: VT, ...")
    /// in a full stop.
    static func recipientLines(_ recipients: [String]) -> [String] {
        recipients.enumerated().map { index, recipient in
            var line = recipient.trimmingCharacters(in: .whitespaces)
            while line.hasSuffix(";") || line.hasSuffix(".") { line.removeLast() }
            return "- " + line + (index == recipients.count - 1 ? "." : ";")
        }
    }

    static func unit(_ unit: UnitRef) -> [String: Any] { ["code": unit.code, "name": unit.name] }

    static func names(_ units: [UnitRef]) -> String { units.map(\.name).joined(separator: ", ") }

    static func compliance(_ c: Compliance) -> [String: Any] {
        var view = summary(c.summary)
        view["lateUnits"] = c.late.map { late -> [String: Any] in
            [
                "code": late.unit.code, "name": late.unit.name, "receivedAt": VietnameseFormat.instant(late.receivedAt),
                "lateBy": VietnameseFormat.lateness(late.lateBySeconds), "isLast": late.unit.code == c.late.last?.unit.code,
            ]
        }
        view["missingUnits"] = c.missing.map(unit)
        view["missingNames"] = names(c.missing)
        view["pendingUnits"] = c.pending.map(unit)
        view["hasLate"] = !c.late.isEmpty
        view["hasMissing"] = !c.missing.isEmpty
        view["hasPending"] = !c.pending.isEmpty
        return view
    }

    static func summary(_ c: ComplianceSummary) -> [String: Any] {
        [
            "scheduleName": c.scheduleName.vi, "periodName": VietnameseFormat.period(c.periodKey),
            "deadline": VietnameseFormat.deadline(c.deadline),
            "expected": c.expected, "onTime": c.onTime, "late": c.late, "missing": c.missing, "pending": c.pending,
            "reported": c.onTime + c.late, "reportedPercent": VietnameseFormat.percent(c.reportedPercent),
            "onTimePercent": VietnameseFormat.percent(c.onTimePercent),
        ]
    }

    /// A group's figures as the worded formats list them: a criterion no unit answered in either period is left out (a
    /// row of dashes says nothing; the JSON and the workbook keep it).
    static func figureGroup(_ g: FigureGroup) -> [String: Any]? {
        let answered = g.figures.filter { $0.units > 0 || $0.previousUnits > 0 }
        return answered.isEmpty ? nil : ["label": g.label.vi, "figures": answered.map(figure)]
    }

    static func figure(_ f: Figure) -> [String: Any] {
        // The figures of a row with as many decimals as the one that needs most: "3,7" beside "3,0", not "3".
        let decimals = Language.decimals(of: [f.value, f.previous])
        // As many decimals as show the change the row states: 91,54 and 91,47 for "−0,07", not 91,5 twice.
        var comparableDecimals = Language.decimals(of: [f.comparableValue, f.comparablePrevious])
        if let now = f.comparableValue, let before = f.comparablePrevious, now != before {
            func shown(_ v: Double) -> String { VietnameseFormat.number(v, decimals: comparableDecimals) }
            while comparableDecimals < 3, shown(now) == shown(before) { comparableDecimals += 1 }
        }
        var view: [String: Any] = [
            "label": f.label.vi, "unit": f.unitOfMeasure, "aggregation": VietnameseFormat.aggregation(f.aggregation),
            "value": f.value.map { VietnameseFormat.number($0, decimals: decimals) } ?? "–",
            "previous": f.previous.map { VietnameseFormat.number($0, decimals: decimals) } ?? "–",
            // Both periods over the same units, as the body's table shows them beside their change.
            "comparable": f.distribution == nil ? f.comparableValue.map { VietnameseFormat.number($0, decimals: comparableDecimals) } ?? "–" : "–",
            "comparablePrevious": f.distribution == nil
                ? f.comparablePrevious.map { VietnameseFormat.number($0, decimals: comparableDecimals) } ?? "–" : "–",
            "change": f.isPercentage
                ? VietnameseFormat.pointsChange(f.change)
                : f.change.map { VietnameseFormat.change($0, decimals: max(decimals, Language.decimalsNeeded($0))) } ?? "–",
            // A share's change in percentage points, in the change's own column; a count's in its units and in percent.
            "changePercent": f.isPercentage || f.isCountOfUnits
                ? "" : f.comparablePrevious == 0 && (f.change ?? 0) > 0 ? "từ 0" : VietnameseFormat.percentChange(f.changePercent),
            // A count of units answering yes changes by units: a percent of it says nothing.
            "changeLine": f.isPercentage
                ? VietnameseFormat.pointsChange(f.change)
                : VietnameseFormat.changeLine(f.change, percent: f.isCountOfUnits ? nil : f.changePercent, from: f.comparablePrevious),
            "units": f.units, "previousUnits": f.previousUnits, "comparableUnits": f.comparableUnits, "isDistribution": f.distribution != nil,
            // "good" or "bad" as the template's `better` reads the change (a rise in recruitment is good news, in shortages
            // bad), "neutral" when it says neither.
            "reading": f.reading.rawValue,
        ]
        if let swing = f.swing { view["note"] = note(swing) }
        if let distribution = f.distribution {
            view["distribution"] = distribution.map { ["choice": $0.choice, "count": $0.count, "previousCount": $0.previousCount] }
            view["value"] = distribution.map { "\($0.choice): \($0.count)" }.joined(separator: "; ")
            view["previous"] = distribution.map { "\($0.choice): \($0.previousCount)" }.joined(separator: "; ")
        }
        return view
    }

    /// "Trong đó, riêng Tỉnh Thanh Hóa (số liệu khác thường so với các kỳ trước) làm tăng 374; nếu không tính đơn vị này,
    /// số liệu giảm 7 (1,4%)."
    static func note(_ swing: FigureSwing) -> String {
        let cause =
            switch swing.cause {
            case .returned: "báo cáo đang bị trả lại để chỉnh sửa"
            case .outlier: "số liệu khác thường so với các kỳ trước"
            }
        let without = VietnameseFormat.movement(swing.changeWithout ?? 0, percent: swing.changePercentWithout)
        return "Trong đó, riêng \(swing.unit.name) (\(cause)) làm \(VietnameseFormat.movement(swing.unitChange, percent: nil)); "
            + "nếu không tính đơn vị này, số liệu \(without)."
    }

    /// A returned report as the data-quality notes say it.
    static func returned(_ r: ReturnedReport) -> [String: Any] {
        var text = "Báo cáo bị trả lại để chỉnh sửa ngày \(VietnameseFormat.date(VietnamTime.date(of: r.returnedAt))): \(r.reason)"
        if !text.hasSuffix(".") { text += "." }
        if !r.criteria.isEmpty { text += " Chỉ tiêu cần rà soát: " + r.criteria.map(\.label.vi).joined(separator: "; ") + "." }
        if let due = r.correctionDue { text += " Hạn gửi lại: \(VietnameseFormat.deadline(due))." }
        text += " Số liệu của báo cáo vẫn được tính cho đến khi có báo cáo thay thế."
        return ["name": r.unit.name, "text": text]
    }

    static func trend(_ t: Trend) -> [String: Any] {
        [
            "periods": t.periods.map(VietnameseFormat.period),
            "series": t.series.map { series -> [String: Any] in
                let decimals = Language.decimals(of: series.points.map(\.value))
                return [
                    "label": series.label.vi, "unit": series.unitOfMeasure,
                    "points": series.points.map { point -> [String: Any] in
                        [
                            "periodName": VietnameseFormat.period(point.periodKey), "units": point.units,
                            "value": point.value.map { VietnameseFormat.number($0, decimals: decimals) } ?? "–",
                            "isLast": point.periodKey == series.points.last?.periodKey,
                        ]
                    },
                ]
            },
        ]
    }

    static func value(_ value: ReportedValue?, type: CriterionType, decimals: Int? = nil) -> String {
        switch value {
        case nil: "–"
        case .number(let n)?: type == .yesNo ? (n == 1 ? "Có" : "Không") : VietnameseFormat.number(n, decimals: decimals)
        case .text(let t)?: t
        }
    }

    /// The table's headers; its rows are written apart (see `unitRows`), each by the row template of the format.
    static func unitTable(_ t: UnitTable) -> [String: Any] {
        // The DOCX's columns, fixed: a unit's name on one line or two, the state on one, the figures sharing the rest of
        // the 9,354 twips between the margins (left to Word, the names were squeezed to a word a line).
        let figureWidth = t.criteria.isEmpty ? 0 : (9354 - 2100 - 1100) / t.criteria.count
        let grid = ([2100, 1100] + t.criteria.map { _ in figureWidth }).map { "<w:gridCol w:w=\"\($0)\"/>" }.joined()
        return ["headers": t.criteria.map { ["label": $0.label.vi, "unit": $0.unitOfMeasure] }, "docxGrid": grid]
    }

    static func unitRows(_ t: UnitTable) -> [UnitRowView] {
        let decimals = columnDecimals(t)
        return t.rows.indices.map { unitRow(t, at: $0, decimals: decimals) }
    }

    /// Each column's count of decimals, its numbers all written with it: "91,0" under "96,9", not "91".
    static func columnDecimals(_ t: UnitTable) -> [Int] {
        t.criteria.indices.map { c in
            Language.decimals(of: t.rows.map { row -> Double? in if case .number(let n)? = row.values[c] { n } else { nil } })
        }
    }

    /// The row at `index` of the table, its columns written with `decimals` (`columnDecimals`).
    static func unitRow(_ t: UnitTable, at index: Int, decimals: [Int]) -> UnitRowView {
        UnitRowView(t.rows[index], number: index + 1, criteria: t.criteria, decimals: decimals)
    }

    static func attention(_ a: Attention) -> [String: Any] {
        [
            "shortfalls": a.shortfalls.filter { !$0.units.isEmpty }.map { group -> [String: Any] in
                [
                    "label": group.label.vi, "targetLabel": group.target.label.vi, "actualLabel": group.actual.label.vi,
                    "units": group.units.map { shortfall -> [String: Any] in
                        let values = [
                            "gap": VietnameseFormat.number(shortfall.gap), "actual": VietnameseFormat.number(shortfall.actual),
                            "target": VietnameseFormat.number(shortfall.target), "percent": VietnameseFormat.percent(shortfall.gapPercent),
                        ]
                        // The line in the criterion's own terms: a surplus not handled, a dossier late, a post unfilled.
                        var line = group.gapText ?? "chênh lệch {gap} ({percent}), {actual}/{target}"
                        for (name, value) in values { line = line.replacingOccurrences(of: "{\(name)}", with: value) }
                        return [
                            "name": shortfall.unit.name, "target": values["target"]!, "actual": values["actual"]!, "gap": values["gap"]!,
                            "gapPercent": values["percent"]!, "gapLine": line,
                        ]
                    },
                ]
            },
            "rises": a.rises.map { rise -> [String: Any] in
                [
                    "name": rise.unit.name, "label": rise.label.vi, "previous": VietnameseFormat.number(rise.previous),
                    "current": VietnameseFormat.number(rise.current), "isFall": rise.change < 0,
                    "movement": rise.change < 0 ? "xuống" : "lên", "changeWord": rise.change < 0 ? "giảm" : "tăng",
                    // "từ 1 lên 3 (tăng 200,0%)"; from zero the two numbers say it all.
                    "risePercent": rise.changePercent.map { VietnameseFormat.percent(abs($0)) } ?? "", "hasRisePercent": rise.changePercent != nil,
                ]
            },
            "hasShortfalls": a.shortfalls.contains { !$0.units.isEmpty },
            "hasRises": !a.rises.isEmpty,
        ]
    }

    static func difficultyGroup(_ g: DifficultyGroup) -> [String: Any] {
        [
            "label": g.label.vi, "unitCount": g.unitCount,
            // Recurring difficulties first: what units have raised week after week is what the reader must see.
            "items": (g.items.filter(\.recurring) + g.items.filter { !$0.recurring }).map { item -> [String: Any] in
                [
                    "text": item.text, "recurring": item.recurring,
                    "unitNames": item.units.map { $0.recurring ? "\($0.unit.name) (\($0.periodsInRow) kỳ liên tiếp)" : $0.unit.name }.joined(
                        separator: ", "),
                ]
            },
        ]
    }

    static func recommendationGroup(_ g: RecommendationGroup) -> [String: Any] {
        [
            "label": g.label.vi, "heading": "Kiến nghị với " + addressee(g.addressee, g.label),
            "items": g.items.map { ["text": $0.text, "unitNames": names($0.units)] },
        ]
    }

    /// An addressee as a sentence writes it: "Chính phủ", "Bộ Xây dựng", and the template's "Cơ quan khác" as "các cơ quan
    /// khác".
    static func addressee(_ key: String, _ label: LocalizedText) -> String {
        key == "other" ? "các cơ quan khác" : label.vi
    }

    static func interSectoral(_ issue: InterSectoralIssue, number: Int) -> [String: Any] {
        [
            "number": number, "addressees": issue.addressees.map { addressee($0.key, $0.label) }.joined(separator: ", "), "text": issue.text,
            "unitNames": names(issue.units),
        ]
    }

    static func warning(_ w: WarningNote) -> [String: Any] {
        ["name": w.unit.name, "text": w.text]
    }

    static func outlier(_ o: Outlier, range: (low: String, high: String)) -> [String: Any] {
        [
            "name": o.unit.name, "label": o.label.vi, "value": VietnameseFormat.number(o.value),
            "median": VietnameseFormat.number(o.median), "low": range.low, "high": range.high, "historyCount": o.historyCount,
        ]
    }

    /// The range an outlier's history makes usual, as people count: whole numbers for a count ("18 – 38", not
    /// "17,6 – 38,4"), one decimal otherwise.
    static func usualRange(_ o: Outlier, in s: Synthesis) -> (low: String, high: String) {
        let isCount = s.criteria.lazy.flatMap(\.criteria).first { $0.id == o.criterionId }?.type == .integer
        // Whole counts inside the range, so that the range never takes in the value it calls unusual.
        guard isCount else { return (VietnameseFormat.number(o.low), VietnameseFormat.number(o.high)) }
        return (VietnameseFormat.number(o.low.rounded(.up), decimals: 0), VietnameseFormat.number(o.high.rounded(.down), decimals: 0))
    }
}

/// One row of the per-unit table as the row templates see it.
///
/// A class with its own lookup and texts Mustache writes without trying them against its protocols: a commune-scale
/// table has thousands of rows, and Mustache's dynamic casts on dictionaries and plain strings were most of its rendering.
final class UnitRowView: MustacheParent, Sendable {
    private let row: UnitRow
    private let number: Int
    private let cells: [ViewText]

    init(_ row: UnitRow, number: Int, criteria: [CriterionHeader], decimals: [Int]) {
        self.row = row
        self.number = number
        self.cells = row.values.indices.map { c in ViewText(SynthesisView.value(row.values[c], type: criteria[c].type, decimals: decimals[c])) }
    }

    func child(named name: String) -> Any? {
        if name == "cells" { return cells }
        return Field(rawValue: name).map { ViewText(text($0)) }
    }

    /// The row's texts the templates name, beside its `cells`.
    enum Field: String, CaseIterable, Sendable {
        case number, code, name, state, stateLabel, reportedAt, difficulties, recommendations, warnings
    }

    /// The text of a field, unescaped.
    func text(_ field: Field) -> String {
        switch field {
        case .number: String(number)
        case .code: row.unit.code
        case .name: row.unit.name
        case .state: row.state.rawValue
        case .stateLabel: VietnameseFormat.state(of: row)
        case .reportedAt: row.reportedAt.map(VietnameseFormat.instant) ?? ""
        case .difficulties: String(row.difficulties)
        case .recommendations: String(row.recommendations)
        case .warnings: String(row.warnings)
        }
    }

    /// The text of a cell, unescaped.
    func cell(_ index: Int) -> String { cells[index].renderText }
}

/// One unit's results on a topic as the item templates see it: the unit's name, the first paragraph (written after
/// the name) and the others, each its own paragraph. A class for the reason `UnitRowView` is one: a commune-scale week
/// has sixteen thousand of them.
final class ResultItemView: MustacheParent, Sendable {
    let name: ViewText
    let first: ViewText
    let rest: [ViewText]

    init(name: String, first: String, rest: [String]) {
        self.name = ViewText(name)
        self.first = ViewText(first)
        self.rest = rest.map(ViewText.init)
    }

    convenience init(_ item: UnitResult) {
        // Most texts are one paragraph: split only those with a line break, and trim without Foundation's NSString.
        let newline = UInt8(ascii: "\n")
        let severalParagraphs = item.text.utf8.withContiguousStorageIfAvailable { $0.contains(newline) } ?? item.text.utf8.contains(newline)
        guard severalParagraphs else {
            self.init(name: item.unit.name, first: item.text.trimmed, rest: [])
            return
        }
        let paragraphs = item.text.split(separator: "\n").map(\.trimmed).filter { !$0.isEmpty }
        self.init(name: item.unit.name, first: paragraphs.first ?? "", rest: Array(paragraphs.dropFirst()))
    }

    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "first": first
        case "rest": rest
        default: nil
        }
    }
}

/// A text for a template, escaped by the template's content type like any other.
struct ViewText: MustacheCustomRenderable, Sendable {
    let renderText: String
    var isNull: Bool { false }

    init(_ text: String) { renderText = text }
}
