import Foundation
import TonghopCore
import TonghopOffice
import TonghopSynthesis

/// The synthesis as a workbook to work with: a summary sheet, every unit's values, difficulties, recommendations
/// and data-quality notes, each with its header frozen and filters on.
enum SynthesisWorkbook {
    static func make(_ s: Synthesis) -> Workbook {
        // The per-unit sheets and the results are the large ones: made on all cores beside the rest (none of them throws).
        let (values, results, others) = try! concurrently(
            { Self.values(s) }, { Self.results(s) },
            { [summary(s), tasks(s), difficulties(s), recommendations(s)] + [issuerRecommendations(s), dataQuality(s)].compactMap { $0 } })
        let assessment = Self.assessment(s).map { [$0] } ?? []
        return Workbook(
            sheets: [others[0]] + assessment + values + [results] + others.dropFirst(), created: s.heading.asOf, title: s.heading.subject)
    }

    /// A share in percent as the sheet stores it: the fraction, shown with its percent sign.
    private static func percentCell(_ value: Double?) -> Cell {
        value.map { .number($0 / 100, .percent) } ?? .empty
    }

    /// A criterion's label and its unit of measure, as a column's header says them; no empty brackets.
    private static func header(_ label: String, unit: String) -> String { unit.isEmpty ? label : "\(label) (\(unit))" }

    private static func headerRow(_ titles: [String]) -> [Cell] { titles.map { .text($0, .header) } }

    /// A number in a column whose numbers all show `decimals` decimals (0 or 1), so that 91,0 stands under 96,9.
    private static func numberCell(_ value: Double?, decimals: Int = 0) -> Cell {
        guard let value else { return .empty }
        return .number(value, decimals > 0 || value != value.rounded() ? .decimal : .integer)
    }

    /// A change with its sign, green when it is good news and red when it is bad, as the template's `better` says.
    private static func changeCell(_ value: Double?, decimals: Int, reading: Direction.Reading) -> Cell {
        guard let value, reading != .neutral else { return numberCell(value, decimals: decimals) }
        let decimal = decimals > 0 || value != value.rounded()
        return .number(value, reading == .good ? (decimal ? .goodChangeDecimal : .goodChange) : (decimal ? .badChangeDecimal : .badChange))
    }

