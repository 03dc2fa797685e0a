import Foundation
import Mustache
import TonghopCore
import TonghopOffice
import TonghopSynthesis

/// The formats a synthesis is written in.
public enum SynthesisFormat: String, Sendable, CaseIterable {
    case md, html, csv, json, xlsx, docx

    /// Whether the format lists every value that counted (the synthesis' tidy `values`).
    public var listsEveryValue: Bool { self == .csv || self == .json || self == .xlsx }

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

    private let library: MustacheLibrary

    /// Loads the templates of `formats` (default: all three worded ones, `synthesis.md.mustache`,
    /// `synthesis.html.mustache` and `document.xml.mustache`) from `directory`. A command writing one format loads
    /// only its template: parsing the others cost a command as much as some of its sections.
    public init(directory: URL, formats: [SynthesisFormat] = SynthesisFormat.allCases) throws {
        // The Markdown template names this content type in its first line, which is read as the template is parsed.
        MarkdownContentType.register()
        MustacheContentTypes.register(XMLContentType(), named: "XML")
        MustacheContentTypes.register(XMLContentType(), named: "HTML")
        library = try MustacheLibrary.load(formats.compactMap { Self.templateNames[$0] }.flatMap { [$0, Self.rowTemplateName($0)] }, from: directory)
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

    /// The HTML synthesis as a page of the service: with links to the other formats and back to the board.
    public func page(_ synthesis: Synthesis, downloads: [Download], boardHref: String) throws -> String {
        try text(
            synthesis, .html,
            adding: [
                "hasDownloads": true, "downloads": downloads.map { ["label": $0.label, "href": $0.href] },
                "boardHref": boardHref,
            ])
    }

    public func render(_ synthesis: Synthesis, as format: SynthesisFormat) throws -> Data {
        switch format {
        case .json: return try SynthesisJSON.encode(synthesis)
        case .csv: return SynthesisCSV.render(synthesis)
        case .xlsx: return try SynthesisWorkbook.make(synthesis).xlsxData()
        case .md, .html: return Data(try text(synthesis, format).utf8)
        case .docx:
            return try WordDocument(documentXML: try text(synthesis, format), title: synthesis.heading.subject, created: synthesis.heading.asOf)
                .docxData()
        }
    }

    private func text(_ synthesis: Synthesis, _ format: SynthesisFormat, adding extra: [String: Any] = [:]) throws -> String {
        let name = Self.templateNames[format]!
        guard let template = library.getTemplate(named: name), let row = library.getTemplate(named: Self.rowTemplateName(name)) else {
            throw TemplateError(description: "no output template \(name)")
        }
        var view = SynthesisView.make(synthesis, charts: format == .html)
        view["unitRows"] = unitRows(synthesis.unitTable, with: row)
        view.merge(extra) { $1 }
        return template.render(view, library: library)
    }

    /// The rows of the per-unit table, each written by the format's row template, in chunks on all cores: a
    /// commune-scale table has thousands of rows, and Mustache looks up each of their variables by dynamic casts.
    private func unitRows(_ table: UnitTable, with template: MustacheTemplate) -> String {
        let rows = SynthesisView.unitRows(table)
        let library = self.library
        return chunks(of: rows.count, parts: 8).concurrentMap { range in rows[range].map { template.render($0, library: library) }.joined() }
            .joined()
    }
}

/// JSON of the whole model, keys in the model's order, so the same synthesis gives the same bytes.
public enum SynthesisJSON {
    public static func encode(_ synthesis: Synthesis) throws -> Data {
        try StreamingJSONEncoder.encode(synthesis, writingAhead: synthesis.values)
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
        guard text.utf8.contains(where: { Self.special[Int($0)] }) else { return text }
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
