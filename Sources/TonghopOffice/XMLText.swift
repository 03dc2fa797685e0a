extension String {
    /// The text escaped for XML content and attribute values, without the control characters XML 1.0 forbids
    /// (a report's text may carry them, and one would make Word refuse the whole document).
    public var xmlEscaped: String {
        // Most texts (names, codes, numbers, plain Vietnamese) have nothing to escape: returned as they are, since
        // rebuilding each scalar by scalar was most of the cost of writing a commune-scale workbook. A byte 0xEF may
        // start U+FFFE or U+FFFF, so it too takes the long way.
        guard utf8.contains(where: { $0 < 0x20 || $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 || $0 == 0xEF }) else { return self }
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
