import Mustache
import TonghopCore

/// The row template written once with a mark for each of a row's texts, then filled by string for each unit: the same
/// text as Mustache writes, without its lookups by dynamic cast for each text of each of a commune-scale table's 3,300
/// rows (half of writing a worded synthesis). Nil when the template writes a text otherwise than unescaped or escaped as
/// the format's content type escapes it, or does not write the first row as Mustache does; then Mustache writes each row.
/// `ResultItemPattern`
/// does the same for the results, whose paragraphs after the first repeat; a row's texts are fixed in number.
struct UnitRowPattern: Sendable {
    /// A text of the row: one of its fields, or its cell at a place.
    enum Value: Sendable, Equatable {
        case field(UnitRowView.Field)
        case cell(Int)
    }

    /// The template's text between the row's texts: one more than `values`.
    private let pieces: [String]
    /// Each text the template writes, in order, and whether it escapes it.
    private let values: [(value: Value, escaped: Bool)]
    private let escape: @Sendable (String) -> String

    init?(
        _ template: MustacheTemplate, library: MustacheLibrary, cells: Int, escape: @escaping @Sendable (String) -> String,
        checkedOn first: UnitRowView?
    ) {
        let all = UnitRowView.Field.allCases.map(Value.field) + (0..<cells).map(Value.cell)
        // Each text's mark: two private-use characters of its own around a probe that each escaping writes its own way
        // (HTML's and XML's differ on the apostrophe and control characters, Markdown's on its own signs), so that what
        // the template writes between them says whether it escapes the text as the format does, or not at all.
        let probe = "<>&'\"_*|#\u{1}"
        func mark(_ k: Int) -> (open: Unicode.Scalar, close: Unicode.Scalar) {
            (Unicode.Scalar(0xF0000 + 2 * k)!, Unicode.Scalar(0xF0001 + 2 * k)!)
        }
        let view = MarkedRowView(cells: cells) { k in String(mark(k).open) + probe + String(mark(k).close) }
        let marked = template.render(view, library: library)
        var pieces: [String] = []
        var values: [(value: Value, escaped: Bool)] = []
        var piece = String.UnicodeScalarView()
        var scalars = marked.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            let k = Int(scalar.value) - 0xF0000
            guard k >= 0, k % 2 == 0, k / 2 < all.count else {
                piece.append(scalar)
                continue
            }
            guard let close = scalars.firstIndex(of: mark(k / 2).close) else { return nil }
            let written = String(String.UnicodeScalarView(scalars[..<close]))
            guard written == probe || written == escape(probe) else { return nil }
            pieces.append(String(piece))
            piece = String.UnicodeScalarView()
            values.append((all[k / 2], written != probe))
            scalars = scalars[scalars.index(after: close)...]
        }
        pieces.append(String(piece))
        (self.pieces, self.values, self.escape) = (pieces, values, escape)
        if let first, render(first) != template.render(first, library: library) { return nil }
    }

    func render(_ row: UnitRowView) -> String {
        var out = ByteWriter()
        render(row, into: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// The row written into `out`.
    func render(_ row: UnitRowView, into out: inout ByteWriter) {
        out.text(pieces[0])
        for (k, written) in values.enumerated() {
            let text: String
            switch written.value {
            case .field(let field): text = row.text(field)
            case .cell(let index): text = row.cell(index)
            }
            out.text(written.escaped ? escape(text) : text)
            out.text(pieces[k + 1])
        }
    }
}

/// A row whose every text is its mark: what the template writes of it is the pattern.
private final class MarkedRowView: MustacheParent {
    private let cells: [ViewText]
    private let mark: (Int) -> String

    init(cells: Int, mark: @escaping (Int) -> String) {
        let fields = UnitRowView.Field.allCases.count
        self.cells = (0..<cells).map { ViewText(mark(fields + $0)) }
        self.mark = mark
    }

    func child(named name: String) -> Any? {
        if name == "cells" { return cells }
        return UnitRowView.Field.allCases.firstIndex { $0.rawValue == name }.map { ViewText(mark($0)) }
    }
}