    static func summary(_ s: Synthesis) -> Worksheet {
        let h = s.heading
        let c = s.compliance.summary
        var rows: [[Cell]] = [
            [.text(h.issuer.name, .bold)],
            [.text(h.subject, .title)],
            [.text("Kỳ báo cáo"), .text(SynthesisView.periodLabel(h))],
            [.text("Hạn nộp"), .text(VietnameseFormat.deadline(h.deadline))],
            [.text("Số liệu tính đến"), .text(VietnameseFormat.instant(h.asOf) + (h.isProvisional ? " (số liệu tạm tính: chưa đến hạn nộp)" : ""))],
            [.text("Mẫu báo cáo"), .text("\(h.templateTitle.vi), phiên bản \(h.templateVersion)")],
            [],
            headerRow(["Tình hình nộp báo cáo", "Số đơn vị", "Tỷ lệ"]),
            [.text("Phải báo cáo"), .number(Double(c.expected))],
            [.text("Đúng hạn"), .number(Double(c.onTime)), percentCell(c.onTimePercent)],
            [.text("Muộn"), .number(Double(c.late))],
            [.text("Chưa nộp"), .number(Double(c.missing))],
        ]
        if c.pending > 0 { rows.append([.text("Chưa đến hạn"), .number(Double(c.pending))]) }
        for late in s.compliance.late {
            rows.append([
                .text("Muộn: \(late.unit.name)", .wrapped), .text(VietnameseFormat.instant(late.receivedAt)),
                .text(VietnameseFormat.lateness(late.lateBySeconds)),
            ])
        }
        for missing in s.compliance.missing { rows.append([.text("Chưa nộp: \(missing.name)", .wrapped)]) }
        rows.append([])
        let tableHeader = rows.count + 1
        rows.append(
            headerRow([
                "Nhóm", "Tiêu chí", "Đơn vị tính", "Cách tổng hợp", "Kỳ này", "Kỳ trước (\(VietnameseFormat.period(h.previousPeriodKey)))",
                "Thay đổi (đơn vị có số liệu cả hai kỳ; tỷ lệ: điểm %)", "Thay đổi (%)", "Số đơn vị kỳ này", "Số đơn vị kỳ trước",
                "Số đơn vị so sánh",
                "Ghi chú",
            ]))
        for group in s.figures {
            for f in group.figures {
                let decimals = Language.decimals(of: [f.value, f.previous])
                let value: Cell =
                    f.distribution.map { .text($0.map { "\($0.choice): \($0.count)" }.joined(separator: "; "), .wrapped) }
                    ?? (f.isPercentage ? percentCell(f.value) : numberCell(f.value, decimals: decimals))
                let previous: Cell =
                    f.distribution.map { .text($0.map { "\($0.choice): \($0.previousCount)" }.joined(separator: "; "), .wrapped) }
                    ?? (f.isPercentage ? percentCell(f.previous) : numberCell(f.previous, decimals: decimals))
                rows.append([
                    .text(group.label.vi, .wrapped), .text(f.label.vi, .wrapped), .text(f.unitOfMeasure, .wrapped),
                    .text(VietnameseFormat.aggregation(f.aggregation), .wrapped), value, previous,
                    changeCell(f.change, decimals: max(decimals, f.change.map(Language.decimalsNeeded) ?? 0), reading: f.reading),
                    // A share's change is in points, in the column before: a percent of a percent says nothing.
                    f.isPercentage ? .empty : changeCell(f.changePercent.map { ($0 * 10).rounded() / 10 }, decimals: 1, reading: f.reading),
                    .number(Double(f.units)), .number(Double(f.previousUnits)), .number(Double(f.comparableUnits)),
                    f.swing.map { .text(SynthesisView.note($0), .wrapped) } ?? .empty,
                ])
            }
        }
        var sheet = Worksheet(name: "Tổng hợp", columnWidths: [26, 46, 11, 13, 13, 13, 14, 10, 10, 10, 10, 40], rows: rows)
        sheet.frozenRows = 0
        sheet.landscape = true
        sheet.printTitleRows = tableHeader...tableHeader
        sheet.fitWrappedRows()
        return sheet
    }

