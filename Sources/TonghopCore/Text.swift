extension StringProtocol where SubSequence == Substring, Index == String.Index {
    /// The text without leading and trailing white space (spaces, tabs, line breaks, no-break spaces).
    ///
    /// Foundation's `trimmingCharacters(in:)` bridges through NSString and dominated the cost of checking a file.
    public var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }

    /// Whether the text holds nothing but white space.
    public var isBlank: Bool { unicodeScalars.allSatisfy { $0.properties.isWhitespace } }
}
