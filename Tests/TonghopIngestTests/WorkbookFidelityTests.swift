import Foundation
import Testing
import TonghopCore
import TonghopOffice
import TonghopTestSupport
import ZIPFoundation

@testable import TonghopIngest

/// Workbooks that Excel, LibreOffice and openpyxl read one way and a careless reader another: each is read here as Excel
/// shows it, or refused with the place named when Excel itself would not know which value is meant.
@Suite struct WorkbookFidelityTests {
    typealias Parts = WorkbookSafetyTests

    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

    static func cells(_ data: Data, sheet: String = "Báo cáo") throws -> ReadSheet {
        try #require(try WorkbookReader.read(data).first { $0.name == sheet })
    }

    static func refusal(_ data: Data) -> String? {
        do {
            _ = try WorkbookReader.read(data)
            return nil
        } catch {
            return error.message.text(in: .vi) + " | " + error.message.text(in: .en)
        }
    }

    @Test func datesOfThe1904SystemAreReadAsTheDaysExcelShows() throws {
        // 19/11/2025 is 45980 from 1899-12-30 and 44518 from 1904-01-01.
        let rows = "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>44518</v></c><c r=\"B1\" s=\"1\"><v>45980</v></c></row>"
        let in1904 = try Parts.workbook(sheet: rows).replacing(
            workbook: Parts.workbook.replacingOccurrences(of: "<sheets>", with: "<workbookPr date1904=\"1\"/><sheets>"))
        let sheet1904 = try Self.cells(in1904)
        #expect(sheet1904.value(row: 0, column: 0) == .date(LocalDate(year: 2025, month: 11, day: 19)))
        #expect(sheet1904.value(row: 0, column: 1) == .date(LocalDate(year: 2029, month: 11, day: 20)))
        // "true" says the same; the 1900 system is the default.
        let spelled = try Parts.workbook(sheet: rows).replacing(
            workbook: Parts.workbook.replacingOccurrences(of: "<sheets>", with: "<workbookPr date1904=\"true\"/><sheets>"))
        #expect(try Self.cells(spelled).value(row: 0, column: 0) == .date(LocalDate(year: 2025, month: 11, day: 19)))
        let in1900 = try Self.cells(try Parts.workbook(sheet: rows))
        #expect(in1900.value(row: 0, column: 1) == .date(LocalDate(year: 2025, month: 11, day: 19)))
        // Serial 0 is a day in 1904 (1 January), none in 1900.
        let zero = try Parts.workbook(sheet: "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c></row>").replacing(
            workbook: Parts.workbook.replacingOccurrences(of: "<sheets>", with: "<workbookPr date1904=\"1\"/><sheets>"))
        #expect(try Self.cells(zero).value(row: 0, column: 0) == .date(LocalDate(year: 1904, month: 1, day: 1)))
        #expect(ExcelDate.date(serial: 0) == nil)
    }

    @Test func partsThatBindSpreadsheetMLToAPrefixAreReadAsThoseThatDoNot() throws {
        let ns = Self.mainNamespace
        let workbook = """
            <?xml version="1.0"?><x:workbook xmlns:x="\(ns)" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <x:sheets><x:sheet name="Báo cáo" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>
            """
        let styles = """
            <?xml version="1.0"?><x:styleSheet xmlns:x="\(ns)"><x:numFmts count="1"><x:numFmt numFmtId="170" formatCode="0.0%"/></x:numFmts>\
            <x:cellXfs count="3"><x:xf numFmtId="0"/><x:xf numFmtId="170"/><x:xf numFmtId="14"/></x:cellXfs></x:styleSheet>
            """
        let strings = "<?xml version=\"1.0\"?><x:sst xmlns:x=\"\(ns)\"><x:si><x:t>Hà Nội</x:t></x:si></x:sst>"
        let sheet = """
            <?xml version="1.0"?><x:worksheet xmlns:x="\(ns)"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c>\
            <x:c r="B1" s="1"><x:v>0.969</x:v></x:c><x:c r="C1" s="2"><x:v>45980</x:v></x:c>\
            <x:c r="D1" t="inlineStr"><x:is><x:t>xin chào</x:t></x:is></x:c></x:row></x:sheetData>\
            <x:extLst><x14:ext xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:c r="E1"><x14:v>9</x14:v></x14:c>\
            </x14:ext></x:extLst></x:worksheet>
            """
        let data = try Parts.package([
            ("[Content_Types].xml", Parts.types), ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", Parts.relationships),
            ("xl/styles.xml", styles), ("xl/sharedStrings.xml", strings), ("xl/worksheets/sheet1.xml", sheet),
        ])
        let read = try Self.cells(data)
        #expect(read.value(row: 0, column: 0) == .text("Hà Nội"))
        #expect(read.value(row: 0, column: 1) == .percent(0.969))
        #expect(read.value(row: 0, column: 2) == .date(LocalDate(year: 2025, month: 11, day: 19)))
        #expect(read.value(row: 0, column: 3) == .text("xin chào"))
        // An element of another namespace, though named `c`, is not a cell of the sheet.
        #expect(read.value(row: 0, column: 4) == nil)
    }

