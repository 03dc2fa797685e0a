import Foundation
import Mustache
import TonghopCore
import TonghopOffice
import TonghopSynthesis

/// The formats a synthesis is written in.
public enum SynthesisFormat: String, Sendable, CaseIterable {
    case md, html, csv, json, xlsx, docx

    /// How much of the synthesis the format shows: every value for the whole model and the workbook, the tidy part
    /// alone for the CSV, the rest for the worded documents.
    public var scope: SynthesisScope {
        switch self {
        case .json, .xlsx: .whole
        case .csv: .tidy
        case .md, .html, .docx: .worded
        }
    }

    /// Whether the format is a ZIP package rather than text.
    public var isBinary: Bool { self == .xlsx || self == .docx }

    public var mediaType: String {
        switch self {
        case .md: "text/markdown; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        case .csv: "text/csv; charset=utf-8"
        case .json: "application/json"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        }
    }
}

/// Writes a synthesis in any format; the wording of Markdown, HTML and DOCX comes from the templates folder.
public struct SynthesisRenderer: Sendable {
    /// The Mustache templates, one per worded format, in `Templates/synthesis/`.
    public static let templateNames: [SynthesisFormat: String] = [.md: "synthesis.md", .html: "synthesis.html", .docx: "document.xml"]

    /// The template of one row of the per-unit table, beside its format's (`synthesis.md.unit-row.mustache` ...).
    static func rowTemplateName(_ name: String) -> String { name + ".unit-row" }
    /// The template of one unit's results on a topic (`synthesis.md.result.mustache` ...).
    static func resultTemplateName(_ name: String) -> String { name + ".result" }

    /// The per-unit row and result templates of each format loaded.
    private let library: MustacheLibrary
    /// The document template of each format loaded, by name, parsed in pieces (see `PiecewiseTemplate`).
    private let documents: [String: PiecewiseTemplate]

    /// Loads the templates of `formats` (default: all three worded ones, `synthesis.md.mustache`,
    /// `synthesis.html.mustache` and `document.xml.mustache`) from `directory`. A command writing one format loads
    /// only its template: parsing the others cost a command as much as some of its sections.
    public init(directory: URL, formats: [SynthesisFormat] = SynthesisFormat.allCases) throws {
        Self.registerContentTypes()
        // Each format's document first, then its row and its result: the first that does not parse is the one said.
        var documents: [String: PiecewiseTemplate] = [:]
        var parts: [String: MustacheTemplate] = [:]
        for name in formats.compactMap({ Self.templateNames[$0] }) {
            documents[name] = try parseTemplate(name, in: directory) { try PiecewiseTemplate(string: $0) }
            for part in [Self.rowTemplateName(name), Self.resultTemplateName(name)] {
                parts[part] = try parseTemplate(part, in: directory) { try MustacheTemplate(string: $0) }
            }
        }
        self.documents = documents
        library = MustacheLibrary(templates: parts)
    }

    /// The content types the templates name in their first line, which is read as a template is parsed: registered
    /// before any is.
    static func registerContentTypes() {
        MarkdownContentType.register()
        MustacheContentTypes.register(XMLContentType(), named: "XML")
        MustacheContentTypes.register(XMLContentType(), named: "HTML")
    }

    /// A link to the same synthesis in another format, for the HTML page a server shows.
    public struct Download: Sendable {
        public var label: String
        public var href: String

        public init(label: String, href: String) {
            self.label = label
            self.href = href
        }
    }

    /// The staff's form beside the draft synthesis: where they write the period's assessment and proposals.
    public struct AssessmentForm: Sendable {
        public var action: String
        /// The sign-in's check (see the server's `SignIn`), without which the form changes nothing.
        public var check: String
        /// The text in the box: the latest version, or what was refused.
        public var text: String
        /// "10:00 ngày 20/11/2025: Nguyễn Văn A", each version written, oldest first.
        public var versions: [String]
        /// Why the text was refused, in Vietnamese; empty when it was not.
        public var refusal: String
        public var written: Bool

