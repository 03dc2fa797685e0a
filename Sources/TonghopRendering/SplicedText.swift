/// A document written by its template around marks, and large texts written apart put in their place: the template's
/// output stays small, and the large texts (a commune-scale week's rows and results) are never copied into one string.
enum SplicedText {
    /// This run's marks carry a number no text can know, so that no report's words can pass for one.
    private static let nonce = String(UInt64.random(in: 1...UInt64.max), radix: 36)

    /// The mark for large text number `k`: `<` and `>` around private-use characters, which a format's escaping never
    /// writes from a text (XML and HTML escape `<`, Markdown `>`).
    static func mark(_ k: Int) -> String { "<\u{E000}\(nonce)-\(k)\u{E000}>" }

    /// `written`'s bytes cut at its marks, each mark replaced by its large text's; nil when a private-use mark character stands
    /// anywhere but in a whole mark (a template that escaped a mark, or a text holding that character), so that the
    /// caller writes the document whole instead.
    static func splice(_ written: String, _ large: [[UInt8]]) -> [[UInt8]]? {
        let start = Array("<\u{E000}\(nonce)-".utf8), end = Array("\u{E000}>".utf8), markByte = Array("\u{E000}".utf8)
        let bytes = Array(written.utf8)
        var pieces: [[UInt8]] = []
        var from = 0, i = 0
        while i < bytes.count {
            guard bytes[i] == markByte[0], bytes[i...].starts(with: markByte) else {
                i += 1
                continue
            }
            // A mark character: it must open a whole mark, right after its `<`, not after a backslash.
            let open = i - 1
            guard open >= from, bytes[open...].starts(with: start), open == 0 || bytes[open - 1] != UInt8(ascii: "\\") else { return nil }
            var j = open + start.count, k = 0, digits = 0
            while j < bytes.count, let digit = bytes[j].wholeNumberDigit, digits < 6 {
                (k, j, digits) = (k * 10 + digit, j + 1, digits + 1)
            }
            guard digits > 0, k < large.count, bytes[j...].starts(with: end) else { return nil }
            pieces.append(Array(bytes[from..<open]))
            pieces.append(large[k])
            (from, i) = (j + end.count, j + end.count)
        }
        pieces.append(Array(bytes[from...]))
        return pieces
    }
}

extension UInt8 {
    /// The digit an ASCII `0`–`9` stands for.
    fileprivate var wholeNumberDigit: Int? { (48...57).contains(self) ? Int(self) - 48 : nil }
}