    @Test func textInCDATAExcelEscapesAndPhoneticHintsIsReadAsExcelShowsIt() throws {
        let strings = """
            <?xml version="1.0"?><sst xmlns="\(Self.mainNamespace)"><si><t><![CDATA[Kết quả <nổi bật> & đầy đủ]]></t></si>\
            <si><t>dòng 1_x000D_</t></si><si><r><t>Hà</t></r><r><t xml:space="preserve"> Nội</t></r><rPh sb="0" eb="1"><t>ハ</t></rPh></si>\
            <si><t>giữ nguyên _x005F_x000D_ và _xZZZZ_ và _X0041_ và _x００４１_</t></si><si><t>_xD83D__xDE00_</t></si></sst>
            """
        let rows = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c>\
            <c r="E1" t="s"><v>4</v></c></row>\
            <row r="2"><c r="A2" t="inlineStr"><is><t><![CDATA[liên hệ: a@b.vn]]></t></is></c>\
            <c r="B2" t="inlineStr"><is><r><t>Thanh</t></r><r><t xml:space="preserve"> Hóa</t></r><rPh sb="0" eb="5"><t>タン</t></rPh></is></c>\
            <c r="C2" t="inlineStr"><is><t>a_x0009_b</t></is></c><c r="D2" t="str"><f>A1</f><v>x_x000A_y</v></c></row>
            """
        let read = try Self.cells(try Parts.workbook(sheet: rows, extra: [("xl/sharedStrings.xml", strings)]))
        #expect(read.value(row: 0, column: 0) == .text("Kết quả <nổi bật> & đầy đủ"))
        #expect(read.value(row: 0, column: 1) == .text("dòng 1\r"))
        #expect(read.value(row: 0, column: 2) == .text("Hà Nội"))
        // Excel takes a lower-case x and ASCII digits only.
        #expect(read.value(row: 0, column: 3) == .text("giữ nguyên _x000D_ và _xZZZZ_ và _X0041_ và _x００４１_"))
        #expect(read.value(row: 0, column: 4) == .text("😀"))
        #expect(read.value(row: 1, column: 0) == .text("liên hệ: a@b.vn"))
        #expect(read.value(row: 1, column: 1) == .text("Thanh Hóa"))
        #expect(read.value(row: 1, column: 2) == .text("a\tb"))
        #expect(read.value(row: 1, column: 3) == .text("x\ny"))
    }

    @Test func excelEscapesRoundTripThroughTheWorkbooksTonghopWrites() throws {
        for text in ["_x000D_ giữ nguyên", "a\r\nb", "_x005F_", "mã_x_1", "_X0041_", "không có gì"] {
            let data = try Workbook(sheets: [Worksheet(name: "Báo cáo", rows: [[.text(text)]])], created: Date(), title: "x").xlsxData()
            #expect(try Self.cells(data).value(row: 0, column: 0) == .text(text), "\(text.debugDescription)")
            #expect(text.excelEscaped.excelUnescaped == text)
        }
    }

    @Test func aCellARowOrASheetGivenTwiceIsRefusedWithItsPlace() throws {
        let cellTwice = try Parts.workbook(sheet: "<row r=\"4\"><c r=\"D4\"><v>1</v></c><c r=\"D4\"><v>2</v></c></row>")
        #expect(Self.refusal(cellTwice)?.contains("ô Báo cáo!D4 có hai giá trị") == true, "\(Self.refusal(cellTwice) ?? "")")
        // The second one without a reference, counted onto the first's place.
        let counted = try Parts.workbook(sheet: "<row r=\"2\"><c r=\"B2\"><v>1</v></c></row><row r=\"2\"><c r=\"C2\"><v>2</v></c></row>")
        #expect(Self.refusal(counted)?.contains("hai hàng cùng số 2") == true, "\(Self.refusal(counted) ?? "")")
        let rowCounted = try Parts.workbook(sheet: "<row r=\"5\"/><row/><row r=\"6\"/>")
        #expect(Self.refusal(rowCounted)?.contains("hai hàng cùng số 6") == true)
        let sheets = """
            <?xml version="1.0"?><workbook xmlns="\(Self.mainNamespace)" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Báo cáo" sheetId="1" r:id="rId1"/>\
            <sheet name="BÁO CÁO" sheetId="2" r:id="rId1"/></sheets></workbook>
            """
        let sheetTwice = try Parts.workbook(sheet: "").replacing(workbook: sheets)
        #expect(Self.refusal(sheetTwice)?.contains("hai trang cùng tên \"BÁO CÁO\"") == true, "\(Self.refusal(sheetTwice) ?? "")")
        // Through the reader, the refusal is the file's, with nothing else said.
        let read = ReportReader.read(cellTwice, fileName: "x.xlsx")
        #expect(read.draft == nil && read.issues.count == 1 && read.issues.first?.code == .unreadableFile)
    }

    @Test func aFormulaResultWithBinaryNoiseIsReadAsTheNumberExcelShows() throws {
        let rows = """
            <row r="1"><c r="A1"><f>2.58*100</f><v>258.00000000000006</v></c><c r="B1"><v>0.30000000000000004</v></c>\
            <c r="C1"><v>1E-3</v></c><c r="D1" s="1"><v>45979.999999999993</v></c><c r="E1"><v>123456789012345678</v></c></row>
            """
        let read = try Self.cells(try Parts.workbook(sheet: rows))
        #expect(read.value(row: 0, column: 0) == .number(258))
        #expect(read.value(row: 0, column: 1) == .number(0.3))
        #expect(read.value(row: 0, column: 2) == .number(0.001))
        #expect(read.value(row: 0, column: 3) == .date(LocalDate(year: 2025, month: 11, day: 19)))
        #expect(read.value(row: 0, column: 4) == .number(123_456_789_012_346_000))
        // In a form, the whole-number criterion takes it without a complaint.
        let form = """
            <row r="1"><c r="A1" t="inlineStr"><is><t>unit</t></is></c><c r="D1" t="inlineStr"><is><t>HN</t></is></c></row>
            <row r="2"><c r="A2" t="inlineStr"><is><t>period</t></is></c><c r="D2" t="inlineStr"><is><t>2025-W46</t></is></c></row>
            <row r="3"><c r="A3" t="inlineStr"><is><t>template</t></is></c><c r="D3" t="inlineStr"><is><t>province-weekly</t></is></c></row>
            <row r="4"><c r="A4" t="inlineStr"><is><t>templateVersion</t></is></c><c r="D4" t="inlineStr"><is><t>1.1</t></is></c></row>
            <row r="5"><c r="A5" t="inlineStr"><is><t>Mã</t></is></c></row>
            <row r="6"><c r="A6" t="inlineStr"><is><t>hr.recruited</t></is></c><c r="D6"><f>2.58*100</f><v>258.00000000000006</v></c></row>
            """
        let outcome = ReportValidator(catalog: shippedCatalog).check(try Parts.workbook(sheet: form), fileName: "HN.xlsx", receivedAt: sampleReceipt)
        #expect(!outcome.issues.contains { $0.criterionId == "hr.recruited" }, "\(outcome.issues.filter { $0.criterionId == "hr.recruited" })")
        let draft = try #require(ReportReader.read(try Parts.workbook(sheet: form), fileName: "HN.xlsx").draft)
        #expect(draft.values.first { $0.criterionId == "hr.recruited" }?.raw == .number(258))
    }
}

extension Data {
    /// The same package with its workbook part replaced.
    fileprivate func replacing(workbook: String) throws -> Data {
        let archive = try ZIPFoundation.Archive(data: self, accessMode: .read)
        var parts: [(String, String)] = []
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            parts.append((entry.path, entry.path == "xl/workbook.xml" ? workbook : String(decoding: bytes, as: UTF8.self)))
        }
        return try WorkbookSafetyTests.package(parts)
    }
}
