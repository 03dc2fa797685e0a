import Foundation
import Testing
import TonghopCore
import TonghopOffice
import TonghopTestSupport
import ZIPFoundation

@testable import TonghopIngest

/// Workbooks written here part by part, for what Excel, LibreOffice and odd writers store and for what must be refused.
@Suite struct WorkbookSafetyTests {
    static let types = """
        <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>
        """
    static let workbook = """
        <?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Báo cáo" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
    static let relationships = """
        <?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
        """
    /// Style 1 shows numbers as dates (a custom format), as Excel writes a date typed into a cell.
    static let styles = """
        <?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1">\
        <numFmt numFmtId="170" formatCode="dd/mm/yyyy;@"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="170"/></cellXfs></styleSheet>
        """

    static func package(_ parts: [(String, String)]) throws -> Data {
        var package = ZipPackage(modified: Date(timeIntervalSince1970: 1_763_600_000))
        for (path, text) in parts { package.add(path, text) }
        return try package.data()
    }

    static func sheet(_ rows: String) -> String {
        "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\(rows)</sheetData></worksheet>"
    }

    static func workbook(sheet rows: String, extra: [(String, String)] = []) throws -> Data {
        try package(
            [
                ("[Content_Types].xml", types), ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", relationships),
                ("xl/styles.xml", styles), ("xl/worksheets/sheet1.xml", sheet(rows)),
            ] + extra)
    }

    @Test func inlineStringsFormulasNumbersAsTextDatesAndRowsWithoutReferences() throws {
        // No row or cell references (some writers leave them out), an inline string with two runs, a formula's cached
        // string, a number written as text, a formula's cached number, a boolean, an error, and a date by its style.
        let rows = """
            <row><c t="inlineStr"><is><t>unit</t></is></c><c/><c/><c t="inlineStr"><is><r><t>H</t></r><r><t>N</t></r></is></c></row>
            <row><c t="inlineStr"><is><t>period</t></is></c><c/><c/><c t="inlineStr"><is><t>2025-W46</t></is></c></row>
            <row><c t="inlineStr"><is><t>template</t></is></c><c/><c/><c t="inlineStr"><is><t>province-weekly</t></is></c></row>
            <row><c t="inlineStr"><is><t>templateVersion</t></is></c><c/><c/><c t="inlineStr"><is><t>1.1</t></is></c></row>
            <row><c t="inlineStr"><is><t>Mã</t></is></c></row>
            <row><c t="inlineStr"><is><t>dc.tasks_received</t></is></c><c/><c/><c t="str"><f>"11"&amp;"34"</f><v>1134</v></c></row>
            <row r="9"><c r="A9" t="inlineStr"><is><t>hr.recruited</t></is></c><c r="D9" t="inlineStr"><is><t> 12 </t></is></c></row>
            <row r="10"><c r="A10" t="inlineStr"><is><t>hr.trainees</t></is></c><c r="D10"><f>SUM(D6:D9)</f><v>1146</v></c></row>
            <row r="11"><c r="A11" t="inlineStr"><is><t>gen.apparatus_smooth</t></is></c><c r="D11" t="b"><v>1</v></c></row>
            <row r="12"><c r="A12" t="inlineStr"><is><t>it.online_on_time_rate</t></is></c><c r="D12" t="e"><v>#DIV/0!</v></c></row>
            <row r="13"><c r="A13" t="inlineStr"><is><t>gen.data_cutoff_date</t></is></c><c r="D13" s="1"><v>45980</v></c></row>
            """
        let read = ReportReader.read(try Self.workbook(sheet: rows), fileName: "odd.xlsx")
        let draft = try #require(read.draft)
        #expect(draft.unit?.value == "HN" && draft.unit?.location.cell == "Báo cáo!D1")
        let values = Dictionary(uniqueKeysWithValues: draft.values.map { ($0.criterionId, $0) })
        #expect(values["dc.tasks_received"]?.raw == .text("1134") && values["dc.tasks_received"]?.location.cell == "Báo cáo!D6")
        #expect(values["hr.recruited"]?.raw == .text(" 12 ") && values["hr.trainees"]?.raw == .number(1146))
        #expect(values["gen.apparatus_smooth"]?.raw == .boolean(true) && values["it.online_on_time_rate"]?.raw == .text("#DIV/0!"))
        #expect(values["gen.data_cutoff_date"]?.raw == .text("2025-11-19"))
        // The validator takes the number written as text, and refuses the error value by its cell.
        let outcome = ReportValidator(catalog: shippedCatalog).check(draft, receivedAt: sampleReceipt)
        #expect(!outcome.errors.contains { $0.criterionId == "dc.tasks_received" || $0.criterionId == "hr.recruited" })
        let error = try #require(outcome.errors.first { $0.criterionId == "it.online_on_time_rate" })
        #expect(error.code == .wrongType && error.location.cell == "Báo cáo!D12")
    }

    /// Each refusal is a clear error, and the file is not read at all.
    @Test func damagedHugeMacroAndForeignWorkbooksAreRefused() throws {
        let good = try Self.workbook(sheet: "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>unit</t></is></c></row>")
        func refusal(_ data: Data, _ name: String = "x.xlsx") -> ValidationIssue? {
            let read = ReportReader.read(data, fileName: name)
            return read.draft == nil ? read.issues.first : nil
        }
        // Damaged: cut in the middle, or not a ZIP at all.
        #expect(refusal(good.prefix(good.count / 2))?.code == .unreadableFile)
        #expect(refusal(Data("record,key,value\n".utf8))?.message.en.contains("not an Excel workbook (.xlsx)") == true)
        // A zip bomb: a few kilobytes that would unpack to megabytes of nothing.
        let bomb = try Self.package([("[Content_Types].xml", Self.types), ("xl/workbook.xml", String(repeating: " ", count: 4 << 20))])
        #expect(bomb.count < 100_000)
        #expect(refusal(bomb)?.message.en.contains("zip bomb") == true)
        let huge = try Self.package([("[Content_Types].xml", Self.types), ("xl/worksheets/sheet1.xml", String(repeating: "<row/>", count: 4 << 20))])
        #expect(refusal(huge)?.message.en.contains("would unpack to") == true)
        // Macros: by the name, by the macro part, by the content type.
        #expect(refusal(good, "x.xlsm")?.message.en.contains("macro-enabled") == true)
        let vba = try Self.workbook(sheet: "", extra: [("xl/vbaProject.bin", "binary")])
        #expect(refusal(vba)?.message.en.contains("macros") == true)
        let macroType = try Self.package([
            ("[Content_Types].xml", Self.types.replacingOccurrences(of: "sheet.main+xml", with: "sheet.macroEnabled.main+xml")),
            ("xl/workbook.xml", Self.workbook),
        ])
        #expect(refusal(macroType)?.message.en.contains("macros") == true)
        // A spreadsheet that is not a form: the synthesis workbook, say.
        let other = try Workbook(sheets: [Worksheet(name: "Tổng hợp", rows: [[.text("x")]])], created: Date(), title: "x").xlsxData()
        let notForm = try #require(refusal(other))
        #expect(notForm.code == .malformedFile && notForm.message.en.contains("no sheet \"Báo cáo\""))
        // A part that is not XML.
        let broken = try Self.package([("[Content_Types].xml", Self.types), ("xl/workbook.xml", "<workbook><sheets></workbook>")])
        #expect(refusal(broken)?.message.en.contains("not well-formed XML") == true, "\(String(describing: refusal(broken)))")
    }
}
