import Foundation
import TonghopCore

extension Workbook {
    /// The workbook as .xlsx bytes (SpreadsheetML, shared strings, one styles part).
    public func xlsxData() throws -> Data {
        try xlsxPackage.data()
    }

    /// Writes the workbook's package to `output` as it is made: each sheet written, deflated and let go before the next
    /// (see `ZipPackage.write(to:)`); the workbook is given up to it, so that a sheet written is let go.
    public consuming func writeXLSX(to output: ByteOutput) throws {
        let package = xlsxPackage
        sheets = []
        try package.write(to: output)
    }

    private var xlsxPackage: ZipPackage {
        // Every text its place in the shared strings first, in the order of the cells; then each sheet's rows are written
        // in chunks on all cores, knowing the place of each of their texts, when the package comes to that sheet.
        var strings = SharedStrings()
        let textPlaces = strings.places(of: sheets)
        var package = ZipPackage(modified: created)
        package.add("[Content_Types].xml", contentTypes)
        package.add(
            "_rels/.rels",
            OfficeXML.packageRelationships(
                main: "xl/workbook.xml",
                type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"))
        package.add("docProps/core.xml", OfficeXML.coreProperties(title: title, created: created))
        package.add("docProps/app.xml", OfficeXML.appProperties)
        package.add("xl/workbook.xml", workbookXML)
        package.add("xl/_rels/workbook.xml.rels", workbookRelationships)
        package.add("xl/styles.xml", Self.styles)
        for (index, (sheet, places)) in zip(sheets, textPlaces).enumerated() {
            package.add("xl/worksheets/sheet\(index + 1).xml") { output in try sheet.writeXML(textPlaces: places, to: output) }
        }
        package.add("xl/sharedStrings.xml", strings.xml)
        return package
    }

    /// Texts longer than this, in UTF-8 bytes, are written inline rather than shared.
    static let longestSharedText = 160
    /// The place of a text written inline.
    static let inlineText = -1

    private var contentTypes: String {
        let sheetsXML = sheets.indices.map {
            "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }.joined()
        return OfficeXML.declaration + """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
            <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
            \(sheetsXML)\
            <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
            <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
            </Types>
            """
    }

    private var workbookXML: String {
        let sheetsXML = sheets.enumerated().map { index, sheet in
            "<sheet name=\"\(sheet.name.xmlEscaped)\" sheetId=\"\(index + 1)\"\(sheet.isHidden ? " state=\"hidden\"" : "") r:id=\"rId\(index + 1)\"/>"
        }.joined()
        // Print titles and filters are workbook-level names in SpreadsheetML.
        var names: [String] = []
        for (index, sheet) in sheets.enumerated() {
            let quoted = "'" + sheet.name.replacingOccurrences(of: "'", with: "''") + "'"
            if let rows = sheet.printTitleRows {
                names.append(
                    "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(index)\">\(quoted.xmlEscaped)!$\(rows.lowerBound):$\(rows.upperBound)</definedName>"
                )
            }
            if let range = sheet.filterRange {
                names.append(
                    "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">\(quoted.xmlEscaped)!\(range.absolute)</definedName>"
                )
            }
        }
        return OfficeXML.declaration + """
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <bookViews><workbookView activeTab="0"/></bookViews>\
            <sheets>\(sheetsXML)</sheets>\
            \(names.isEmpty ? "" : "<definedNames>" + names.joined() + "</definedNames>")\
            </workbook>
            """
    }

    private var workbookRelationships: String {
        var relationships = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }
        let next = sheets.count + 1
        relationships.append(
            "<Relationship Id=\"rId\(next)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        )
        relationships.append(
            "<Relationship Id=\"rId\(next + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        )
        return OfficeXML.declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + relationships.joined() + "</Relationships>"
    }

    /// One entry of `cellXfs` per `CellStyle`, in its order.
    static let styles: String = {
        let xfs: [CellStyle: String] = [
            // Aligned to the top, every style: a row made tall for a wrapped label reads from its first line.
            .normal: "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\"><alignment vertical=\"top\"/></xf>",
            .header:
                "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" applyBorder=\"1\" applyAlignment=\"1\"><alignment wrapText=\"1\" vertical=\"center\"/></xf>",
            .title: "<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>",
            .wrapped:
                "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\"><alignment wrapText=\"1\" vertical=\"top\"/></xf>",
            .integer:
                "<xf numFmtId=\"3\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\"/></xf>",
            .decimal:
                "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\"/></xf>",
            .bold:
                "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\"/></xf>",
            .input:
                "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"3\" borderId=\"1\" xfId=\"0\" applyFill=\"1\" applyBorder=\"1\" applyAlignment=\"1\" applyProtection=\"1\"><alignment vertical=\"top\"/><protection locked=\"0\"/></xf>",
            .inputWrapped:
                "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"3\" borderId=\"1\" xfId=\"0\" applyFill=\"1\" applyBorder=\"1\" applyAlignment=\"1\" applyProtection=\"1\"><alignment wrapText=\"1\" vertical=\"top\"/><protection locked=\"0\"/></xf>",
            .inputDate:
                "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"3\" borderId=\"1\" xfId=\"0\" applyNumberFormat=\"1\" applyFill=\"1\" applyBorder=\"1\" applyAlignment=\"1\" applyProtection=\"1\"><alignment vertical=\"top\"/><protection locked=\"0\"/></xf>",
            .note:
                "<xf numFmtId=\"0\" fontId=\"3\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyAlignment=\"1\"><alignment wrapText=\"1\" vertical=\"top\"/></xf>",
            .code:
                "<xf numFmtId=\"0\" fontId=\"3\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyAlignment=\"1\"><alignment shrinkToFit=\"1\" vertical=\"top\"/></xf>",
            .inputPercent:
                "<xf numFmtId=\"166\" fontId=\"0\" fillId=\"3\" borderId=\"1\" xfId=\"0\" applyNumberFormat=\"1\" applyFill=\"1\" applyBorder=\"1\" applyAlignment=\"1\" applyProtection=\"1\"><alignment vertical=\"top\"/><protection locked=\"0\"/></xf>",
            .goodChange:
                "<xf numFmtId=\"167\" fontId=\"4\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFont=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\"/></xf>",
            .goodChangeDecimal:
                "<xf numFmtId=\"168\" fontId=\"4\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFont=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\"/></xf>",
            .badChange:
                "<xf numFmtId=\"167\" fontId=\"5\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFont=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\"/></xf>",
            .badChangeDecimal:
                "<xf numFmtId=\"168\" fontId=\"5\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFont=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\"/></xf>",
            .percent:
                "<xf numFmtId=\"169\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\"/></xf>",
        ]
        let cellXfs = CellStyle.allCases.map { xfs[$0]! }.joined()
        return OfficeXML.declaration + """
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <numFmts count="6"><numFmt numFmtId="164" formatCode="#,##0.0"/><numFmt numFmtId="165" formatCode="dd\\/mm\\/yyyy"/><numFmt numFmtId="166" formatCode="0.0#%"/>\
            <numFmt numFmtId="167" formatCode="+#,##0;-#,##0;0"/><numFmt numFmtId="168" formatCode="+#,##0.0;-#,##0.0;0.0"/><numFmt numFmtId="169" formatCode="0.0%"/></numFmts>\
            <fonts count="6"><font><sz val="11"/><name val="Arial"/><family val="2"/></font>\
            <font><b/><sz val="11"/><name val="Arial"/><family val="2"/></font>\
            <font><b/><sz val="14"/><name val="Arial"/><family val="2"/></font>\
            <font><i/><sz val="10"/><color rgb="FF555555"/><name val="Arial"/><family val="2"/></font>\
            <font><sz val="11"/><color rgb="FF1B5E20"/><name val="Arial"/><family val="2"/></font>\
            <font><sz val="11"/><color rgb="FFB71C1C"/><name val="Arial"/><family val="2"/></font></fonts>\
            <fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
            <fill><patternFill patternType="solid"><fgColor rgb="FFD9D9D9"/><bgColor indexed="64"/></patternFill></fill>\
            <fill><patternFill patternType="solid"><fgColor rgb="FFFFF9DB"/><bgColor indexed="64"/></patternFill></fill></fills>\
            <borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
            <border><left style="thin"><color rgb="FF999999"/></left><right style="thin"><color rgb="FF999999"/></right>\
            <top style="thin"><color rgb="FF999999"/></top><bottom style="thin"><color rgb="FF999999"/></bottom><diagonal/></border></borders>\
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
            <cellXfs count="\(CellStyle.allCases.count)">\(cellXfs)</cellXfs>\
            <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
            </styleSheet>
            """
    }()
}

extension Worksheet {
    /// The table the filter buttons cover: from the header row to the last row, over the widest row.
    var filterRange: (relative: String, absolute: String)? {
        guard let header = filterHeaderRow, header <= rows.count else { return nil }
        let lastColumn = CellReference.column(max(1, rows[header - 1].count) - 1)
        return ("A\(header):\(lastColumn)\(rows.count)", "$A$\(header):$\(lastColumn)$\(rows.count)")
    }

    /// Writes the sheet's XML to `output`; `textPlaces` are the shared-string indices of its text cells, in their order.
    /// Its rows in chunks, a few at a time on all cores (`writeRowsInPieces`), each handed on before the next are written
    /// (the values sheet of a commune-scale synthesis is 8 MB, never held whole).
    func writeXML(textPlaces: [Int], to output: ByteOutput) throws {
        var out = OfficeXML.declaration
        out +=
            "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        out += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"
        out += "<sheetViews><sheetView workbookViewId=\"0\">"
        if frozenRows > 0 {
            out += "<pane ySplit=\"\(frozenRows)\" topLeftCell=\"A\(frozenRows + 1)\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            out += "<selection pane=\"bottomLeft\" activeCell=\"A\(frozenRows + 1)\" sqref=\"A\(frozenRows + 1)\"/>"
        }
        out += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
        if !columnWidths.isEmpty {
            out +=
                "<cols>"
                + columnWidths.enumerated().map {
                    "<col min=\"\($0 + 1)\" max=\"\($0 + 1)\" width=\"\($1)\" customWidth=\"1\"\(hiddenColumns.contains($0) ? " hidden=\"1\"" : "")/>"
                }.joined()
                + "</cols>"
        }
        out += "<sheetData>"
        let columns = rows.map(\.count).max() ?? 0
        // Where each row's texts start among `textPlaces`.
        var textsBefore = 0
        let firstText = rows.map { row in
            defer { textsBefore += row.count { if case .text = $0.value { true } else { false } } }
            return textsBefore
        }
        var head = out
        try head.withUTF8 { try output(UnsafeRawBufferPointer($0)) }
        let rowsXML: @Sendable (Range<Int>) -> [UInt8] = { range in
            var data = SheetData(columns: columns, capacity: range.count * (columns * 28 + 16))
            for r in range {
                data.startRow(r + 1, height: rowHeights[r + 1])
                var text = firstText[r]
                // The cells read where they are: a loop over them copied each, its text retained and released.
                rows[r].withUnsafeBufferPointer { cells in
                    for c in cells.indices {
                        switch cells[c].value {
                        case .empty:
                            if cells[c].style != .normal { data.cell(column: c, row: r + 1, style: cells[c].style, value: nil) }
                        case .number(let n):
                            data.cell(column: c, row: r + 1, style: cells[c].style, value: n)
                        case .text(let s):
                            if textPlaces[text] == Workbook.inlineText {
                                data.inlineText(column: c, row: r + 1, style: cells[c].style, s)
                            } else {
                                data.sharedText(column: c, row: r + 1, style: cells[c].style, place: textPlaces[text])
                            }
                            text += 1
                        }
                    }
                }
                data.out.raw("</row>")
            }
            return data.out.bytes
        }
        try writeRowsInPieces(count: rows.count, minimum: 64, to: output, rowsXML)
        out = "</sheetData>"
        if isProtected {
            out +=
                "<sheetProtection sheet=\"1\" objects=\"1\" scenarios=\"1\" formatColumns=\"0\" formatRows=\"0\" insertRows=\"1\" deleteRows=\"1\"/>"
        }
        if let range = filterRange { out += "<autoFilter ref=\"\(range.relative)\"/>" }
        if !merges.isEmpty {
            out += "<mergeCells count=\"\(merges.count)\">" + merges.map { "<mergeCell ref=\"\($0)\"/>" }.joined() + "</mergeCells>"
        }
        if !validations.isEmpty {
            out += "<dataValidations count=\"\(validations.count)\">" + validations.map(\.xml).joined() + "</dataValidations>"
        }
        out += "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"
        out += "<pageSetup paperSize=\"9\" orientation=\"\(landscape ? "landscape" : "portrait")\" fitToWidth=\"1\" fitToHeight=\"0\"/>"
        out += "</worksheet>"
        try out.withUTF8 { try output(UnsafeRawBufferPointer($0)) }
    }
}

extension DataValidation {
    var xml: String {
        var attributes = "type=\"\(kind.rawValue)\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\""
        if let comparison, kind != .list { attributes += " operator=\"\(comparison)\"" }
        if let error { attributes += " errorTitle=\"tonghop\" error=\"\(error.xmlEscaped)\"" }
        if let prompt { attributes += " prompt=\"\(prompt.xmlEscaped)\"" }
        attributes += " sqref=\"\(cells)\""
        var out = "<dataValidation \(attributes)><formula1>\(formula1.xmlEscaped)</formula1>"
        if let formula2 { out += "<formula2>\(formula2.xmlEscaped)</formula2>" }
        return out + "</dataValidation>"
    }
}

/// The cells of a sheet written as bytes: a commune-scale sheet has over a hundred thousand, and building a string for
/// each reference and value took longer than deflating the whole workbook.
private struct SheetData {
    var out: ByteWriter
    /// "A", "B", … "AA" …, for each column in use.
    private let columnNames: [[UInt8]]

    init(columns: Int, capacity: Int) {
        columnNames = (0..<columns).map { Array(CellReference.column($0).utf8) }
        out = ByteWriter(capacity: capacity)
    }

    /// The last height written and its text: rows of the same number of lines come together, and making the text of a
    /// number is slower than copying it.
    private var lastHeight: (height: Double, text: [UInt8])?

    mutating func startRow(_ row: Int, height: Double?) {
        out.raw("<row r=\"")
        out.integer(row)
        if let height {
            if lastHeight?.height != height { lastHeight = (height, Array("\" ht=\"\(height)\" customHeight=\"1\">".utf8)) }
            out.bytes += lastHeight!.text
        } else {
            out.raw("\">")
        }
    }

    /// `<c r="B3" s="4"`: a cell's reference and style, its type and value to follow.
    private mutating func openCell(column: Int, row: Int, style: CellStyle) {
        out.raw("<c r=\"")
        out.bytes += columnNames[column]
        out.integer(row)
        out.byte(UInt8(ascii: "\""))
        if style != .normal {
            out.raw(" s=\"")
            out.integer(style.rawValue)
            out.byte(UInt8(ascii: "\""))
        }
    }

    /// A cell holding its text (`inlineStr`), blanks and line breaks kept.
    mutating func inlineText(column: Int, row: Int, style: CellStyle, _ text: String) {
        openCell(column: column, row: row, style: style)
        out.raw(" t=\"inlineStr\"><is><t xml:space=\"preserve\">")
        out.bytes.append(contentsOf: text.excelEscaped.xmlEscaped.utf8)
        out.raw("</t></is></c>")
    }

    /// `<c r="B3" s="4" t="s"><v>12</v></c>`: a text by its place among the shared strings.
    mutating func sharedText(column: Int, row: Int, style: CellStyle, place: Int) {
        openCell(column: column, row: row, style: style)
        out.raw(" t=\"s\"><v>")
        out.integer(place)
        out.raw("</v></c>")
    }

    /// `<c r="B3" s="4"><v>12.5</v></c>`, or an empty styled cell without a value.
    mutating func cell(column: Int, row: Int, style: CellStyle, value: Double?) {
        openCell(column: column, row: row, style: style)
        guard let value else {
            out.raw("/>")
            return
        }
        out.raw("><v>")
        out.number(value)
        out.raw("</v></c>")
    }
}

/// The workbook's table of distinct texts, each cell pointing to one by index.
struct SharedStrings {
    private var indices: [ExactText: Int] = [:]
    private var ordered: [String] = []
    private var references = 0

    /// The place of `text`, used by `uses` more cells.
    mutating func index(of text: String, uses: Int) -> Int {
        references += uses
        if let index = indices[ExactText(text)] { return index }
        indices[ExactText(text)] = ordered.count
        ordered.append(text)
        return ordered.count - 1
    }

    /// For each sheet, the place of each of its text cells in the order of its rows (`Workbook.inlineText` for a long
    /// text, written in its cell: a unit's results are seldom repeated, and sharing the megabytes of a commune-scale week
    /// put them all through one table; unless the cell just above or below it in its column holds the same); places are
    /// given in the order of the cells, sheet after sheet.
    ///
    /// Each piece of rows finds its own distinct texts first, on all cores, and only those are then numbered in order:
    /// a commune-scale synthesis has some 200,000 text cells and a few thousand distinct texts, and looking up every cell
    /// on one core was a seventh of writing its workbook.
    mutating func places(of sheets: [Worksheet]) -> [[Int]] {
        let pieces = sheets.indices.flatMap { s in chunks(of: sheets[s].rows.count, parts: 8, minimum: 512).map { (sheet: s, rows: $0) } }
        let distinct = pieces.concurrentMap { piece in
            var local: [ExactText: Int] = [:]
            local.reserveCapacity(piece.rows.count)
            var texts: [(text: String, uses: Int)] = []
            var places: [Int] = []
            places.reserveCapacity(piece.rows.count * 4)
            // The text each column held in the row before: a column mostly repeats it (a task's text and directive down
            // its units), and comparing bytes is cheaper than hashing them.
            var above: [(text: ExactText, place: Int)?] = []
            // The long text each column held in the row before, where its cell's place is, and its shared place once
            // the next row repeated it: a task's title, longer than a shared text may be, is written in each of its
            // units' rows (2 of a commune-scale workbook's 21 MB of XML, written and deflated, for three titles).
            var aboveLong: [(text: ExactText, first: Int, place: Int?)?] = []
            // Rows and cells read where they are, through buffers: looping over them copied each row and cell, its
            // text retained and released (a third of this work).
            sheets[piece.sheet].rows.withUnsafeBufferPointer { rows in
                for r in piece.rows {
                    rows[r].withUnsafeBufferPointer { cells in
                        for column in cells.indices {
                            guard case .text(let text) = cells[column].value else {
                                // A number or an empty cell ends a run of a long text.
                                if column < aboveLong.count { aboveLong[column] = nil }
                                continue
                            }
                            let exact = ExactText(text)
                            if column >= above.count {
                                above += Array(repeating: nil, count: column + 1 - above.count)
                                aboveLong += Array(repeating: nil, count: column + 1 - aboveLong.count)
                            }
                            guard text.utf8.count <= Workbook.longestSharedText else {
                                // A long text shared only down a run of its column, the run's first cell shared too once a
                                // second follows it.
                                if let run = aboveLong[column], run.text == exact {
                                    let place = run.place ?? texts.count
                                    if run.place == nil {
                                        texts.append((text, 1))
                                        places[run.first] = place
                                        aboveLong[column]!.place = place
                                    }
                                    texts[place].uses += 1
                                    places.append(place)
                                } else {
                                    aboveLong[column] = (exact, places.count, nil)
                                    places.append(Workbook.inlineText)
                                }
                                continue
                            }
                            aboveLong[column] = nil
                            if let same = above[column], same.text == exact {
                                texts[same.place].uses += 1
                                places.append(same.place)
                            } else if let known = local[exact] {
                                above[column] = (exact, known)
                                texts[known].uses += 1
                                places.append(known)
                            } else {
                                local[exact] = texts.count
                                above[column] = (exact, texts.count)
                                places.append(texts.count)
                                texts.append((text, 1))
                            }
                        }
                    }
                }
            }
            return (texts: texts, places: places)
        }
        // Numbered in order on one core; each piece's places then turned into those numbers on all cores.
        indices.reserveCapacity(indices.count + distinct.reduce(0) { $0 + $1.texts.count })
        let numbers = distinct.map { found in found.texts.map { index(of: $0.text, uses: $0.uses) } }
        let placed = Array(zip(distinct, numbers)).concurrentMap { found, global in
            found.places.map { $0 == Workbook.inlineText ? $0 : global[$0] }
        }
        var places = sheets.map { _ in [Int]() }
        for (piece, piecePlaces) in zip(pieces, placed) { places[piece.sheet] += piecePlaces }
        return places
    }

    /// The part's XML, its texts escaped on all cores: a commune-scale workbook's 1.5 MB, written on one core while the
    /// other waited.
    var xml: String {
        let items = ordered.concurrentJoined { text in
            // Leading or trailing blanks are kept only when the text says so.
            let scalars = text.unicodeScalars
            let preserve = scalars.first?.properties.isWhitespace == true || scalars.last?.properties.isWhitespace == true || text.utf8.contains(10)
            let escaped = text.excelEscaped.xmlEscaped
            return preserve ? "<si><t xml:space=\"preserve\">\(escaped)</t></si>" : "<si><t>\(escaped)</t></si>"
        }
        return OfficeXML.declaration
            + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(references)\" uniqueCount=\"\(ordered.count)\">"
            + items + "</sst>"
    }
}
