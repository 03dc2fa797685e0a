import Foundation
import Mustache
import Testing
import TonghopTestSupport

@testable import TonghopRendering

/// A long template parsed in pieces writes what it writes whole; it is cut only where that holds, and a broken one is
/// said as the whole would be.
@Suite struct PiecewiseTemplateTests {
    let view: [String: Any] = [
        "title": "Báo cáo <tuần> & tháng", "items": [["name": "Hà Nội", "n": 3], ["name": "Huế", "n": 0]], "empty": [String](),
        "flag": true, "html": "<b>đậm</b>",
    ]

    /// The templates' first lines name content types the renderer registers; a test may run before any renderer is made.
    init() { SynthesisRenderer.registerContentTypes() }

    func whole(_ text: String) throws -> String { try MustacheTemplate(string: text).render(view, library: MustacheLibrary()) }
    func pieced(_ text: String, size: Int = 8) throws -> String {
        try PiecewiseTemplate(string: text, size: size).render(view, library: MustacheLibrary())
    }

    @Test func theShippedDocumentsAreCutIntoManyPiecesThatWriteTheSameAsTheWhole() throws {
        for name in ["synthesis.md", "synthesis.html", "document.xml"] {
            let text = try String(contentsOf: Repo.templates.appendingPathComponent("synthesis/\(name).mustache"), encoding: .utf8)
            let pieces = try #require(PiecewiseTemplate.cut(text, size: PiecewiseTemplate.pieceSize), "\(name)")
            #expect(pieces.count >= 8, "\(name): \(pieces.count) pieces")
            // Every piece after the first starts with the content type its first line names.
            let pragma = String(text.prefix { $0 != "\n" })
            #expect(pieces.dropFirst().allSatisfy { $0.hasPrefix(pragma + "\n") }, "\(name)")
            #expect(try pieced(text, size: PiecewiseTemplate.pieceSize) == whole(text), "\(name)")
        }
    }

    @Test func sectionsCommentsAndTriplesAreNeverCutAndWriteAsWhole() throws {
        let text = """
            {{%CONTENT_TYPE: HTML}}
            <h1>{{title}}</h1>
            {{#items}}
            <p>{{name}}: {{n}}</p>
            {{/items}}
            {{! a comment
            over {{two}} lines }}
            {{^empty}}
            nothing {{{html}}} {{&html}}
            {{/empty}}
              {{#flag}}
              indented standalone
              {{/flag}}
            end {{title}}
            """
        let pieces = try #require(PiecewiseTemplate.cut(text, size: 8))
        #expect(pieces.count > 3)
        // No piece opens a section it does not close.
        for piece in pieces {
            let opened = piece.components(separatedBy: "{{#").count + piece.components(separatedBy: "{{^").count
            #expect(opened - 2 == piece.components(separatedBy: "{{/").count - 1, "\(piece)")
        }
        #expect(try pieced(text) == whole(text))
        #expect(try pieced(text, size: 1) == whole(text))
    }

    @Test func aTemplateThatChangesItsDelimitersOrHasALaterPragmaIsParsedWhole() throws {
        let delimiters = "a {{title}}\n{{=<% %>=}}\nb <%title%>\n"
        #expect(PiecewiseTemplate.cut(delimiters, size: 1) == nil)
        #expect(try pieced(delimiters, size: 1) == whole(delimiters))
        #expect(PiecewiseTemplate.cut("a\n{{%CONTENT_TYPE: HTML}}\nb\n", size: 1) == nil)
        // A first-line pragma that shares its line is not repeated: the template is parsed whole.
        #expect(PiecewiseTemplate.cut("{{%CONTENT_TYPE: HTML}} x\nb\n", size: 1) == nil)
    }

    @Test func aBrokenTemplateIsSaidAsTheWholeWouldBe() throws {
        for broken in ["line 1\nline 2\n{{#items}}\nnever closed\n", "a\nb\n{{/items}}\nc\n", "a\nb\n{{#a}}\n{{/b}}\nc\n", "a\n{{title\nb\n"] {
            var wholeError: String?
            do { _ = try MustacheTemplate(string: broken) } catch { wholeError = "\(error)" }
            var piecesError: String?
            do { _ = try PiecewiseTemplate(string: broken, size: 1) } catch { piecesError = "\(error)" }
            #expect(wholeError != nil && piecesError == wholeError, "\(broken)")
        }
    }
}
