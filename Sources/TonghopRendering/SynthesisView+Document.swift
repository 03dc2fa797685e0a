import Foundation
import TonghopCore
import TonghopSynthesis

/// The shape of the signed report: a body of a few pages (what happened, what is asked, the staff's assessment, the
/// closing line), then appendices with each unit's detail. Sections and appendices that would have nothing in them are
/// left out, and the others numbered in order.
extension SynthesisView {
    /// How many overdue tasks the body lists (a commune-scale register's are in the appendix and the workbook), and up to
    /// how many units it names for each; more are counted, each unit's detail being in the appendix.
    static let overdueTasksInBody = 30
    static let unitsNamedInBody = 5

    static func document(_ s: Synthesis) -> [String: Any] {
        let h = s.heading
        let hasRecommendations = !s.recommendations.isEmpty || !s.interSectoral.isEmpty || !s.issuerRecommendations.isEmpty
        let hasTaskDetail = !s.tasks.overdue.isEmpty || !s.tasks.completedInPeriod.isEmpty || !s.tasks.dueSoon.isEmpty
        let hasNotes = !s.dataQuality.returned.isEmpty || !s.dataQuality.warnings.isEmpty || !s.dataQuality.outliers.isEmpty
        let sections = numbered([
            ("compliance", true), ("figures", true), ("results", !s.results.isEmpty), ("tasks", !s.tasks.isEmpty),
            ("difficulties", !s.difficulties.isEmpty), ("recommendations", hasRecommendations), ("assessment", s.assessment != nil),
        ])
        let appendices = numbered([
            ("figures", true), ("results", !s.results.isEmpty), ("tasks", hasTaskDetail),
            ("issuerRecommendations", !s.issuerRecommendations.isEmpty), ("dataQuality", hasNotes),
        ])
        let noun: (plain: String, capital: String, first: String) =
            switch h.reportingUnits {
            case .provinces: ("địa phương", "ĐỊA PHƯƠNG", "Địa phương")
            case .central: ("bộ, cơ quan", "BỘ, CƠ QUAN", "Bộ, cơ quan")
            case .mixed: ("đơn vị", "ĐƠN VỊ", "Đơn vị")
            }
        let issuerName = h.issuer.nameInText ?? h.issuer.name
        var view: [String: Any] = [
            "sections": sections, "appendices": appendices,
            "unitsNoun": noun.plain, "unitsNounCapital": noun.capital, "unitsNounCapitalFirst": noun.first,
            "appendixReference":
                "(Kèm theo Báo cáo số        /\(h.issuer.documentSymbol) \(VietnameseFormat.dateLine(h.issuedOn)) của \(issuerName))",
            "closing": closing(h.issuer),
            "keyFigureGroups": keyFigureGroups(s),
            "trendTable": trendTable(s.trend) as Any,
            "resultTopics": s.results.map { group -> [String: Any] in
                let figures = topicFigures(group.topic, in: s, noun: noun.plain)
                return [
                    "label": group.label.vi, "unitCount": Set(group.items.map(\.unit.code)).count,
                    "figures": figures, "hasFigures": !figures.isEmpty,
                    "summary": s.assessment.map { blocks($0.text.summary(of: group.topic)) } ?? [],
                ]
            },
            "returnedCount": s.dataQuality.returned.count,
            "hasReturned": !s.dataQuality.returned.isEmpty,
            "hasRecommendationsSection": hasRecommendations,
            "hasTaskDetail": hasTaskDetail,
            "issuerRecommendations": s.issuerRecommendations.map { ["text": $0.text, "unitNames": names($0.units)] },
            "hasIssuerRecommendations": !s.issuerRecommendations.isEmpty,
            "issuerRecommendationUnits": Set(s.issuerRecommendations.flatMap { $0.units.map(\.code) }).count,
            "issuerRecommendationCount": s.issuerRecommendations.count,
            "issuerNameInText": issuerName,
        ]
        if let assessment = s.assessment {
            // A topic's summary is printed under its topic's line in section III; one whose topic has no line there (the
            // template takes results as one text, or nobody reported on it) closes the assessment, under its topic's name.
            let shown = Set(s.results.map(\.topic))
            let labels = Dictionary(s.criteria.map { ($0.id, $0.label.vi) }, uniquingKeysWith: { first, _ in first })
            var all = blocks(assessment.text.general)
            for topic in assessment.text.topics where !shown.contains(topic.topic) && !topic.blocks.isEmpty {
                all.append(["text": (labels[topic.topic] ?? topic.topic) + ":", "isBullet": false])
                all += blocks(topic.blocks)
            }
            view["assessment"] = [
                "blocks": all, "author": assessment.author, "writtenAt": VietnameseFormat.instant(assessment.writtenAt),
            ]
        }
        // The tasks appendix's parts, numbered as they are present.
        view["taskParts"] = numbered(
            [("overdue", !s.tasks.overdue.isEmpty), ("completed", !s.tasks.completedInPeriod.isEmpty), ("dueSoon", !s.tasks.dueSoon.isEmpty)],
            numeral: { String($0) })
        if !s.tasks.isEmpty { view["taskBody"] = taskBody(s.tasks) }
        return view
    }