        public init(action: String, check: String, text: String, versions: [String], refusal: String, written: Bool) {
            (self.action, self.check, self.text, self.versions, self.refusal, self.written) = (action, check, text, versions, refusal, written)
        }
    }

    /// The HTML synthesis as a page of the service: with links to the other formats and back to the board, and the
    /// staff's assessment form.
    public func page(_ synthesis: Synthesis, downloads: [Download], boardHref: String, assessment: AssessmentForm? = nil) throws -> String {
        var extra: [String: any Sendable] = [
            "hasDownloads": true, "downloads": downloads.map { ["label": $0.label, "href": $0.href] },
            "boardHref": boardHref,
        ]
        if let form = assessment {
            let fields: [String: any Sendable] = [
                "action": form.action, "check": form.check, "text": form.text, "versions": form.versions, "hasVersions": !form.versions.isEmpty,
                "refusal": form.refusal, "hasRefusal": !form.refusal.isEmpty, "written": form.written,
            ]
            extra["assessmentForm"] = fields
        }
        return try text(synthesis, .html, adding: extra)
    }

    public func render(_ synthesis: Synthesis, as format: SynthesisFormat) throws -> Data {
        var data = Data()
        try write(synthesis, as: format) { data.append(contentsOf: $0) }
        return data
    }

    /// Writes the synthesis in `format` to `output` as it is made, so that a commune-scale document (tens of megabytes
    /// of JSON, a sheet of every value) is never whole in memory beside what it is made from.
    public func write(_ synthesis: Synthesis, as format: SynthesisFormat, to output: ByteOutput) throws {
        switch format {
        case .json: try SynthesisJSON.write(synthesis, to: output)
        case .csv: try SynthesisCSV.write(synthesis, to: output)
        case .xlsx: try SynthesisWorkbook.make(synthesis).writeXLSX(to: output)
        case .md, .html:
            for piece in try pieces(synthesis, format) { try piece.withUnsafeBytes(output) }
        case .docx:
            try WordDocument(documentXML: try pieces(synthesis, format), title: synthesis.heading.subject, created: synthesis.heading.asOf)
                .write(to: output)
        }
    }

    private func text(_ synthesis: Synthesis, _ format: SynthesisFormat, adding extra: [String: any Sendable] = [:]) throws -> String {
        String(decoding: try pieces(synthesis, format, adding: extra).joined(), as: UTF8.self)
    }

    /// The worded document's bytes in pieces, in order: the template written around marks where the per-unit rows and each topic's
    /// results go, and those, written apart. Through Mustache whole, a commune-scale DOCX body (16 MB) was copied as it
    /// grew and again into its package, 35 MB at the synthesis' peak.
    private func pieces(_ synthesis: Synthesis, _ format: SynthesisFormat, adding extra: [String: any Sendable] = [:]) throws -> [[UInt8]] {
        let name = Self.templateNames[format]!
        guard let template = documents[name], let row = library.getTemplate(named: Self.rowTemplateName(name)),
            let result = library.getTemplate(named: Self.resultTemplateName(name))
        else {
            throw TemplateError(description: "no output template \(name)")
        }
        // The document around the marks written on another thread while the rows and the results are (its view made and
        // Mustache's rendering are on one core: 8 ms of a commune-scale synthesis, which waited for them).
        let library = self.library
        let view = { @Sendable in
            var view = SynthesisView.make(synthesis, charts: format == .html)
            for (key, value) in extra { view[key] = value }
            return view
        }
        let marked = Background { () -> String in
            var marked = view()
            marked["unitRows"] = SplicedText.mark(0)
            marked["resultGroups"] = synthesis.results.enumerated().map { k, group in ["label": group.label.vi, "items": SplicedText.mark(k + 1)] }
            return template.render(marked, library: library)
        }
        let rows = unitRows(synthesis.unitTable, with: row, escape: Self.escape(format))
        let groups = resultGroups(synthesis.results, with: result, escape: Self.escape(format))
        let large = [rows] + groups.map(\.items)
        if let pieces = SplicedText.splice(try marked.wait(), large) { return pieces }
        // A template that escapes the rows or the results (its own, edited) is written whole, as it asks.
        var whole = view()
        whole["unitRows"] = String(decoding: rows, as: UTF8.self)
        whole["resultGroups"] = groups.map { ["label": $0.label, "items": String(decoding: $0.items, as: UTF8.self)] }
        return [Array(template.render(whole, library: library).utf8)]
    }

