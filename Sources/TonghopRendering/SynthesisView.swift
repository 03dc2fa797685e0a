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
                "parent": h.issuer.parent ?? "", "hasParent": !(h.issuer.parent ?? "").isEmpty, "name": h.issuer.name, "place": h.issuer.place,
                "documentSymbol": h.issuer.documentSymbol, "signerAuthority": h.issuer.signer.authority ?? "",
                "signerTitle": h.issuer.signer.title, "signerName": h.issuer.signer.name, "recipients": h.issuer.recipients,
            ] as [String: Any],
            "subject": h.subject,
            "scheduleId": h.scheduleId,
            "scheduleName": h.scheduleName.vi,
            "isWeekly": h.periodType == .weekly,
            "isMonthly": h.periodType == .monthly,
            "periodKey": h.periodKey,
            "periodLabel": periodLabel(h),
            "firstDay": VietnameseFormat.date(h.firstDay),
            "lastDay": VietnameseFormat.date(h.lastDay),
            "deadline": VietnameseFormat.instant(h.deadline),
            "asOf": VietnameseFormat.instant(h.asOf),
            "dateLine": VietnameseFormat.dateLine(h.issuedOn),
            "previousPeriodKey": h.previousPeriodKey,
            "templateId": h.templateId,
            "templateVersion": h.templateVersion,
            "templateVersionsUsed": h.templateVersionsUsed.joined(separator: ", "),
            "compliance": compliance(s.compliance),
            "complianceBySchedule": s.complianceBySchedule.map(summary),
            "figureGroups": s.figures.map(figureGroup),
            "trend": trend(s.trend),
            "unitTable": unitTable(s.unitTable),
            "attention": attention(s.attention),
            "difficultyGroups": s.difficulties.map(difficultyGroup),
            "hasDifficulties": !s.difficulties.isEmpty,
            "recommendationGroups": s.recommendations.map(recommendationGroup),
            "hasRecommendations": !s.recommendations.isEmpty,
            "interSectoral": s.interSectoral.enumerated().map { interSectoral($1, number: $0 + 1) },
            "hasInterSectoral": !s.interSectoral.isEmpty,
            "warnings": s.dataQuality.warnings.map(warning),
            "outliers": s.dataQuality.outliers.map(outlier),
            "hasDataQualityNotes": !s.dataQuality.warnings.isEmpty || !s.dataQuality.outliers.isEmpty,
            "weeklyReporting": s.weeklyReporting.map(summary),
            "hasWeeklyReporting": !s.weeklyReporting.isEmpty,
        ]
        if charts {
            view["complianceChart"] = SVGChart.compliance(s.complianceBySchedule)
            view["trendCharts"] = s.trend.series.map { ["label": $0.label.vi, "unit": $0.unitOfMeasure, "svg": SVGChart.trend($0)] }
        }
        return view
    }

    static func periodLabel(_ h: Heading) -> String {
        let parts = h.periodKey.split(separator: "-")
        let span = "từ ngày \(VietnameseFormat.date(h.firstDay)) đến ngày \(VietnameseFormat.date(h.lastDay))"
        guard parts.count == 2 else { return span }
        if h.periodType == .weekly { return "tuần \(Int(parts[1].dropFirst()) ?? 0) năm \(parts[0]) (\(span))" }
        return "tháng \(Int(parts[1]) ?? 0) năm \(parts[0]) (\(span))"
    }

    static func unit(_ unit: UnitRef) -> [String: Any] { ["code": unit.code, "name": unit.name] }

    static func names(_ units: [UnitRef]) -> String { units.map(\.name).joined(separator: ", ") }

    static func compliance(_ c: Compliance) -> [String: Any] {
        var view = summary(c.summary)
        view["lateUnits"] = c.late.map { late -> [String: Any] in
            [
                "code": late.unit.code, "name": late.unit.name, "receivedAt": VietnameseFormat.instant(late.receivedAt),
                "lateBy": VietnameseFormat.duration(late.lateBySeconds),
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
            "scheduleName": c.scheduleName.vi, "periodKey": c.periodKey, "deadline": VietnameseFormat.instant(c.deadline),
            "expected": c.expected, "onTime": c.onTime, "late": c.late, "missing": c.missing, "pending": c.pending,
            "reported": c.onTime + c.late, "reportedPercent": VietnameseFormat.percent(c.reportedPercent),
            "onTimePercent": VietnameseFormat.percent(c.onTimePercent),
        ]
    }

    static func figureGroup(_ g: FigureGroup) -> [String: Any] {
        ["label": g.label.vi, "figures": g.figures.map(figure)]
    }

    static func figure(_ f: Figure) -> [String: Any] {
        var view: [String: Any] = [
            "id": f.criterionId, "label": f.label.vi, "unit": f.unitOfMeasure, "aggregation": VietnameseFormat.aggregation(f.aggregation),
            "value": VietnameseFormat.number(f.value), "previous": VietnameseFormat.number(f.previous),
            "change": VietnameseFormat.change(f.change), "changePercent": VietnameseFormat.percentChange(f.changePercent),
            "units": f.units, "previousUnits": f.previousUnits, "isDistribution": f.distribution != nil,
            "direction": (f.change ?? 0) > 0 ? "up" : (f.change ?? 0) < 0 ? "down" : "same",
        ]
        if let distribution = f.distribution {
            view["distribution"] = distribution.map { ["choice": $0.choice, "count": $0.count, "previousCount": $0.previousCount] }
            view["value"] = distribution.map { "\($0.choice): \($0.count)" }.joined(separator: "; ")
            view["previous"] = distribution.map { "\($0.choice): \($0.previousCount)" }.joined(separator: "; ")
        }
        return view
    }

    static func trend(_ t: Trend) -> [String: Any] {
        [
            "periods": t.periods,
            "series": t.series.map { series -> [String: Any] in
                [
                    "label": series.label.vi, "unit": series.unitOfMeasure,
                    "points": series.points.map { ["periodKey": $0.periodKey, "value": VietnameseFormat.number($0.value), "units": $0.units] },
                ]
            },
        ]
    }

    static func value(_ value: ReportedValue?, type: CriterionType) -> String {
        switch value {
        case nil: "–"
        case .number(let n)?: type == .yesNo ? (n == 1 ? "Có" : "Không") : VietnameseFormat.number(n)
        case .text(let t)?: t
        }
    }

    /// The table's headers; its rows are written apart (see `unitRows`), each by the row template of the format.
    static func unitTable(_ t: UnitTable) -> [String: Any] {
        ["headers": t.criteria.map { ["label": $0.label.vi, "unit": $0.unitOfMeasure] }]
    }

    static func unitRows(_ t: UnitTable) -> [UnitRowView] {
        t.rows.enumerated().map { index, row in UnitRowView(row, number: index + 1, criteria: t.criteria) }
    }

    static func attention(_ a: Attention) -> [String: Any] {
        [
            "shortfalls": a.shortfalls.filter { !$0.units.isEmpty }.map { group -> [String: Any] in
                [
                    "label": group.label.vi, "targetLabel": group.target.label.vi, "actualLabel": group.actual.label.vi,
                    "units": group.units.map {
                        [
                            "name": $0.unit.name, "target": VietnameseFormat.number($0.target), "actual": VietnameseFormat.number($0.actual),
                            "gap": VietnameseFormat.number($0.gap), "gapPercent": VietnameseFormat.percent($0.gapPercent),
                        ]
                    },
                ]
            },
            "rises": a.rises.map { rise -> [String: Any] in
                [
                    "name": rise.unit.name, "label": rise.label.vi, "previous": VietnameseFormat.number(rise.previous),
                    "current": VietnameseFormat.number(rise.current), "change": VietnameseFormat.change(rise.change),
                    "changePercent": VietnameseFormat.percentChange(rise.changePercent),
                ]
            },
            "hasShortfalls": a.shortfalls.contains { !$0.units.isEmpty },
            "hasRises": !a.rises.isEmpty,
        ]
    }

    static func difficultyGroup(_ g: DifficultyGroup) -> [String: Any] {
        [
            "label": g.label.vi, "unitCount": g.unitCount,
            "items": g.items.map { item -> [String: Any] in
                [
                    "text": item.text, "recurring": item.recurring,
                    "unitNames": item.units.map { $0.recurring ? "\($0.unit.name) (\($0.periodsInRow) kỳ liên tiếp)" : $0.unit.name }.joined(
                        separator: ", "),
                ]
            },
        ]
    }

    static func recommendationGroup(_ g: RecommendationGroup) -> [String: Any] {
        ["label": g.label.vi, "items": g.items.map { ["text": $0.text, "unitNames": names($0.units)] }]
    }

    static func interSectoral(_ issue: InterSectoralIssue, number: Int) -> [String: Any] {
        [
            "number": number, "addressees": issue.addressees.map(\.label.vi).joined(separator: ", "), "text": issue.text,
            "unitNames": names(issue.units),
        ]
    }

    static func warning(_ w: WarningNote) -> [String: Any] {
        ["name": w.unit.name, "code": w.code, "criterion": w.criterionId ?? "", "message": w.message, "location": w.location]
    }

    static func outlier(_ o: Outlier) -> [String: Any] {
        [
            "name": o.unit.name, "criterion": o.criterionId, "label": o.label.vi, "value": VietnameseFormat.number(o.value),
            "median": VietnameseFormat.number(o.median), "low": VietnameseFormat.number(o.low), "high": VietnameseFormat.number(o.high),
            "historyCount": o.historyCount,
        ]
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

    init(_ row: UnitRow, number: Int, criteria: [CriterionHeader]) {
        self.row = row
        self.number = number
        self.cells = zip(row.values, criteria).map { ViewText(SynthesisView.value($0, type: $1.type)) }
    }

    func child(named name: String) -> Any? {
        switch name {
        case "number": ViewText(String(number))
        case "code": ViewText(row.unit.code)
        case "name": ViewText(row.unit.name)
        case "state": ViewText(row.state.rawValue)
        case "stateLabel": ViewText(VietnameseFormat.state(row.state))
        case "reportedAt": ViewText(row.reportedAt.map(VietnameseFormat.instant) ?? "")
        case "cells": cells
        case "difficulties": ViewText(String(row.difficulties))
        case "recommendations": ViewText(String(row.recommendations))
        case "warnings": ViewText(String(row.warnings))
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
