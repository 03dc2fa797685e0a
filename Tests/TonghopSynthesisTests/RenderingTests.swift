import Foundation
import Testing
import TonghopCore
import TonghopOffice
import TonghopStore
import TonghopTestSupport

@testable import TonghopRendering
@testable import TonghopSynthesis

#if canImport(FoundationXML)
    import FoundationXML
#endif

let renderer = try! SynthesisRenderer(directory: Repo.templates.appendingPathComponent("synthesis"))

/// A week whose one report carries markup, quotes and a formula in its texts (control characters are refused when a
/// report is checked; `xmlEscaped` still drops those XML cannot hold, see its own test).
func hostileSynthesis() throws -> Synthesis {
    let db = try TonghopDatabase.inMemory()
    var b = ReportBuilder()
    b.set("gen.contact", "=HYPERLINK(\"http://evil.example\",\"bấm\")")
    b.difficulties = [["field": "land", "text": "<script>alert('x')</script> & \"đất\" *đậm* [link](http://x) hết"]]
    b.recommendations = [["addressee": "government", "text": "+cmd|' /C calc'!A0 <b>kiến nghị</b>"]]
    _ = try submit(b.json(), at: "2025-11-20T07:00:00+07:00", into: db)
    return try synthesize(period: "2025-W46", asOf: "2025-11-20T09:00:00+07:00", in: db)
}

/// Every `.xml` and `.rels` part of an Office package, parsed.
func parsedParts(_ data: Data) throws -> [String: String] {
    try officeParts(data).reduce(into: [:]) { parts, part in
        if part.key.hasSuffix(".xml") || part.key.hasSuffix(".rels") {
            let parser = XMLParser(data: part.value)
            #expect(parser.parse() && parser.parserError == nil, "\(part.key): \(parser.parserError.map { "\($0)" } ?? "")")
        }
        parts[part.key] = String(decoding: part.value, as: UTF8.self)
    }
}

@Suite struct RenderingTests {
    @Test func theWordedFormatsNeedNeitherEveryValueNorTheOtherTemplates() throws {
        let full = try synthesize(period: "2025-W46", asOf: "2025-11-20T09:00:00+07:00")
        let lean = try synthesize(period: "2025-W46", asOf: "2025-11-20T09:00:00+07:00", scope: .worded)
        #expect(!full.values.isEmpty)
        #expect(lean.values.isEmpty)
        let markdownOnly = try SynthesisRenderer(directory: Repo.templates.appendingPathComponent("synthesis"), formats: [.md])
        #expect(try markdownOnly.render(lean, as: .md) == (try renderer.render(full, as: .md)))
        for format in [SynthesisFormat.html, .docx] {
            #expect(try renderer.render(lean, as: format) == (try renderer.render(full, as: format)), "\(format)")
        }
        #expect(throws: TemplateError.self) { try markdownOnly.render(lean, as: .html) }
        #expect(SynthesisFormat.md.scope == .worded && SynthesisFormat.csv.scope == .tidy && SynthesisFormat.xlsx.scope == .whole)
    }

    /// The CSV made from the tidy part alone is the one made from the whole model: for each schedule, a closed week, a
    /// week still open (provisional), a month, and a moment before anything arrived.
    @Test(arguments: [
        ("province-weekly", "2025-W46", "2025-11-20T09:00:00+07:00"), ("province-weekly", "2025-W46", "2025-11-19T12:00:00+07:00"),
        ("province-weekly", "2025-W45", "2025-11-20T09:00:00+07:00"), ("central-weekly", "2025-W46", "2025-11-20T09:00:00+07:00"),
        ("monthly", "2025-10", "2025-11-20T09:00:00+07:00"), ("province-weekly", "2025-W46", "2025-11-10T09:00:00+07:00"),
    ])
    func theTidyPartWritesTheCSVOfTheWholeModel(_ schedule: String, _ period: String, _ asOf: String) throws {
        let whole = try synthesize(schedule, period: period, asOf: asOf)
        let tidy = try synthesize(schedule, period: period, asOf: asOf, scope: .tidy)
        #expect(try renderer.render(tidy, as: .csv) == (try renderer.render(whole, as: .csv)))
        #expect(tidy.values.count == whole.values.count && tidy.tasks.assignments.count == whole.tasks.assignments.count)
        #expect(tidy.heading.periodKey == whole.heading.periodKey && tidy.heading.templateVersionsUsed == whole.heading.templateVersionsUsed)
        #expect(tidy.compliance.summary == whole.compliance.summary)
        // What the CSV does not show is not made.
        #expect(tidy.figures.isEmpty && tidy.difficulties.isEmpty && tidy.unitTable.rows.isEmpty && tidy.trend.periods.isEmpty)
    }