    /// How `format` escapes a text, as its templates' content type does.
    static func escape(_ format: SynthesisFormat) -> @Sendable (String) -> String {
        format == .md ? MarkdownContentType().escapeText : XMLContentType().escapeText
    }

    /// One unit's results as `format` writes them, through the filled pattern or through Mustache: the tests hold the two
    /// to the same text.
    func resultItem(_ item: UnitResult, format: SynthesisFormat, viaPattern: Bool) -> String? {
        guard let name = Self.templateNames[format], let template = library.getTemplate(named: Self.resultTemplateName(name)) else { return nil }
        let view = ResultItemView(item)
        guard viaPattern else { return template.render(view, library: library) }
        return ResultItemPattern(template, library: library, escape: Self.escape(format))?.render(view)
    }

    /// The results by topic, each unit's written by the format's result template, in chunks on all cores as the rows of
    /// the per-unit table are: a commune-scale week has a text per unit and topic.
    private func resultGroups(_ groups: [ResultGroup], with template: MustacheTemplate, escape: @escaping @Sendable (String) -> String)
        -> [(label: String, items: [UInt8])]
    {
        let library = self.library
        let pattern = ResultItemPattern(template, library: library, escape: escape)
        return groups.map { group in
            // Each item's view made in its chunk too: splitting and trimming 16,000 texts was a tenth of writing a
            // commune-scale Markdown synthesis, on one core while the other had finished its part.
            let text = group.items.concurrentlyWritten { item, out in
                let view = ResultItemView(item)
                if let pattern { pattern.render(view, into: &out) } else { out.text(template.render(view, library: library)) }
            }
            return (group.label.vi, text)
        }
    }

    /// The rows of the per-unit table, each written by the format's row template (through its pattern when it has one),
    /// in chunks on all cores: a commune-scale table has thousands of rows, and Mustache looks up each of their
    /// variables by dynamic casts.
    private func unitRows(_ table: UnitTable, with template: MustacheTemplate, escape: @escaping @Sendable (String) -> String) -> [UInt8] {
        // The rows' views made in their chunks, on all cores, as they are written (on one core they were a fifth of
        // writing a commune-scale Markdown synthesis); only the columns' decimals need the whole table first.
        let decimals = SynthesisView.columnDecimals(table)
        let library = self.library
        let first = table.rows.isEmpty ? nil : SynthesisView.unitRow(table, at: 0, decimals: decimals)
        let pattern = UnitRowPattern(template, library: library, cells: table.criteria.count, escape: escape, checkedOn: first)
        return Array(table.rows.indices).concurrentlyWritten { index, out in
            let row = SynthesisView.unitRow(table, at: index, decimals: decimals)
            if let pattern { pattern.render(row, into: &out) } else { out.text(template.render(row, library: library)) }
        }
    }

    /// One unit's row as `format` writes it, through the filled pattern or through Mustache: the tests hold the two to
    /// the same text.
    func unitRow(_ table: UnitTable, format: SynthesisFormat, viaPattern: Bool) -> String? {
        guard let name = Self.templateNames[format], let template = library.getTemplate(named: Self.rowTemplateName(name)),
            let row = SynthesisView.unitRows(table).first
        else { return nil }
        guard viaPattern else { return template.render(row, library: library) }
        return UnitRowPattern(template, library: library, cells: table.criteria.count, escape: Self.escape(format), checkedOn: nil)?.render(row)
    }
}

