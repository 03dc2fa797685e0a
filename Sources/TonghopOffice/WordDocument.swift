import Foundation
import TonghopCore

/// A Word document (.docx) around a `word/document.xml` written elsewhere (a template), with the parts it refers to:
/// Times New Roman styles, and a header holding the page number from the second page on, as Decree 30/2020 asks.
///
/// The document's section properties must refer to the headers as `rIdHeaderDefault` and `rIdHeaderFirst`.
public struct WordDocument: Sendable {
    /// `word/document.xml`'s bytes, in pieces that are deflated without being joined.
    public var documentXML: [[UInt8]]
    public var title: String
    public var created: Date

    public init(documentXML: [[UInt8]], title: String, created: Date) {
        self.documentXML = documentXML
        self.title = title
        self.created = created
    }

    public init(documentXML: String, title: String, created: Date) {
        self.init(documentXML: [Array(documentXML.utf8)], title: title, created: created)
    }

    /// Writes the document's package to `output` as it is made (see `ZipPackage.write(to:)`).
    public func write(to output: ByteOutput) throws {
        try package.write(to: output)
    }

    private var package: ZipPackage {
        var package = ZipPackage(modified: created)
        package.add(
            "[Content_Types].xml",
            OfficeXML.declaration + """
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
                <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
                <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
                <Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>\
                <Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>\
                <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
                <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
                </Types>
                """)
        package.add(
            "_rels/.rels",
            OfficeXML.packageRelationships(
                main: "word/document.xml", type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"))
        package.add("docProps/core.xml", OfficeXML.coreProperties(title: title, created: created))
        package.add("docProps/app.xml", OfficeXML.appProperties)
        package.add("word/document.xml") { [documentXML] output in for piece in documentXML { try piece.withUnsafeBytes(output) } }
        package.add(
            "word/_rels/document.xml.rels",
            OfficeXML.declaration + """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
                <Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>\
                <Relationship Id="rIdHeaderDefault" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>\
                <Relationship Id="rIdHeaderFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>\
                </Relationships>
                """)
        package.add("word/styles.xml", Self.styles)
        package.add(
            "word/settings.xml",
            OfficeXML.declaration + """
                <w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
                <w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat>\
                <w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>\
                </w:settings>
                """)
        // Page numbers: centred at the top, 13 pt, from page 2 on (the first page has its own, empty header).
        package.add("word/header1.xml", Self.header(OfficeXML.pageNumberParagraph))
        package.add("word/header2.xml", Self.header("<w:p/>"))
        return package
    }

    private static func header(_ content: String) -> String {
        OfficeXML.declaration + "<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\(content)</w:hdr>"
    }

    /// Times New Roman throughout (Decree 30/2020), 14 pt body, single spacing with 6 pt after each paragraph.
    static let styles =
        OfficeXML.declaration + """
            <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
            <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>\
            <w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault>\
            <w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>\
            <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:jc w:val="both"/></w:pPr></w:style>\
            <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>\
            <w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:ind w:firstLine="567"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>\
            <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>\
            <w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/><w:ind w:firstLine="567"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:i/></w:rPr></w:style>\
            <w:style w:type="paragraph" w:styleId="BodyIndent"><w:name w:val="Body Indent"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLine="567"/></w:pPr></w:style>\
            <w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/>\
            <w:pPr><w:spacing w:before="20" w:after="20"/><w:jc w:val="left"/></w:pPr><w:rPr><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:style>\
            <w:style w:type="paragraph" w:styleId="TableNumber"><w:name w:val="Table Number"/><w:basedOn w:val="TableText"/><w:pPr><w:jc w:val="right"/></w:pPr></w:style>\
            <w:style w:type="paragraph" w:styleId="TableHeader"><w:name w:val="Table Header"/><w:basedOn w:val="TableText"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>\
            <w:style w:type="paragraph" w:styleId="SmallTableText"><w:name w:val="Small Table Text"/><w:basedOn w:val="TableText"/><w:rPr><w:sz w:val="18"/></w:rPr></w:style>\
            <w:style w:type="paragraph" w:styleId="SmallTableNumber"><w:name w:val="Small Table Number"/><w:basedOn w:val="SmallTableText"/><w:pPr><w:jc w:val="right"/></w:pPr></w:style>\
            <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>\
            <w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="80" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
            <w:style w:type="table" w:styleId="Grid"><w:name w:val="Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>\
            <w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
            <w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
            <w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>\
            </w:tblBorders></w:tblPr></w:style>\
            </w:styles>
            """
}

extension OfficeXML {
    static let pageNumberParagraph = """
        <w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>\
        <w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>\
        <w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:t>2</w:t></w:r>\
        <w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r></w:p>
        """
}
