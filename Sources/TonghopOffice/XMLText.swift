import Foundation

extension String {
    /// The text escaped for XML content and attribute values, without the control characters XML 1.0 forbids
    /// (a report's text may carry them, and one would make Word refuse the whole document).
    public var xmlEscaped: String {
        // Most texts (names, codes, numbers, plain Vietnamese) have nothing to escape: returned as they are, since
        // rebuilding each scalar by scalar was most of the cost of writing a commune-scale workbook. A byte 0xEF may
        // start U+FFFE or U+FFFF, so it too takes the long way.
        guard containsByte(where: { $0 < 0x20 || $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 || $0 == 0xEF }) else { return self }
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

extension String {
    /// The text Excel means by `_xHHHH_`: the UTF-16 unit HHHH (Excel writes a carriage return as `_x000D_`, and an
    /// underscore that would start such a sequence as `_x005F_`). Decoded left to right in one pass, as Excel and
    /// LibreOffice decode it; a surrogate not in a pair stays as written.
    public var excelUnescaped: String {
        guard utf8.contains(UInt8(ascii: "_")) else { return self }
        var units: [UInt16] = []
        units.reserveCapacity(utf16.count)
        let source = Array(utf16)
        var index = 0
        func escape(at i: Int) -> UInt16? {
            // As Excel reads them: a lower-case x and four ASCII hexadecimal digits.
            guard i + 6 < source.count, source[i] == 0x5F, source[i + 1] == 0x78, source[i + 6] == 0x5F else { return nil }
            var value: UInt16 = 0
            for unit in source[(i + 2)..<(i + 6)] {
                let digit: UInt16
                switch unit {
                case 0x30...0x39: digit = unit - 0x30
                case 0x41...0x46: digit = unit - 0x41 + 10
                case 0x61...0x66: digit = unit - 0x61 + 10
                default: return nil
                }
                value = value << 4 | digit
            }
            return value
        }
        while index < source.count {
            guard let unit = escape(at: index) else {
                units.append(source[index])
                index += 1
                continue
            }
            if UTF16.isLeadSurrogate(unit) {
                // Only with its trailing half, escaped right after it.
                if let next = escape(at: index + 7), UTF16.isTrailSurrogate(next) {
                    units += [unit, next]
                    index += 14
                } else {
                    units += source[index..<(index + 7)]
                    index += 7
                }
            } else if UTF16.isTrailSurrogate(unit) {
                units += source[index..<(index + 7)]
                index += 7
            } else {
                units.append(unit)
                index += 7
            }
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// The text escaped so that Excel reads it back as written: an underscore that starts `_xHHHH_` becomes `_x005F_`,
    /// and a carriage return `_x000D_` (XML would read a raw one as a line feed), as Excel writes them.
    public var excelEscaped: String {
        // Over the bytes: most texts hold neither, and this runs for every text of a commune-scale workbook.
        guard containsByte(where: { $0 == UInt8(ascii: "_") || $0 == 13 }) else { return self }
        var out = ""
        out.reserveCapacity(utf8.count + 8)
        let scalars = Array(unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\r" {
                out += "_x000D_"
            } else if scalar == "_", index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_",
                scalars[(index + 2)..<(index + 6)].allSatisfy({ $0.properties.isASCIIHexDigit })
            {
                out += "_x005F_"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
