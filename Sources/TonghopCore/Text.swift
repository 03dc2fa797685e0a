import Foundation

extension StringProtocol where SubSequence == Substring, Index == String.Index {
    /// The text without leading and trailing white space (spaces, tabs, line breaks, no-break spaces).
    ///
    /// Foundation's `trimmingCharacters(in:)` bridges through NSString and dominated the cost of checking a file.
    public var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isSpace }), let last = scalars.lastIndex(where: { !$0.isSpace }) else { return "" }
        return String(self[first...last])
    }

    /// Whether the text holds nothing but white space.
    public var isBlank: Bool { unicodeScalars.allSatisfy(\.isSpace) }

    /// Whether the text is longer than `limit` characters, without counting them when its bytes already tell.
    ///
    /// Counting characters walks grapheme clusters, slow for Vietnamese letters with their stacked marks;
    /// a text of at most `limit` UTF-8 bytes cannot have more than `limit` characters.
    public func exceeds(characters limit: Int) -> Bool {
        utf8.count > limit && count > limit
    }

    /// The last component of a path ("reports/HN.json" → "HN.json"), without bridging to NSString, which cost
    /// as much per file as hashing it.
    public var lastPathComponent: String {
        // Over the UTF-8 bytes: splitting the text walks its characters, which cost more than the rest of naming a file.
        let text = Substring(self)
        let bytes = text.utf8
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[bytes.index(before: end)] == UInt8(ascii: "/") { end = bytes.index(before: end) }
        guard end > bytes.startIndex else { return String(text) }
        let start = bytes[..<end].lastIndex(of: UInt8(ascii: "/")).map { bytes.index(after: $0) } ?? bytes.startIndex
        return String(text[start..<end])
    }

    /// The extension of a file name, lower-cased, or "" ("HN.JSON" → "json").
    public var pathExtension: String {
        let name = lastPathComponent
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }
}

extension String {
    /// The text without leading and trailing white space; the text itself, not a copy, when it has none.
    public var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return self }
        return first.isSpace || last.isSpace ? self[...].trimmed : self
    }
}

extension Unicode.Scalar {
    /// White space as Unicode defines it, answered for ASCII without the property tables, which checking a report
    /// consulted for every answer it trimmed.
    var isSpace: Bool {
        value < 0x80 ? value == 0x20 || (0x09...0x0D).contains(value) : properties.isWhitespace
    }
}

extension String {
    /// Whether a byte of the text's UTF-8 is one `matches` picks, looked for in its contiguous bytes: through the `utf8`
    /// view's iterator a byte cost four times as much (the workbook's escapes, the checks of every text of a report).
    /// Inlinable, so that `matches` is inlined into each caller's loop in other modules too.
    @inlinable
    public func containsByte(where matches: (UInt8) -> Bool) -> Bool {
        var text = self
        return text.withUTF8 { $0.contains(where: matches) }
    }

