import Foundation
import TonghopCore
import TonghopOffice
import TonghopSynthesis

/// The synthesis as a workbook to work with: a summary sheet, every unit's values, difficulties, recommendations
/// and data-quality notes, each with its header frozen and filters on.
enum SynthesisWorkbook {
    static func make(_ s: Synthesis) -> Workbook {
        Workbook(
            sheets: [summary(s), values(s), difficulties(s), recommendations(s), dataQuality(s)], created: s.heading.asOf,
            title: s.heading.subject)
    }

    private static func headerRow(_ titles: [String]) -> [Cell] { titles.map { .text($0, .header) } }

    private static func numberCell(_ value: Double?) -> Cell {
        guard let value else { return .empty }
        return .number(value, value == value.rounded() ? .integer : .decimal)
    }

    static func summary(_ s: Synthesis) -> Worksheet {
        let h = s.heading
        let c = s.compliance.summary
        var rows: [[Cell]] = [
            [.text(h.issuer.name, .bold)],
            [.text(h.subject, .title)],
            [.text("Kỳ báo cáo"), .text("\(h.periodKey): \(SynthesisView.periodLabel(h))")],
            [.text("Hạn nộp"), .text(VietnameseFormat.instant(h.deadline))],
            [.text("Số liệu tính đến"), .text(VietnameseFormat.instant(h.asOf))],
            [.text("Mẫu báo cáo"), .text("\(h.templateId) \(h.templateVersion)")],
            [],
            headerRow(["Tình hình nộp báo cáo", "Số đơn vị", "Tỷ lệ"]),
            [.text("Phải báo cáo"), .number(Double(c.expected))],
            [.text("Đúng hạn"), .number(Double(c.onTime)), .text(VietnameseFormat.percent(c.onTimePercent))],
            [.text("Muộn"), .number(Double(c.late))],
            [.text("Chưa nộp"), .number(Double(c.missing))],
        ]
        if c.pending > 0 { rows.append([.text("Chưa đến hạn"), .number(Double(c.pending))]) }
        for late in s.compliance.late {
            rows.append([
                .text("Muộn: \(late.unit.name)"), .text(VietnameseFormat.instant(late.receivedAt)),
                .text(VietnameseFormat.duration(late.lateBySeconds)),
            ])
        }
        for missing in s.compliance.missing { rows.append([.text("Chưa nộp: \(missing.name)")]) }
        rows.append([])
        let tableHeader = rows.count + 1
        rows.append(
            headerRow([
                "Nhóm", "Tiêu chí", "Mã tiêu chí", "Đơn vị tính", "Cách tổng hợp", "Kỳ này", "Kỳ trước", "Thay đổi", "Thay đổi (%)",
                "Số đơn vị kỳ này", "Số đơn vị kỳ trước",
            ]))
        for group in s.figures {
            for f in group.figures {
                let value: Cell = f.distribution.map { .text($0.map { "\($0.choice): \($0.count)" }.joined(separator: "; ")) } ?? numberCell(f.value)
                let previous: Cell =
                    f.distribution.map { .text($0.map { "\($0.choice): \($0.previousCount)" }.joined(separator: "; ")) } ?? numberCell(f.previous)
                rows.append([
                    .text(group.label.vi), .text(f.label.vi, .wrapped), .text(f.criterionId), .text(f.unitOfMeasure),
                    .text(VietnameseFormat.aggregation(f.aggregation)), value, previous, numberCell(f.change),
                    f.changePercent.map { .number(($0 * 10).rounded() / 10, .decimal) } ?? .empty,
                    .number(Double(f.units)), .number(Double(f.previousUnits)),
                ])
            }
        }
        var sheet = Worksheet(name: "Tổng hợp", columnWidths: [30, 50, 30, 12, 14, 14, 14, 12, 12, 12, 12], rows: rows)
        sheet.frozenRows = 0
        sheet.landscape = true
        sheet.printTitleRows = tableHeader...tableHeader
        return sheet
    }