    /// Every unit's answers, one sheet per group of the template: a sheet of all the criteria is too wide to print on
    /// A4, and a group's fits across a landscape page at a size that reads.
    static func values(_ s: Synthesis) -> [Worksheet] {
        // Each unit's cells, in one pass over a million values at commune scale: a dictionary per unit was most of the
        // cost of the workbook.
        let columnOf = Dictionary(
            s.criteria.flatMap(\.criteria).enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let width = columnOf.count
        var cellsByUnit: [String: [CriterionValue?]] = [:]
        var unit: String?
        var cells: [CriterionValue?] = []
        for v in s.values {
            if v.unit != unit {
                if let unit { cellsByUnit[unit] = cells }
                unit = v.unit
                cells = cellsByUnit[v.unit] ?? Array(repeating: nil, count: width)
            }
            if let at = columnOf[v.criterion] { cells[at] = v.value }
        }
        if let unit { cellsByUnit[unit] = cells }
        // Each expected unit's answers, looked up once for all the sheets.
        let answers = s.unitTable.rows.map { cellsByUnit[$0.unit.code] }
        return s.criteria.enumerated().compactMap { index, group -> Worksheet? in
            guard !group.criteria.isEmpty else { return nil }
            let columns = group.criteria.map { columnOf[$0.id]! }
            // A column's numbers with one count of decimals.
            let decimals = columns.map { c in
                Language.decimals(of: answers.map { row -> Double? in if case .number(let n)? = row?[c] { n } else { nil } })
            }
            var rows: [[Cell]] = [
                [.text("\(index + 1). \(group.label.vi)", .title)],
                headerRow(["STT", "Đơn vị", "Tình trạng"] + group.criteria.map { header($0.label.vi, unit: $0.unitOfMeasure) }),
            ]
            for (number, row) in s.unitTable.rows.enumerated() {
                let values = answers[number]
                rows.append(
                    [.number(Double(number + 1)), .text(row.unit.name, .wrapped), .text(VietnameseFormat.state(of: row), .wrapped)]
                        + columns.indices.map { k -> Cell in
                            switch values?[columns[k]] ?? nil {
                            case nil: .empty
                            case .number(let n)? where group.criteria[k].type == .percentage: percentCell(n)
                            case .number(let n)?: numberCell(n, decimals: decimals[k])
                            case .yesNo(let yes)?: .text(yes ? "Có" : "Không")
                            case .date(let day)?: .text(VietnameseFormat.date(day))
                            // Dates come back from the archive as their text: written dd/mm/yyyy as people read them.
                            case .text(let text)? where group.criteria[k].type == .date:
                                .text(LocalDate(iso: text).map(VietnameseFormat.date) ?? text)
                            case let other?: .text(other.description, .wrapped)
                            }
                        })
            }
            var sheet = Worksheet(
                name: "Theo đơn vị (\(index + 1))", columnWidths: [5, 24, 11] + group.criteria.map { $0.type.isNumeric ? 12 : 16 }, rows: rows,
                frozenRows: 2)
            sheet.merges = ["A1:\(CellReference.column(2 + group.criteria.count))1"]
            sheet.filterHeaderRow = 2
            sheet.landscape = true
            sheet.printTitleRows = 1...2
            sheet.fitWrappedRows()
            return sheet
        }
    }

    /// What each unit achieved, by topic, each text whole in its cell.
    static func results(_ s: Synthesis) -> Worksheet {
        var rows = [headerRow(["Nhóm nội dung", "Đơn vị", "Kết quả đạt được"])]
        for group in s.results {
            for item in group.items { rows.append([.text(group.label.vi, .wrapped), .text(item.unit.name, .wrapped), .text(item.text, .wrapped)]) }
        }
        return table("Kết quả", rows, widths: [26, 24, 100])
    }

    /// Every task of every unit it falls to, overdue ones first as the section lists them, with its state and the unit's word.
    static func tasks(_ s: Synthesis) -> Worksheet {
        var rows = [
            headerRow([
                "Đơn vị", "Nhiệm vụ", "Văn bản giao", "Hạn", "Tình trạng", "Số ngày quá hạn / muộn", "Ngày hoàn thành", "Sản phẩm",
                "Ghi chú của đơn vị",
            ])
        ]
        // In the order of the states (overdue first), each state's tasks in the section's order: grouped in one pass, not
        // sorted (a sort moved 16,000 tasks whole, two fifths of making the sheet).
        let tasks = s.tasks.assignments, kinds = TaskState.Kind.allCases
        var byState = Array(repeating: [Int](), count: kinds.count)
        for i in tasks.indices { byState[kinds.firstIndex(of: tasks[i].state)!].append(i) }
        rows.reserveCapacity(tasks.count + 1)
        for item in byState.joined().lazy.map({ tasks[$0] }) {
            rows.append([
                .text(item.unit.name, .wrapped), .text(item.text, .wrapped), .text(item.directive, .wrapped), .text(item.deadlineText, .wrapped),
                .text(item.state.label.vi, .wrapped), item.days.map { .number(Double($0)) } ?? .empty,
                item.completedOn.map { .text(VietnameseFormat.date($0)) } ?? .empty, .text(item.product, .wrapped), .text(item.note, .wrapped),
            ])
        }
        return table("Nhiệm vụ", rows, widths: [22, 60, 26, 14, 18, 12, 13, 30, 30])
    }

    static func difficulties(_ s: Synthesis) -> Worksheet {
        var rows = [headerRow(["Lĩnh vực", "Khó khăn, vướng mắc", "Đơn vị nêu", "Số đơn vị", "Lặp lại (từ 3 kỳ liên tiếp)"])]
        for group in s.difficulties {
            for item in group.items {
                rows.append([
                    .text(group.label.vi, .wrapped), .text(item.text, .wrapped), .text(SynthesisView.names(item.units.map(\.unit)), .wrapped),
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
                    .text(SynthesisView.addressee(group.addressee, group.label).capitalizedFirst, .wrapped), .text(item.text, .wrapped),
                    .text(SynthesisView.names(item.units), .wrapped), .number(Double(item.units.count)), .text("", .wrapped),
                ])
            }
        }
        for issue in s.interSectoral {
            rows.append([
                .text(issue.addressees.map { SynthesisView.addressee($0.key, $0.label) }.joined(separator: ", ").capitalizedFirst, .wrapped),
                .text(issue.text, .wrapped),
                .text(SynthesisView.names(issue.units), .wrapped), .number(Double(issue.units.count)), .text("Liên ngành", .wrapped),
            ])
        }
        return table("Kiến nghị", rows, widths: [30, 70, 40, 10, 12])
    }

    /// The recommendations addressed to the issuer itself: its own follow-up, on a sheet of their own.
    static func issuerRecommendations(_ s: Synthesis) -> Worksheet? {
        guard !s.issuerRecommendations.isEmpty else { return nil }
        let issuer = s.heading.issuer.nameInText ?? s.heading.issuer.name
        var rows = [headerRow(["Kiến nghị, đề xuất với \(issuer)", "Đơn vị kiến nghị", "Số đơn vị"])]
        for item in s.issuerRecommendations {
            rows.append([.text(item.text, .wrapped), .text(SynthesisView.names(item.units), .wrapped), .number(Double(item.units.count))])
        }
        // A sheet's name is at most 31 characters.
        return table(String("Kiến nghị với \(issuer)".prefix(31)), rows, widths: [80, 50, 10])
    }

    /// The staff's assessment and proposals, each paragraph or item in its own row.
    static func assessment(_ s: Synthesis) -> Worksheet? {
        guard let assessment = s.assessment else { return nil }
        var rows: [[Cell]] = [[.text("Đánh giá chung và đề xuất", .title)]]
        func row(_ block: AssessmentText.Block) -> [Cell] { [.text((block.isBullet ? "- " : "") + block.text, .wrapped)] }
        rows += assessment.text.general.map(row)
        let topics = Dictionary(s.criteria.map { ($0.id, $0.label.vi) }, uniquingKeysWith: { first, _ in first })
        for topic in assessment.text.topics where !topic.blocks.isEmpty {
            rows.append([.text(topics[topic.topic] ?? topic.topic, .bold)])
            rows += topic.blocks.map(row)
        }
        rows.append([.text("Người viết: \(assessment.author), \(VietnameseFormat.instant(assessment.writtenAt))", .note)])
        var sheet = Worksheet(name: "Đánh giá", columnWidths: [110], rows: rows)
        sheet.fitWrappedRows()
        return sheet
    }

    static func dataQuality(_ s: Synthesis) -> Worksheet {
        let labels = Dictionary(s.criteria.flatMap(\.criteria).map { ($0.id, $0.label.vi) }, uniquingKeysWith: { first, _ in first })
        var rows = [headerRow(["Loại", "Đơn vị", "Tiêu chí", "Nội dung", "Giá trị", "Trung vị các kỳ trước", "Khoảng thường gặp"])]
        for r in s.dataQuality.returned {
            rows.append([
                .text("Báo cáo bị trả lại để chỉnh sửa", .wrapped), .text(r.unit.name, .wrapped),
                .text(r.criteria.map(\.label.vi).joined(separator: "; "), .wrapped),
                .text(SynthesisView.returned(r)["text"] as? String ?? "", .wrapped),
            ])
        }
        for w in s.dataQuality.warnings {
            rows.append([
                .text("Cảnh báo khi tiếp nhận", .wrapped), .text(w.unit.name, .wrapped), .text(w.criterionId.flatMap { labels[$0] } ?? "", .wrapped),
                .text(w.text, .wrapped),
            ])
        }
        for o in s.dataQuality.outliers {
            let range = SynthesisView.usualRange(o, in: s)
            rows.append([
                .text("Khác thường so với các kỳ trước", .wrapped), .text(o.unit.name, .wrapped), .text(o.label.vi, .wrapped),
                .text("\(o.label.vi) là \(VietnameseFormat.number(o.value)), khác thường so với \(o.historyCount) kỳ trước", .wrapped),
                numberCell(o.value), numberCell(o.median), .text(range.low + " – " + range.high),
            ])
        }
        return table("Chất lượng dữ liệu", rows, widths: [18, 22, 30, 60, 12, 14, 18])
    }

    private static func table(_ name: String, _ rows: [[Cell]], widths: [Double]) -> Worksheet {
        var sheet = Worksheet(name: name, columnWidths: widths, rows: rows, frozenRows: 1)
        sheet.filterHeaderRow = 1
        sheet.landscape = true
        sheet.printTitleRows = 1...1
        sheet.fitWrappedRows()
        return sheet
    }
}
