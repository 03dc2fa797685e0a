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