    @Test func reportTextIsEscapedInHTML() throws {
        let html = String(decoding: try renderer.render(try hostileSynthesis(), as: .html), as: UTF8.self)
        #expect(html.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;đất&quot;"))
        #expect(!html.contains("<script>") && !html.contains("<b>kiến nghị</b>"))
        #expect(html.contains("&lt;b&gt;kiến nghị&lt;/b&gt;"))
        // Self-contained: nothing is fetched from the network.
        #expect(!html.contains("src=\"http") && !html.contains("<link") && !html.contains("<script"))
        #expect(html.contains("<svg") && html.contains("@media print") && html.hasPrefix("<!DOCTYPE html>"))
    }

    @Test func reportTextCannotBecomeMarkdown() throws {
        let md = String(decoding: try renderer.render(try hostileSynthesis(), as: .md), as: UTF8.self)
        #expect(md.contains("\\<script\\>") && md.contains("\\*đậm\\*") && md.contains("\\[link\\](http://x)"))
    }

    @Test func theDocxIsAValidPackageLaidOutAsDecree30Asks() throws {
        let parts = try parsedParts(try renderer.render(try hostileSynthesis(), as: .docx))
        let document = try #require(parts["word/document.xml"])
        #expect(document.hasPrefix("<?xml"))
        #expect(document.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && document.contains("Độc lập - Tự do - Hạnh phúc"))
        #expect(document.contains("Hà Nội, ngày 20 tháng 11 năm 2025") && document.contains("BỘ NỘI VỤ"))
        #expect(document.contains("&lt;script&gt;") && !document.contains("\u{0001}"))
        // A4, margins 20 mm top and bottom, 30 mm left, 15 mm right; no page number on the first page.
        #expect(document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"))
        #expect(document.contains("w:top=\"1134\" w:right=\"851\" w:bottom=\"1134\" w:left=\"1701\""))
        #expect(document.contains("<w:titlePg/>"))
        #expect(parts["word/styles.xml"]?.contains("Times New Roman") == true)
        #expect(parts["word/header1.xml"]?.contains("PAGE") == true)
        #expect(parts["[Content_Types].xml"] != nil && parts["word/_rels/document.xml.rels"] != nil)
    }

    @Test func theXlsxIsAValidPackageWithItsSheets() throws {
        let s = try synthesize(asOf: SynthesisFigureTests.asOf)
        let parts = try parsedParts(try renderer.render(s, as: .xlsx))
        let workbook = try #require(parts["xl/workbook.xml"])
        let groups = s.criteria.count
        for name in ["Tổng hợp", "Khó khăn", "Kiến nghị", "Chất lượng dữ liệu"] + (1...groups).map({ "Theo đơn vị (\($0))" }) {
            #expect(workbook.contains("name=\"\(name)\""))
        }
        let values = try #require(parts["xl/worksheets/sheet2.xml"])
        #expect(values.contains("<pane ySplit=\"2\"") && values.contains("<cols>") && values.contains("<autoFilter"))
        // 32 units reported: 2 header rows and a row for each of the 34 expected units.
        #expect(values.components(separatedBy: "<row ").count - 1 == 36)
        #expect(parts["xl/sharedStrings.xml"]?.contains("Thành phố Hà Nội") == true)
    }