    /// The parts present, numbered in order: in Roman numerals by default (["compliance": "I", "figures": "II", …]).
    static func numbered(_ parts: [(String, Bool)], numeral: (Int) -> String = roman) -> [String: String] {
        var numbers: [String: String] = [:]
        for (name, present) in parts where present { numbers[name] = numeral(numbers.count + 1) }
        return numbers
    }

    static func roman(_ n: Int) -> String {
        let numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        var (n, text) = (n, "")
        for (value, numeral) in numerals { while n >= value { (n, text) = (n - value, text + numeral) } }
        return text
    }

    /// The closing line of a report as Decree 30 practice writes it: the issuer reports to those the recipients mark
    /// "(để báo cáo)": "Bộ Nội vụ kính báo cáo Bộ Chính trị, Ban Chỉ đạo của Chính phủ và Thủ tướng Chính phủ./.".
    static func closing(_ issuer: Issuer) -> String {
        let marker = "(để báo cáo)"
        let reportedTo = issuer.recipients.filter { $0.contains(marker) }.map {
            $0.replacingOccurrences(of: marker, with: "").trimmingCharacters(in: CharacterSet(charactersIn: " ;."))
        }
        let name = issuer.nameInText ?? issuer.name
        return reportedTo.isEmpty ? "Trên đây là báo cáo của \(name)./." : "\(name) kính báo cáo \(Language.vi.list(reportedTo))./."
    }

    /// The key criteria's figures (those of the per-unit table), by group: the body's table; every figure is in the
    /// first appendix.
    static func keyFigureGroups(_ s: Synthesis) -> [[String: Any]] {
        let keyCriteria = Set(s.unitTable.criteria.map(\.id))
        return s.figures.compactMap { group in
            var key = group
            key.figures.removeAll { !keyCriteria.isEmpty && !keyCriteria.contains($0.criterionId) }
            return figureGroup(key)
        }
    }

    /// A topic's key figures in a few words, for its line in the body: "Số cán bộ, công chức, viên chức cấp xã hiện có
    /// 129.275 người", "Bộ máy cấp xã vận hành thông suốt: 26/32 địa phương", "Tỷ lệ … 91,6%". The key criteria of the
    /// topic's group, else its first two sums.
    static func topicFigures(_ topic: String, in s: Synthesis, noun: String) -> String {
        guard let group = s.figures.first(where: { $0.id == topic }) else { return "" }
        let key = Set(s.unitTable.criteria.map(\.id))
        var chosen = group.figures.filter { key.contains($0.criterionId) && $0.value != nil && $0.distribution == nil }
        if chosen.isEmpty { chosen = Array(group.figures.filter { $0.aggregation == .sum && $0.value != nil }.prefix(2)) }
        return chosen.map { f -> String in
            // Within the sentence, the label begins in lower case ("…; số cán bộ … hiện có 129.275 người"), but for an
            // abbreviation ("UBND …").
            let second = f.label.vi.dropFirst().first
            let label = second?.isLowercase == true ? f.label.vi.prefix(1).lowercased() + f.label.vi.dropFirst() : f.label.vi
            let value = f.value ?? 0
            if f.isCountOfUnits { return "\(label): \(VietnameseFormat.number(value))/\(f.units) \(noun)" }
            let number = VietnameseFormat.number(value, decimals: Language.decimalsNeeded(value))
            return label + " " + (f.isPercentage ? number + "%" : number + (f.unitOfMeasure.isEmpty ? "" : " " + f.unitOfMeasure))
        }.joined(separator: "; ")
    }