    static func values(_ s: Synthesis) -> Worksheet {
        // The criteria in the order they first come, and each unit's cells, in one pass over a million values at commune
        // scale: a list searched per value and a dictionary per unit were most of the cost of the workbook.
        var criteria: [String] = []
        var column: [String: Int] = [:]
        // Every unit's values come in the same order of criteria: the one expected next is tried before hashing the id.
        var expected = 0
        for v in s.values {
            if expected < criteria.count && criteria[expected] == v.criterion {
                expected += 1
            } else if let at = column[v.criterion] {
                expected = at + 1
            } else {
                column[v.criterion] = criteria.count
                criteria.append(v.criterion)
                expected = criteria.count
            }
        }
        let labels = Dictionary(s.figures.flatMap(\.figures).map { ($0.criterionId, $0.label.vi) }, uniquingKeysWith: { a, _ in a })
        var cellsByUnit: [String: [Cell]] = [:]
        var unit: String?
        var cells: [Cell] = []
        var next = 0
        for v in s.values {
            if v.unit != unit {
                if let unit { cellsByUnit[unit] = cells }
                unit = v.unit
                cells = cellsByUnit[v.unit] ?? Array(repeating: .empty, count: criteria.count)
                next = 0
            }
            let at = next < criteria.count && criteria[next] == v.criterion ? next : column[v.criterion]!
            next = at + 1
            cells[at] = if case .number(let n) = v.value { numberCell(n) } else { .text(v.value.description) }
        }
        if let unit { cellsByUnit[unit] = cells }
        var rows: [[Cell]] = [
            headerRow(["Mã", "Đơn vị", "Tình trạng", "Thời điểm nhận"] + criteria.map { labels[$0] ?? $0 }),
            headerRow(["unit", "unit_name", "state", "received_at"] + criteria),
        ]
        for row in s.unitTable.rows {
            rows.append(
                [
                    .text(row.unit.code), .text(row.unit.name), .text(VietnameseFormat.state(row.state)),
                    .text(row.reportedAt.map(VietnameseFormat.instant) ?? ""),
                ]
                    + (cellsByUnit[row.unit.code] ?? Array(repeating: .empty, count: criteria.count)))
        }
        var sheet = Worksheet(name: "Theo đơn vị", columnWidths: [10, 30, 14, 22] + criteria.map { _ in 16 }, rows: rows, frozenRows: 2)
        sheet.filterHeaderRow = 2
        sheet.landscape = true
        sheet.printTitleRows = 1...2
        return sheet
    }

    static func difficulties(_ s: Synthesis) -> Worksheet {
        var rows = [headerRow(["Lĩnh vực", "Khó khăn, vướng mắc", "Đơn vị nêu", "Số đơn vị", "Lặp lại (từ 3 kỳ liên tiếp)"])]
        for group in s.difficulties {
            for item in group.items {
                rows.append([
                    .text(group.label.vi), .text(item.text, .wrapped), .text(SynthesisView.names(item.units.map(\.unit)), .wrapped),
                    .number(Double(item.units.count)),
                    .text(item.units.filter(\.recurring).map { "\($0.unit.name): \($0.periodsInRow) kỳ" }.joined(separator: "; "), .wrapped),
                ])
            }
        }
        return table("Khó khăn", rows, widths: [24, 70, 40, 10, 30])
    }

    static func recommendations(_ s: Synthesis) -> Worksheet {
        var rows = [headerRow(["Cơ quan nhận kiến nghị", "Kiến nghị, đề xuất", "Đơn vị kiến nghị", "Số đơn vị", "Liên ngành"])]
        for group in s.recommendations {
            for item in group.items {
                rows.append([
                    .text(group.label.vi, .wrapped), .text(item.text, .wrapped), .text(SynthesisView.names(item.units), .wrapped),
                    .number(Double(item.units.count)), .text(""),
                ])
            }
        }
        for issue in s.interSectoral {
            rows.append([
                .text(issue.addressees.map(\.label.vi).joined(separator: ", "), .wrapped), .text(issue.text, .wrapped),
                .text(SynthesisView.names(issue.units), .wrapped), .number(Double(issue.units.count)), .text("Liên ngành"),
            ])
        }
        return table("Kiến nghị", rows, widths: [30, 70, 40, 10, 12])
    }

    static func dataQuality(_ s: Synthesis) -> Worksheet {
        var rows = [headerRow(["Loại", "Đơn vị", "Tiêu chí", "Nội dung", "Giá trị", "Trung vị các kỳ trước", "Khoảng thường gặp"])]
        for w in s.dataQuality.warnings {
            rows.append([.text("Cảnh báo khi tiếp nhận (\(w.code))"), .text(w.unit.name), .text(w.criterionId ?? ""), .text(w.message, .wrapped)])
        }
        for o in s.dataQuality.outliers {
            rows.append([
                .text("Khác thường so với các kỳ trước"), .text(o.unit.name), .text(o.criterionId), .text(o.label.vi, .wrapped),
                numberCell(o.value), numberCell(o.median),
                .text("\(VietnameseFormat.number(o.low)) – \(VietnameseFormat.number(o.high))"),
            ])
        }
        return table("Chất lượng dữ liệu", rows, widths: [30, 28, 28, 60, 12, 14, 22])
    }

    private static func table(_ name: String, _ rows: [[Cell]], widths: [Double]) -> Worksheet {
        var sheet = Worksheet(name: name, columnWidths: widths, rows: rows, frozenRows: 1)
        sheet.filterHeaderRow = 1
        sheet.landscape = true
        sheet.printTitleRows = 1...1
        return sheet
    }
}