    @Test func theUnitTableRowsCarryEachUnitsStateAndValues() throws {
        let s = try synthesize(asOf: SynthesisFigureTests.asOf)
        let hanoi = try #require(s.unitTable.rows.first)
        #expect(hanoi.unit.code == "HN")
        let cells = zip(hanoi.values, s.unitTable.criteria).map { SynthesisView.value($0, type: $1.type) }
        let md = String(decoding: try renderer.render(s, as: .md), as: UTF8.self)
        #expect(
            md.contains(
                "| 1 | Thành phố Hà Nội | \(VietnameseFormat.state(hanoi.state)) |" + cells.map { " \($0) |" }.joined()
                    + " \(hanoi.difficulties) |"))
        let html = String(decoding: try renderer.render(s, as: .html), as: UTF8.self)
        #expect(html.contains("<tbody>\n<tr><td class=\"n\">1</td><td>Thành phố Hà Nội</td><td class=\"state-\(hanoi.state.rawValue)\">"))
        // Every row once, in the registry's order, however the rows were split between cores.
        let numbers = md.split(separator: "\n").compactMap { line in line.hasPrefix("| ") ? Int(line.dropFirst(2).prefix { $0 != " " }) : nil }
        #expect(numbers == Array(1...s.unitTable.rows.count))
        #expect(html.components(separatedBy: "<td class=\"state-").count - 1 == s.unitTable.rows.count)
    }

    @Test func aTemplatesFolderWithoutTheRowTemplateIsRefusedByName() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tonghop-rows-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Repo.templates.appendingPathComponent("synthesis"), to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("synthesis.md.unit-row.mustache"))
        do {
            _ = try SynthesisRenderer(directory: folder, formats: [.md])
            Issue.record("loaded without the row template")
        } catch {
            #expect("\(error)".contains("synthesis.md.unit-row.mustache"))
        }
    }

    @Test func packagesAreDeflatedInChunksThatReadBackWhole() throws {
        // Text that compresses unevenly, over two chunks and a half, beside an empty part and a small one.
        let long = (0..<90_000).map { "<c r=\"A\($0)\"><v>\($0 * 7919 % 10007)</v></c>" }.joined()
        #expect(long.utf8.count > 2 * ZipPackage.chunkSize)
        var package = ZipPackage(modified: try #require(ISO8601DateFormatter().date(from: "2025-11-20T01:59:58Z")))
        package.add("[Content_Types].xml", "<Types/>")
        package.add("xl/empty.xml", "")
        package.add("xl/worksheets/sheet1.xml", long)
        let data = try package.data()
        let parts = try officeParts(data)
        #expect(parts.count == 3)
        #expect(parts["xl/worksheets/sheet1.xml"] == Data(long.utf8))
        #expect(parts["xl/empty.xml"] == Data())
        #expect(data.count < long.utf8.count / 3)
        // ZIP times have no zone: 08:59:58 in Vietnam, whatever the server's zone.
        let bytes = [UInt8](data)
        let time = UInt16(bytes[10]) | UInt16(bytes[11]) << 8, date = UInt16(bytes[12]) | UInt16(bytes[13]) << 8
        #expect(time >> 11 == 8 && (time >> 5) & 63 == 59 && (time & 31) * 2 == 58)
        #expect(Int(date >> 9) + 1980 == 2025 && (date >> 5) & 15 == 11 && date & 31 == 20)
    }

    @Test func csvRowsFollowTheValuesInOrder() throws {
        let s = try synthesize(asOf: SynthesisFigureTests.asOf)
        let lines = String(decoding: try renderer.render(s, as: .csv), as: UTF8.self).components(separatedBy: "\r\n").dropLast()
        #expect(lines.count == s.values.count + s.tasks.assignments.count + 1)
        #expect(s.values.count % 4 != 0, "chunks of unequal size are joined too")
        for (line, v) in zip(lines.dropFirst(), s.values) where !v.value.description.contains(",") {
            #expect(line == [v.unit, v.unitName, v.period, v.criterion, v.value.description].map(SynthesisCSV.cell).joined(separator: ","))
        }
        // Then each task of each unit, its state as the value.
        let task = try #require(s.tasks.assignments.first)
        #expect(
            lines[s.values.count + 1]
                == [task.unit.code, task.unit.name, s.heading.periodKey, "task:\(task.taskId)", task.state.rawValue].joined(separator: ","))
    }

    @Test func sharedStringsKeepTheExactCharactersOfEachText() throws {
        // "Hòa" with ò as one character and as o + a combining grave accent: equal to Swift, different bytes.
        let composed = "H\u{00F2}a", decomposed = "Ho\u{0300}a"
        let workbook = Workbook(
            sheets: [Worksheet(name: "A", rows: [[.text(composed), .text(decomposed), .text(composed)]])],
            created: Date(timeIntervalSince1970: 0), title: "t")
        let parts = try parsedParts(try workbook.xlsxData())
        let strings = try #require(parts["xl/sharedStrings.xml"])
        #expect(strings.contains("count=\"3\" uniqueCount=\"2\""))
        // Compared as bytes: `contains` on strings would find either form.
        let bytes = Array(strings.utf8)
        #expect(bytes.firstRange(of: Array("<t>\(composed)</t>".utf8)) != nil && bytes.firstRange(of: Array("<t>\(decomposed)</t>".utf8)) != nil)
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains("<c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>0</v></c>"))
    }

    /// A text too long to share is written in its cell, unless the cells next to it in its column hold the same (a
    /// task's title down its units' rows): a run of it, its first cell included, shares one string; a run broken by
    /// another text starts again; a long text met once stays in its cell.
    @Test func aLongTextRepeatedDownItsColumnIsSharedAndOneMetOnceIsNot() throws {
        let title = String(repeating: "Chỉ đạo giải quyết dứt điểm chế độ, chính sách ", count: 4)
        let once = String(repeating: "Kết quả riêng của một đơn vị ", count: 8)
        // Both longer than the longest text shared (160 bytes).
        #expect(title.utf8.count > 160 && once.utf8.count > 160)
        let rows: [[Cell]] = [
            [.text(title), .text(once)], [.text(title), .empty], [.text(title), .empty], [.text("khác"), .empty], [.text(title), .empty],
        ]
        let parts = try parsedParts(
            try Workbook(sheets: [Worksheet(name: "A", rows: rows)], created: Date(timeIntervalSince1970: 0), title: "t").xlsxData())
        let strings = try #require(parts["xl/sharedStrings.xml"]), sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        #expect(strings.contains("count=\"4\" uniqueCount=\"2\""), "\(strings)")
        #expect(strings.components(separatedBy: title).count - 1 == 1)
        for row in 1...3 { #expect(sheet.contains("<c r=\"A\(row)\" t=\"s\"><v>0</v></c>"), "row \(row)") }
        #expect(sheet.contains("<c r=\"A4\" t=\"s\"><v>1</v></c>"))
        #expect(sheet.contains("<c r=\"A5\" t=\"inlineStr\">") && sheet.contains("<c r=\"B1\" t=\"inlineStr\">"))
        #expect(sheet.components(separatedBy: title).count - 1 == 1 && sheet.components(separatedBy: once).count - 1 == 1)
        // Read back as written.
        let read = try #require(
            try WorkbookReader.read(
                try Workbook(sheets: [Worksheet(name: "A", rows: rows)], created: Date(timeIntervalSince1970: 0), title: "t").xlsxData()
            )
            .first)
        let firstColumn = read.rowNumbers.map { row -> String? in
            guard case .text(let text)? = read.cells[row]?.min(by: { $0.key < $1.key })?.value else { return nil }
            return text
        }
        #expect(firstColumn == [title, title, title, "khác", title])
    }

    @Test func aLongSheetIsWrittenInChunksThatKeepEveryRowAndText() throws {
        // Over 500 rows, written in several chunks; texts repeat, so each chunk refers to strings another one met first.
        let rows = (0..<520).map { i -> [Cell] in [.text("đơn vị \(i % 7)"), .number(Double(i))] }
        let parts = try parsedParts(
            try Workbook(sheets: [Worksheet(name: "A", rows: rows)], created: Date(timeIntervalSince1970: 0), title: "t")
                .xlsxData())
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        #expect(sheet.components(separatedBy: "<row ").count - 1 == 520)
        for i in [0, 63, 64, 65, 149, 519] {
            #expect(
                sheet.contains("<row r=\"\(i + 1)\"><c r=\"A\(i + 1)\" t=\"s\"><v>\(i % 7)</v></c><c r=\"B\(i + 1)\" s=\"4\"><v>\(i)</v></c></row>"))
        }
        #expect(parts["xl/sharedStrings.xml"]?.contains("count=\"520\" uniqueCount=\"7\"><si><t>đơn vị 0</t></si><si><t>đơn vị 1</t></si>") == true)
    }

    @Test func theWorkbookKeepsNumbersNumbersAndTextsTexts() throws {
        // A text answer that looks like a number (or like NaN) stays a text; the values sheet no longer guesses.
        var s = try synthesize(asOf: SynthesisFigureTests.asOf)
        let first = try #require(s.values.first)
        s.values = [
            TidyValue(unit: first.unit, unitName: first.unitName, period: first.period, criterion: "gen.overall_assessment", value: .text("nan")),
            TidyValue(unit: first.unit, unitName: first.unitName, period: first.period, criterion: "dc.tasks_received", value: .number(6432)),
        ]
        let sheets = SynthesisWorkbook.values(s)
        let rows = sheets.flatMap(\.rows).filter { $0.count > 1 && $0[1] == .text(first.unitName, .wrapped) }
        #expect(rows.contains { $0.contains(.text("nan", .wrapped)) })
        #expect(rows.contains { $0.contains { if case .number(6432) = $0.value { true } else { false } } })
    }

    @Test func theSamePackageTwiceIsTheSameBytes() throws {
        let s = try synthesize(asOf: SynthesisFigureTests.asOf)
        for format in [SynthesisFormat.xlsx, .docx, .html, .csv] {
            #expect(try renderer.render(s, as: format) == renderer.render(s, as: format), "\(format)")
        }
    }

    @Test func csvIsTidyExcelReadableAndNeutralisesFormulas() throws {
        let csv = String(decoding: try renderer.render(try hostileSynthesis(), as: .csv), as: UTF8.self)
        #expect(csv.hasPrefix("\u{FEFF}unit,unit_name,period,criterion,value\r\n"))
        #expect(csv.contains("HN,Thành phố Hà Nội,2025-W46,dc.tasks_received,10\r\n"))
        #expect(csv.contains("HN,Thành phố Hà Nội,2025-W46,gen.contact,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"bấm\"\")\"\r\n"))
        #expect(SynthesisCSV.cell("+1+1") == "'+1+1" && SynthesisCSV.cell("@SUM(A1)") == "'@SUM(A1)" && SynthesisCSV.cell("-x") == "'-x")
        #expect(SynthesisCSV.cell("-5") == "-5" && SynthesisCSV.cell("+2.5") == "+2.5")
        #expect(SynthesisCSV.cell("a,b") == "\"a,b\"" && SynthesisCSV.cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
        // Quoted byte by byte: Vietnamese text around the doubled quotes, a line break, a formula that also needs quotes.
        #expect(SynthesisCSV.cell("Đã nói \"xin chào\",\nrồi") == "\"Đã nói \"\"xin chào\"\",\nrồi\"")
        #expect(SynthesisCSV.cell("=A1,\"B\"") == "\"'=A1,\"\"B\"\"\"" && SynthesisCSV.cell("") == "" && SynthesisCSV.cell("\"") == "\"\"\"\"")
        // A quote followed by a combining mark is doubled too: Foundation's search, which the cell went through until the
        // twelfth round of issue 26, took the pair for one character and left the quote single, the cell broken.
        #expect(Array(SynthesisCSV.cell("a\"\u{0301}b,").utf8) == Array("\"a\"\"\u{0301}b,\"".utf8))
    }

    @Test func theJSONIsTheWholeModel() throws {
        let s = try synthesize(asOf: SynthesisFigureTests.asOf)
        let object = try JSONSerialization.jsonObject(with: try renderer.render(s, as: .json)) as! [String: Any]
        for key in [
            "heading", "compliance", "complianceBySchedule", "figures", "trend", "unitTable", "attention", "difficulties",
            "recommendations", "interSectoral", "dataQuality", "weeklyReporting", "values",
        ] {
            #expect(object[key] != nil, "\(key)")
        }
        #expect((object["values"] as? [Any])?.count == s.values.count)
    }

    @Test func xmlTextIsEscapedAndStrippedOfWhatXMLForbids() {
        #expect("Hà Nội 12,5".xmlEscaped == "Hà Nội 12,5")
        #expect("<b>Đà Nẵng & \"Huế\"</b> 'x'".xmlEscaped == "&lt;b&gt;Đà Nẵng &amp; &quot;Huế&quot;&lt;/b&gt; &apos;x&apos;")
        #expect("a\u{1}b\tc\nd\u{FFFE}e\u{FFFF}f\u{F8FF}".xmlEscaped == "ab\tc\ndef\u{F8FF}")
    }

    /// Numbers written as the grouping through strings wrote them (the reference below), byte for byte, at every
    /// magnitude, count of decimals, sign and rounding edge, in both languages.
    @Test func numbersAreWrittenAsTheGroupingThroughStringsWroteThem() {
        func reference(_ language: Language, _ value: Double, decimals: Int?) -> String {
            guard value.isFinite else { return "–" }
            guard abs(value) < 1e15 else { return NumberText.text(value) }
            let decimals = min(max(decimals ?? Language.decimalsNeeded(value), 0), 4)
            let scale = pow(10, Double(decimals))
            let scaled = Int64((abs(value) * scale).rounded())
            let whole = scaled / Int64(scale)
            let (group, point) = language == .vi ? (".", ",") : (",", ".")
            var digits = String(whole)
            var grouped = ""
            while digits.count > 3 {
                grouped = group + digits.suffix(3) + grouped
                digits.removeLast(3)
            }
            grouped = digits + grouped
            if decimals > 0 {
                let fraction = String(scaled % Int64(scale))
                grouped += point + String(repeating: "0", count: decimals - fraction.count) + fraction
            }
            return (value < 0 && scaled != 0 ? "−" : "") + grouped
        }
        var values: [Double] = [0, -0.0, .nan, .infinity, -.infinity, 0.004, 0.005, 0.049, 0.05, 0.95, 0.999, 1e15, -1e15, 3e19]
        values += [9e14, 9.2e14, 9.22e14, 9.2233e14, 9.3e14, 9.99e14, -9.5e14]
        var magnitude = 1.0
        for _ in 0..<15 {
            for offset in [-1.0, -0.5, -0.05, 0, 0.04, 0.45, 0.5, 0.95] { values += [magnitude + offset, -(magnitude + offset)] }
            magnitude *= 10
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 { values.append(Double.random(in: -1e14...1e14, using: &generator) / pow(10, Double(Int.random(in: 0...12)))) }
        var differences: [String] = []
        for language in [Language.vi, .en] {
            for value in values {
                for decimals in [nil, 0, 1, 2, 3, 4] as [Int?] {
                    // Where the grouping through strings trapped (a number near 10¹⁵ with four decimals): asserted below.
                    let scale = pow(10, Double(min(max(decimals ?? Language.decimalsNeeded(value), 0), 4)))
                    if value.isFinite && abs(value) < 1e15 && abs(value) * scale >= 0x1p63 { continue }
                    let written = language.number(value, decimals: decimals)
                    if written != reference(language, value, decimals: decimals) {
                        differences.append("\(language) \(value) \(String(describing: decimals)): \(written)")
                    }
                }
            }
        }
        #expect(differences.isEmpty, "\(differences.prefix(5))")
    }

    @Test func vietnameseNumbersAndDates() {
        #expect(VietnameseFormat.number(1_234_567) == "1.234.567" && VietnameseFormat.number(95.54) == "95,5")
        #expect(VietnameseFormat.number(-3.5) == "−3,5" && VietnameseFormat.number(0.04) == "0,04")
        // A sum beyond what grouping can hold is written as it is, not trapped on.
        #expect(VietnameseFormat.number(3e19) == "3e+19")
        #expect(Language.vi.number(-0.04, decimals: 1) == "0,0" && Language.en.number(-1_234.5) == "−1,234.5")
        #expect(Language.vi.number(999_999_999_999_999.0) == "999.999.999.999.999" && Language.vi.number(1e15) == NumberText.text(1e15))
        // Four decimals of a number near the limit: written as Swift writes it rather than trapped on.
        #expect(Language.vi.number(9.5e14, decimals: 4) == NumberText.text(9.5e14))
        #expect(VietnameseFormat.dateLine(LocalDate(year: 2026, month: 2, day: 5)) == "ngày 05 tháng 02 năm 2026")
        #expect(VietnameseFormat.dateLine(LocalDate(year: 2025, month: 11, day: 20)) == "ngày 20 tháng 11 năm 2025")
    }
}