    /// The trend as a small table: a row per period, a column per criterion, the units that reported each period.
    static func trendTable(_ t: Trend) -> [String: Any]? {
        guard !t.series.isEmpty, t.periods.count > 1 else { return nil }
        let decimals = t.series.map { Language.decimals(of: $0.points.map(\.value)) }
        let rows = t.periods.indices.map { p -> [String: Any] in
            [
                "period": VietnameseFormat.period(t.periods[p]),
                "cells": t.series.indices.map { c in
                    t.series[c].points[p].value.map { VietnameseFormat.number($0, decimals: decimals[c]) } ?? "–"
                },
                "reported": t.series.first?.points[p].reported ?? 0,
            ]
        }
        // Over the same units, the count of those that reported each period is not the figures' basis: no column for it.
        let counted = t.sameUnits == 0 ? [1200] : []
        let width = t.series.isEmpty ? 0 : (9354 - 2000 - counted.reduce(0, +)) / t.series.count
        return [
            "headers": t.series.map { ["label": $0.label.vi, "unit": $0.unitOfMeasure] },
            "rows": rows, "sameUnits": t.sameUnits, "hasSameUnits": t.sameUnits > 0, "periodCount": t.periods.count,
            "docxGrid": ([2000] + t.series.map { _ in width } + counted).map { "<w:gridCol w:w=\"\($0)\"/>" }.joined(),
        ]
    }

    static func blocks(_ blocks: [AssessmentText.Block]) -> [[String: Any]] {
        blocks.map { ["text": $0.text, "isBullet": $0.isBullet] }
    }

    /// The tasks as the body says them: the counts, then the overdue ones by task (how many units, which), the detail of
    /// each unit's being in an appendix.
    static func taskBody(_ t: TaskSection) -> [String: Any] {
        let all = t.counts.first { $0.scope == "all" }
        // A group's row that repeats the total (every unit is a province) says nothing more.
        let groups = t.counts.filter { $0.scope != "all" && $0.total > 0 }
        var byTask: [(first: TaskItem, units: [UnitRef])] = []
        var index: [String: Int] = [:]
        for item in t.overdue.flatMap(\.items) {
            if let i = index[item.taskId] {
                byTask[i].units.append(item.unit)
            } else {
                index[item.taskId] = byTask.count
                byTask.append((item, [item.unit]))
            }
        }
        // Those with most units overdue first; in register order among equals.
        let listed = byTask.indices.sorted { (byTask[$1].units.count, $0) < (byTask[$0].units.count, $1) }.prefix(overdueTasksInBody)
            .map { byTask[$0] }
        let left = byTask.count - listed.count
        let completed =
            t.completedInPeriod.isEmpty
            ? "Trong kỳ không có nhiệm vụ được báo cáo hoàn thành" : "Trong kỳ có \(t.completedInPeriod.count) lượt nhiệm vụ được báo cáo hoàn thành"
        let due =
            t.dueSoon.isEmpty
            ? "không có nhiệm vụ đến hạn trong \(TaskSection.dueSoonDays) ngày tới"
            : "\(t.dueSoon.count) lượt nhiệm vụ đến hạn trong \(TaskSection.dueSoonDays) ngày tới"
        return [
            "completedAndDue": completed + "; " + due + ".",
            "hasCountTable": groups.count > 1,
            "countRows": (groups.count > 1 ? [all].compactMap { $0 } + groups : [all].compactMap { $0 }).map { c -> [String: Any] in
                [
                    "label": c.label.vi, "total": c.total, "completedOnTime": c.completedOnTime, "completedLate": c.completedLate,
                    "inProgress": c.inProgress, "overdue": c.overdue, "notReported": c.notReported,
                ]
            },
            "overdueTasks": listed.map { task -> [String: Any] in
                [
                    "text": task.first.text, "directive": task.first.directive,
                    "deadline": task.first.deadline == nil ? task.first.deadlineText : "hạn " + task.first.deadlineText,
                    "count": task.units.count, "unitNames": names(task.units), "namesUnits": task.units.count <= unitsNamedInBody,
                ]
            },
            "hasOverdue": !byTask.isEmpty,
            "moreOverdueTasks": left > 0 ? ["count": left] as [String: Any] : false,
            "completedCount": t.completedInPeriod.count,
            "dueSoonCount": t.dueSoon.count,
            "dueSoonDays": TaskSection.dueSoonDays,
        ]
    }
}