    /// The first control character a report's text may not hold, if any: NUL and the other C0 and C1 controls (and DEL),
    /// but not tab and line breaks. SQLite's tools and the C libraries the documents pass through cut a text at a NUL,
    /// and an escape character written to a terminal can rewrite what a person sees.
    ///
    /// On `String` itself, not generic: every text of every report passes here, and a generic walk over the bytes (not
    /// specialized across modules) made checking a commune-scale week a third slower.
    public var forbiddenControlCharacter: Unicode.Scalar? {
        // Most texts have no byte below 0x20, no DEL and no C1 lead sequence (0xC2 0x80–0x9F): answered from the bytes,
        // read in place (the UTF-8 view's iterator cost four times as much a byte: 7% of checking a week, valgrind).
        var previous: UInt8 = 0
        let suspect = containsByte { byte in
            defer { previous = byte }
            return (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F || (previous == 0xC2 && byte < 0xA0)
        }
        return suspect ? unicodeScalars.first(where: \.isForbiddenControl) : nil
    }
}

extension StringProtocol {
    /// The text as a message may quote it: control characters and the invisible ones written as `U+001B`, `U+200B`,
    /// and cut to `limit` characters (never inside one) with "…", so that a hostile file can neither write escapes to a
    /// terminal, nor turn what a reader sees around (U+202E), nor make a message as long as itself.
    public func quotedForMessage(limit: Int = 80) -> String {
        var out = "\""
        var count = 0
        // Characters are counted, and their code points too: one "character" may stack thousands of marks.
        var scalars = 0
        for character in self {
            if count == limit || scalars >= 4 * limit {
                out += "…"
                break
            }
            for scalar in character.unicodeScalars.prefix(4 * limit - scalars) {
                scalars += 1
                // Tab and line breaks too: a quotation stays on its line.
                let shownAsCode = scalar.isForbiddenControl || scalar.value == 0x09 || scalar.value == 0x0A || scalar.value == 0x0D
                if shownAsCode || scalar.isInvisible {
                    out += "U+" + padded(Int(scalar.value), 4, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            count += 1
        }
        return out + "\""
    }
}

extension String {
    /// The text as a name is printed or stored (a file name given by an upload, a field's or a sheet's name from a file):
    /// control characters replaced by U+FFFD, and tabs, line breaks and the invisible or direction-changing characters
    /// written as `U+000A`, `U+202E`, so that a name can neither add a line to what is printed nor turn it around:
    /// "báo cáo\u{202E}xslx.json" must not read as "báo cáonosj.xlsx".
    public var withoutControlCharacters: String {
        // Most names are printable ASCII (ids, a field's path, a file's name): answered from the bytes, without looking
        // up each character's properties (a sixth of reading a report's tasks).
        if !containsByte(where: { !(0x20..<0x7F ~= $0) }) { return self }
        let breaks = utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
        guard breaks || forbiddenControlCharacter != nil || unicodeScalars.contains(where: \.isInvisible) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            if scalar.isForbiddenControl {
                out.unicodeScalars.append("\u{FFFD}")
            } else if scalar.isInvisible || scalar.value == 0x09 || scalar.value == 0x0A || scalar.value == 0x0D {
                out += "U+" + padded(Int(scalar.value), 4, radix: 16)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The text cut to `limit` code points with "…" (code points, not characters: one character may stack thousands of
    /// marks), for a name from a file printed in a message.
    public func cut(toScalars limit: Int) -> String {
        // No more code points than bytes: a short text is answered without counting them.
        guard utf8.count > limit, unicodeScalars.count > limit else { return self }
        var out = ""
        out.unicodeScalars.append(contentsOf: unicodeScalars.prefix(limit))
        return out + "…"
    }
}

extension Unicode.Scalar {
    /// A C0 or C1 control character other than tab, line feed and carriage return, or DEL.
    public var isForbiddenControl: Bool {
        (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || (0x7F...0x9F).contains(value)
    }

    /// A character a reader cannot see, or that changes what is seen around it: the format characters (zero-width
    /// space U+200B, the byte-order mark U+FEFF, the direction marks and overrides U+200E, U+202E, U+2066…), line and
    /// paragraph separators, and the spaces other than the plain one (no-break U+00A0, ideographic U+3000…).
    public var isInvisible: Bool {
        // Most characters are plain letters: answered before the property lookup, Vietnamese's too (Latin letters with
        // their marks, combining marks, and the Latin Extended Additional block).
        guard value >= 0xA0, !(0xC0...0x36F).contains(value), !(0x1E00...0x1EFF).contains(value) else { return false }
        switch properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator, .spaceSeparator: return true
        // The Hangul fillers, blank though they are letters.
        default: return [0x115F, 0x1160, 0x3164, 0xFFA0].contains(value)
        }
    }
}

/// A size for a person, in whole or tenths of MiB or KiB: "20 MiB", "10.5 MiB", "512 KiB".
public func sizeForPeople(_ bytes: Int) -> String {
    func unit(_ size: Int, _ name: String) -> String {
        let rounded = (Double(bytes) / Double(size) * 10).rounded() / 10
        return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + " " + name
    }
    return bytes >= 1 << 20 ? unit(1 << 20, "MiB") : bytes >= 1 << 10 ? unit(1 << 10, "KiB") : "\(bytes) bytes"
}

extension String {
    /// The text with its first letter in capitals, as a label starts: "lỗi" → "Lỗi", "ô D14 trang Báo cáo" → "Ô D14 …".
    public var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }

    /// The text with its first letter in lower case, as a name reads inside a sentence: "Báo cáo tuần …" → "báo cáo tuần …".
    public var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}

extension String {
    /// The text trimmed and without the full stops it ends in, for a sentence that ends it with its own.
    public var withoutFinalStop: String {
        var text = trimmed
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// The text with its lines ending in "\n" alone: a browser's text box and a Windows editor end them in CR LF, which
    /// Swift counts as one character, not "\n".
    public var withUnixLineEnds: String {
        replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}

/// A text compared and hashed by its bytes: a workbook's cell keeps the very characters it was given (Swift's own
/// equality would merge composed and decomposed Vietnamese letters), and hashing bytes skips the normalisation that
/// made Vietnamese texts slow to look up (a synthesis merging the same words finds most of them by their bytes first).
public struct ExactText: Hashable, Sendable {
    public let text: String

    @inlinable
    public init(_ text: String) { self.text = text }

    @inlinable
    public static func == (a: ExactText, b: ExactText) -> Bool { a.text.hasSameBytes(as: b.text) }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        var text = self.text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension String {
    /// Whether the two texts are the same bytes (not merely the same characters, as `==` says of a composed and a
    /// decomposed letter).
    @inlinable
    public func hasSameBytes(as other: String) -> Bool {
        var other = other
        return other.withUTF8 { hasSameBytes(as: UnsafeRawBufferPointer($0)) }
    }

    /// Whether the text is these bytes (a column read from the database, say), compared without making them a String.
    @inlinable
    public func hasSameBytes(as bytes: UnsafeRawBufferPointer) -> Bool {
        var text = self
        return text.withUTF8 { x in x.count == bytes.count && (x.isEmpty || memcmp(x.baseAddress!, bytes.baseAddress!, x.count) == 0) }
    }
}