@Suite struct StreamingJSONTests {
    /// An enum with associated values (nested containers), optionals, a control character and an instant.
    enum Shape: Codable, Equatable {
        case circle(radius: Double)
        case label(String, [Int?])
    }

    struct Sample: Codable {
        var name = "Hà Nội \"quoted\" \\ \u{0001} /slash"
        var shapes: [Shape] = [.circle(radius: 2.5), .label("x", [1, nil, 3])]
        var missing: String? = nil
        var at = Date(timeIntervalSince1970: 1_763_604_000)
        var empty: [String] = []
        var flag = true
        var count = 12.0
    }

    @Test func writesWhatJSONEncoderWritesSemantically() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let ours = try JSONSerialization.jsonObject(with: StreamingJSONEncoder.encode(Sample())) as! NSDictionary
        let theirs = try JSONSerialization.jsonObject(with: encoder.encode(Sample())) as! NSDictionary
        #expect(ours == theirs)
        #expect(String(decoding: try StreamingJSONEncoder.encode(Sample()), as: UTF8.self).contains("\\u0001"))
        // A synthesis' backspace and form feed as they have always been written (the API's answers write `\b`, `\f`).
        var out = ByteWriter()
        out.jsonString("\u{8}\u{c}")
        #expect(out.bytes == Array(#""\u0008\u000c""#.utf8))
    }

    /// Strings are looked at eight bytes at a time: every byte that needs an escape, at every place in texts of every
    /// length around two words, Vietnamese around it, comes out as a byte-by-byte escape writes it.
    @Test func everyEscapeIsFoundWhereverItFallsInAWord() throws {
        func byByte(_ text: String) -> [UInt8] {
            var out = Array("\"".utf8)
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): out += Array("\\\"".utf8)
                case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
                case UInt8(ascii: "\n"): out += Array("\\n".utf8)
                case UInt8(ascii: "\r"): out += Array("\\r".utf8)
                case UInt8(ascii: "\t"): out += Array("\\t".utf8)
                case 0..<0x20: out += Array(String(format: "\\u%04x", byte).utf8)
                default: out.append(byte)
                }
            }
            return out + Array("\"".utf8)
        }
        let specials: [Character] = (0..<0x20).map { Character(Unicode.Scalar($0)) } + ["\"", "\\"]
        // Bytes next to the escapes' values that must not be taken for them: a space, "!", "#", "[", "]", DEL, and the
        // lead and trail bytes of "ệ" and "Đ".
        let neighbours: [Character] = [" ", "!", "#", "[", "]", "\u{7F}", "ệ", "Đ", "a"]
        var checked = 0
        for length in 0...17 {
            for place in 0..<max(length, 1) {
                for special in specials {
                    for neighbour in neighbours {
                        var text = String(repeating: neighbour, count: length)
                        if length > 0 {
                            var characters = Array(text)
                            characters[place] = special
                            text = String(characters)
                        }
                        var out = ByteWriter()
                        out.jsonString(text)
                        #expect(out.bytes == byByte(text), "\(text.debugDescription)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 5_000)
    }

    /// Long lists are written in pieces on all cores, the tasks, results and rows of units and the units raising a
    /// difficulty by hand: the same bytes as each element's own encoding, in order, whatever is absent and whatever needs
    /// escaping.
    @Test func longListsWrittenInPiecesAreTheirElementsOwnEncoding() throws {
        let items = (0..<1_500).map { i in
            TaskItem(
                taskId: "task-\(i % 7)", text: "Rà soát \"quy hoạch\" \\ số \(i)\n", directive: "Kết luận số 183-KL/TW",
                deadline: i % 3 == 0 ? nil : "2025-12-31", deadlineText: i % 3 == 0 ? "thường xuyên" : "31/12/2025",
                unit: UnitRef(code: "X\(i)", name: "Xã \u{0001}\(i)"), state: TaskState.Kind.allCases[i % 5], days: i % 2 == 0 ? nil : i,
                completedOn: i % 4 == 0 ? LocalDate(year: 2025, month: 11, day: 17) : nil, product: i % 5 == 0 ? "Quyết định" : "",
                note: "")
        }
        let results = (0..<1_200).map { i in UnitResult(unit: UnitRef(code: "X\(i)", name: "Xã \(i)"), text: "Kết quả \"\(i)\"\t") }
        let numbers: [Double] = [0, -3, 2.5, 1e16, -0.125, .nan, .infinity, -.infinity]
        let states: [StatusBoard.State] = [.onTime, .late, .missing, .pending, .untracked]
        let rows = (0..<1_000).map { i -> UnitRow in
            let number: ReportedValue? = i % 4 == 0 ? nil : .number(numbers[i % numbers.count])
            let values: [ReportedValue?] = i % 10 == 0 ? [] : [number, .text("có \"\(i)\"\u{0002}"), nil]
            return UnitRow(
                unit: UnitRef(code: "X\(i)", name: "Xã \\ \(i)"), state: states[i % states.count],
                reportedAt: i % 3 == 0 ? nil : Date(timeIntervalSince1970: 1_763_600_000 + Double(i) * 61.5),
                values: values,
                difficulties: i % 4, recommendations: i % 3, warnings: i % 2, review: i % 5 == 0 ? nil : ReviewState.allCases[i % 3])
        }
        func oneByOne<T: Encodable>(_ elements: [T]) throws -> String {
            // Each document ends with a line break.
            "[" + (try elements.map { String(decoding: try StreamingJSONEncoder.encode($0).dropLast(), as: UTF8.self) }).joined(separator: ",")
                + "]\n"
        }
        #expect(String(decoding: try StreamingJSONEncoder.encode(items), as: UTF8.self) == (try oneByOne(items)))
        #expect(String(decoding: try StreamingJSONEncoder.encode(results), as: UTF8.self) == (try oneByOne(results)))
        #expect(String(decoding: try StreamingJSONEncoder.encode(rows), as: UTF8.self) == (try oneByOne(rows)))
        // Short lists too, written at once.
        let raising = (0..<700).map { i in
            RaisingUnit(unit: UnitRef(code: "X\(i)", name: "Xã \"\(i)\""), periodsInRow: i % 6, recurring: i % 6 >= 3)
        }
        for list in [raising, Array(raising.prefix(3)), []] {
            #expect(String(decoding: try StreamingJSONEncoder.encode(list), as: UTF8.self) == (try oneByOne(list)))
        }
        #expect(String(decoding: try StreamingJSONEncoder.encode(Array(rows.prefix(7))), as: UTF8.self) == (try oneByOne(Array(rows.prefix(7)))))
        // Handed on in pieces as they are written, the same bytes again.
        var handed = Data()
        try StreamingJSONEncoder.encode(items) { handed.append(contentsOf: $0) }
        #expect(handed == (try StreamingJSONEncoder.encode(items)))
    }

    @Test func theWholeSynthesisReadsBackAsTheSameModel() throws {
        let s = try synthesize(asOf: SynthesisFigureTests.asOf)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let back = try decoder.decode(Synthesis.self, from: try StreamingJSONEncoder.encode(s))
        #expect(back.values.count == s.values.count && back.unitTable.rows.count == s.unitTable.rows.count)
        // Each value with its own unit, period and criterion, however the rows were written.
        let fields = { (v: TidyValue) in [v.unit, v.unitName, v.period, v.criterion, v.value.description] }
        #expect(back.values.map(fields) == s.values.map(fields))
        #expect(try StreamingJSONEncoder.encode(back) == StreamingJSONEncoder.encode(s))
        // The tidy values written ahead, on other cores, land where the direct walk writes them.
        #expect(try SynthesisJSON.encode(s) == StreamingJSONEncoder.encode(s))
    }
}

/// The JSON of the sample week is the committed one, byte for byte: the model's shape (typed states, periods and values)
/// changes nothing of what a reader of the JSON gets. `$REPO` stands for the checkout's folder in the files' places.
@Suite struct GoldenJSONTests {
    @Test(arguments: ["province-weekly", "central-weekly"])
    func theSampleWeekIsTheCommittedJSON(_ schedule: String) throws {
        let file = Repo.root.appendingPathComponent("Tests/Golden/\(schedule)-2025-W46.json")
        let json = String(decoding: try SynthesisJSON.encode(try synthesize(schedule, asOf: SynthesisFigureTests.asOf)), as: UTF8.self)
            .replacingOccurrences(of: Repo.root.path + "/", with: "$REPO/")
        // `TONGHOP_UPDATE_GOLDEN=1 swift test` rewrites the file after a deliberate change; read its diff before committing.
        if ProcessInfo.processInfo.environment["TONGHOP_UPDATE_GOLDEN"] == "1" { try json.write(to: file, atomically: true, encoding: .utf8) }
        let golden = try String(contentsOf: file, encoding: .utf8)
        #expect(json == golden)
    }
}

/// The worded documents are written by their template around marks, the large texts put in their place.
@Suite struct SplicedDocumentTests {
    @Test func marksAreReplacedByTheirTextsAndAnythingElseIsRefused() {
        let (a, b) = (SplicedText.mark(0), SplicedText.mark(1))
        // The pieces as texts (they are bytes, written out as they are).
        func splice(_ written: String, _ large: [String]) -> [String]? {
            SplicedText.splice(written, large.map { Array($0.utf8) })?.map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(splice("đầu \(b) giữa \(a)\(a) cuối", ["A", "B"]) == ["đầu ", "B", " giữa ", "A", "", "A", " cuối"])
        #expect(splice("không có dấu", ["A"]) == ["không có dấu"])
        // A mark character anywhere but in a whole mark, a mark after a backslash or past the texts: written whole instead.
        #expect(splice("lạc \u{E000} chỗ \(a)", ["A"]) == nil)
        #expect(splice("\\\(a)", ["A"]) == nil)
        #expect(splice(b, ["A"]) == nil)
        #expect(splice(String(a.dropLast()), ["A"]) == nil)
        #expect(splice("<\u{E000}0-0\u{E000}>", ["A"]) == nil, "a mark without this run's number")
    }

    @Test func aReportQuotingAMarkIsWrittenAsItsWordsNotAsTheRows() throws {
        func synthesis(difficulty: String) throws -> Synthesis {
            let db = try TonghopDatabase.inMemory()
            var report = ReportBuilder()
            report.difficulties = [["field": "land", "text": difficulty]]
            _ = try submit(report.json(), at: "2025-11-20T07:00:00+07:00", into: db)
            return try synthesize(period: "2025-W46", asOf: "2025-11-20T09:00:00+07:00", in: db)
        }
        let forged = "chép lại \(SplicedText.mark(0)) hết"
        let (quoting, plain) = (try synthesis(difficulty: forged), try synthesis(difficulty: "chép lại hết"))
        for format in [SynthesisFormat.md, .html, .docx] {
            func text(_ s: Synthesis) throws -> String {
                let data = try renderer.render(s, as: format)
                return format == .docx ? try #require(try parsedParts(data)["word/document.xml"]) : String(decoding: data, as: UTF8.self)
            }
            let (written, expected) = (try text(quoting), try text(plain))
            let escaped = format == .md ? MarkdownContentType().escapeText(forged) : forged.xmlEscaped
            #expect(written.contains(escaped), "\(format)")
            // The rows stand once, where the template puts them, as in the same week without the quote.
            let row = "Hà Nội"
            #expect(written.components(separatedBy: row).count == expected.components(separatedBy: row).count, "\(format)")
        }
    }

    @Test func aTemplateThatEscapesTheRowsIsWrittenAsItAsks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tonghop-spliced-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = Repo.templates.appendingPathComponent("synthesis")
        for name in ["synthesis.md", "synthesis.md.unit-row", "synthesis.md.result"] {
            var text = try String(contentsOf: source.appendingPathComponent(name + ".mustache"), encoding: .utf8)
            if name == "synthesis.md" { text = text.replacingOccurrences(of: "{{{unitRows}}}", with: "{{unitRows}}") }
            try text.write(to: folder.appendingPathComponent(name + ".mustache"), atomically: true, encoding: .utf8)
        }
        let s = try synthesize(period: "2025-W46", asOf: "2025-11-20T09:00:00+07:00")
        let escaping = String(decoding: try SynthesisRenderer(directory: folder, formats: [.md]).render(s, as: .md), as: UTF8.self)
        let usual = String(decoding: try renderer.render(s, as: .md), as: UTF8.self)
        #expect(!escaping.contains("\u{E000}"))
        // The rows' own bars escaped as text, the rest the same.
        #expect(escaping != usual && escaping.contains("\\|"))
        #expect(escaping.hasPrefix(String(usual.prefix(200))))
    }
}

@Suite struct PackagePiecesTests {
    @Test func aPartInPiecesOrWrittenInSlicesIsDeflatedAsTheSameTextWhole() throws {
        // Pieces of every size, empty ones among them, chunk boundaries inside pieces and inside multi-byte characters.
        let long = String(repeating: "Ủy ban nhân dân tỉnh Đắk Lắk; ", count: 60_000)
        let pieces = ["", "<w:document>", long, "", "ấ", String(long.prefix(70_000)), "</w:document>"]
        #expect(pieces.joined().utf8.count > 2 * ZipPackage.chunkSize)
        let instant = Date(timeIntervalSince1970: 1_763_600_000)
        var inPieces = ZipPackage(modified: instant), whole = ZipPackage(modified: instant), made = ZipPackage(modified: instant)
        // As a Word document hands on its pieces' bytes.
        inPieces.add("word/document.xml") { output in for piece in pieces { try Array(piece.utf8).withUnsafeBytes(output) } }
        whole.add("word/document.xml", pieces.joined())
        // Written in slices of uneven sizes, small and larger than a chunk, as a sheet's writer hands its rows on.
        let bytes = Array(pieces.joined().utf8)
        made.add("word/document.xml") { output in
            var start = 0
            for size in [1, 999, 70_000, ZipPackage.chunkSize + 3, 5] + Array(repeating: 333_333, count: 20) where start < bytes.count {
                let end = min(start + size, bytes.count)
                try bytes[start..<end].withUnsafeBytes(output)
                start = end
            }
            try bytes[start...].withUnsafeBytes(output)
        }
        let data = try inPieces.data()
        #expect(try officeParts(data)["word/document.xml"] == Data(pieces.joined().utf8))
        let (wholeData, madeData) = (try whole.data(), try made.data())
        #expect(data == wholeData && data == madeData)
        // Written piece by piece to an output, the same bytes.
        var streamed = Data()
        try inPieces.write { streamed.append(contentsOf: $0) }
        #expect(streamed == data)
    }
}
