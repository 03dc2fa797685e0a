import Foundation
import Mustache

/// Why a folder's Mustache templates cannot be used: the file, and the line where one does not parse.
public struct TemplateError: Error, CustomStringConvertible {
    public var description: String
}

extension MustacheLibrary {
    /// Loads `<name>.mustache` for each name from `directory`, checking each parses, so that a broken template stops
    /// the program at start-up rather than a request later.
    public static func load(_ names: some Sequence<String>, from directory: URL) throws(TemplateError) -> MustacheLibrary {
        var templates: [String: MustacheTemplate] = [:]
        for name in names { templates[name] = try parseTemplate(name, in: directory) { try MustacheTemplate(string: $0) } }
        return MustacheLibrary(templates: templates)
    }
}

/// Reads `<name>.mustache` from `directory` and parses it with `parse`; one that cannot be read or parsed is said with
/// its file, and the line where it does not parse.
func parseTemplate<Template>(_ name: String, in directory: URL, _ parse: (String) throws -> Template) throws(TemplateError) -> Template {
    let url = directory.appendingPathComponent(name + ".mustache")
    guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
        throw TemplateError(description: "\(url.path): cannot read the template")
    }
    do {
        return try parse(text)
    } catch let error as MustacheTemplate.ParserError {
        throw TemplateError(description: "\(url.path), line \(error.context.lineNumber): \(error.error)")
    } catch {
        throw TemplateError(description: "\(url.path): \(error)")
    }
}

/// A long Mustache template parsed in pieces, cut at the starts of lines outside any section, whose renderings joined
/// are the whole template's.
///
/// Why: swift-mustache's parser measures what is left of the text (`String.distance` to its end, character by
/// character) at every delimiter it reads, so a template takes a time that grows with the square of its length to parse:
/// 10 ms for the Markdown synthesis' 10 KB, 17 ms for HTML's 20 KB, 16–28 ms for the DOCX body's 28 KB, at every
/// synthesis (measured, thread CPU time). Pieces of half a kilobyte take a fraction of that. The cut is made only where
/// it cannot change what is written: between lines, outside sections, comments and tags; a first-line pragma (the
/// content type) is repeated at the head of each piece, where it is a standalone line and writes nothing. A template that
/// changes its delimiters, or sets a pragma elsewhere, is parsed whole; so is one with a piece that does not parse, so
/// that its error is said as for the whole.
struct PiecewiseTemplate: Sendable {
    let pieces: [MustacheTemplate]

    /// The size a piece is cut at, in bytes, once it has no section open: cut at 2 KB, the Markdown synthesis' template
    /// still took 72 million instructions to parse, and 46 million at 512 bytes (its longest sections, the tasks', are
    /// then most of what is left).
    static let pieceSize = 512

    /// Parses `text` in pieces of about `size` bytes (whole when it cannot be cut).
    init(string text: String, size: Int = pieceSize) throws {
        if let cut = Self.cut(text, size: size), cut.count > 1, let pieces = try? cut.map({ try MustacheTemplate(string: $0) }) {
            self.pieces = pieces
        } else {
            pieces = [try MustacheTemplate(string: text)]
        }
    }

    /// What the template writes for `object`. A template parsed whole writes its text as it is, not copied by a join.
    func render(_ object: Any, library: MustacheLibrary) -> String {
        pieces.count == 1 ? pieces[0].render(object, library: library) : pieces.map { $0.render(object, library: library) }.joined()
    }

    /// The texts of the pieces, each after the first headed by the template's first-line pragma if it has one; nil
    /// when the template must be parsed whole.
    static func cut(_ text: String, size: Int) -> [String]? {
        let bytes = Array(text.utf8)
        let (open, close) = (UInt8(ascii: "{"), UInt8(ascii: "}"))
        /// Where the next `}}` (or `}}}`) ends, from `i`; nil when there is none.
        func end(of closing: Int, from i: Int) -> Int? {
            var j = i
            while j + closing <= bytes.count {
                if bytes[j..<j + closing].allSatisfy({ $0 == close }) { return j + closing }
                j += 1
            }
            return nil
        }
        var head: [UInt8] = []
        var i = 0
        // A content type named on the first line, alone on it, is every piece's.
        if bytes.starts(with: Array("{{%".utf8)) {
            guard let tagEnd = end(of: 2, from: 3), tagEnd < bytes.count, bytes[tagEnd] == UInt8(ascii: "\n") else { return nil }
            head = Array(bytes[0...tagEnd])
            i = tagEnd + 1
        }
        var boundaries: [Int] = []
        var pieceStart = 0
        var depth = 0
        while i < bytes.count {
            if bytes[i] == open, i + 1 < bytes.count, bytes[i + 1] == open {
                let kind = i + 2 < bytes.count ? bytes[i + 2] : 0
                switch kind {
                case UInt8(ascii: "="), UInt8(ascii: "%"): return nil
                case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "<"): depth += 1
                case UInt8(ascii: "/"):
                    depth -= 1
                    guard depth >= 0 else { return nil }
                default: break
                }
                guard let tagEnd = end(of: kind == open ? 3 : 2, from: i + 2) else { return nil }
                i = tagEnd
                continue
            }
            if bytes[i] == UInt8(ascii: "\n"), depth == 0, i + 1 - pieceStart >= size, i + 1 < bytes.count {
                boundaries.append(i + 1)
                pieceStart = i + 1
            }
            i += 1
        }
        guard depth == 0 else { return nil }
        var pieces: [String] = []
        var start = 0
        for boundary in boundaries + [bytes.count] {
            pieces.append(String(decoding: (start == 0 ? [] : head) + bytes[start..<boundary], as: UTF8.self))
            start = boundary
        }
        return pieces
    }
}