/// The result template written once with markers for its three texts, then filled by string for each unit: the same
/// text as Mustache writes, without its lookups by dynamic cast for each of a commune-scale week's sixteen thousand
/// texts (they were a third of writing the synthesis). Nil when the template is not of the shape filled here (its
/// paragraphs after the first at its end), and then Mustache writes each item.
struct ResultItemPattern: Sendable {
    private static let (nameMark, firstMark, restMark) = ("\u{E001}", "\u{E002}", "\u{E003}")
    /// The item with no further paragraph, cut at its two marks; and the text one further paragraph adds, cut at its mark.
    private let pieces: [String]
    private let order: [Bool]
    private let restPieces: [String]
    private let escape: @Sendable (String) -> String

    init?(_ template: MustacheTemplate, library: MustacheLibrary, escape: @escaping @Sendable (String) -> String) {
        let bare = template.render(ResultItemView(name: Self.nameMark, first: Self.firstMark, rest: []), library: library)
        let more = template.render(ResultItemView(name: Self.nameMark, first: Self.firstMark, rest: [Self.restMark]), library: library)
        guard more.hasPrefix(bare) else { return nil }
        let rest = String(more.dropFirst(bare.count)).components(separatedBy: Self.restMark)
        // The bare item: text, a mark, text, a mark, text; the marks in the order they come.
        var pieces: [String] = []
        var order: [Bool] = []
        var remaining = bare[...]
        while let mark = [Self.nameMark, Self.firstMark].compactMap({ m in remaining.range(of: m).map { (m, $0) } }).min(by: {
            $0.1.lowerBound < $1.1.lowerBound
        }) {
            pieces.append(String(remaining[..<mark.1.lowerBound]))
            order.append(mark.0 == Self.nameMark)
            remaining = remaining[mark.1.upperBound...]
        }
        pieces.append(String(remaining))
        guard order.count == 2, rest.count == 2 else { return nil }
        self.pieces = pieces
        self.order = order
        self.restPieces = rest
        self.escape = escape
    }

    func render(_ item: ResultItemView) -> String {
        var out = ByteWriter()
        render(item, into: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// The item written into `out`.
    func render(_ item: ResultItemView, into out: inout ByteWriter) {
        out.text(pieces[0])
        for (k, isName) in order.enumerated() {
            out.text(escape(isName ? item.name.renderText : item.first.renderText))
            out.text(pieces[k + 1])
        }
        for paragraph in item.rest {
            out.text(restPieces[0])
            out.text(escape(paragraph.renderText))
            out.text(restPieces[1])
        }
    }
}

/// JSON of the whole model, keys in the model's order, so the same synthesis gives the same bytes.
public enum SynthesisJSON {
    public static func encode(_ synthesis: Synthesis) throws -> Data {
        try StreamingJSONEncoder.encode(synthesis)
    }

    /// The same bytes handed to `output` as they are written.
    public static func write(_ synthesis: Synthesis, to output: ByteOutput) throws {
        try StreamingJSONEncoder.encode(synthesis, to: output)
    }
}

/// XML text (the DOCX body) and HTML text (escaped as XML is; `&apos;` is HTML5 too): escaped, and without the control
/// characters XML forbids.
struct XMLContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { text.xmlEscaped }
}

/// Markdown text: a report's words must not turn into links, emphasis or table cells when pasted into a wiki.
struct MarkdownContentType: MustacheContentType {
    /// Indexed by byte: whether Markdown gives it a meaning (a table of bytes, since this runs for every text written).
    private static let special: [Bool] = (0...255).map { "\\`*_[]<>|#\n\r".utf8.contains(UInt8($0)) }

    func escapeText(_ text: String) -> String {
        // The table taken out of its lazy global once per text, not once per byte (a week's results are megabytes).
        let special = Self.special
        let needed = special.withUnsafeBufferPointer { table in
            text.utf8.withContiguousStorageIfAvailable { bytes in bytes.contains { table[Int($0)] } } ?? text.utf8.contains { table[Int($0)] }
        }
        guard needed else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#":
                out.append("\\")
                out.unicodeScalars.append(scalar)
            case "\n" where previous == "\r": break
            case "\n", "\r": out.append(" ")
            default: out.unicodeScalars.append(scalar)
            }
            previous = scalar
        }
        return out
    }

    static func register() {
        MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
    }
}
