import TonghopCore

/// A JSON value with the line each part starts on, keys kept in file order and repeats kept.
///
/// Written here because Foundation's parser gives neither line numbers nor repeated keys (the last one silently
/// wins), and a person fixing a file needs both. It is a plain RFC 8259 parser and nothing more.
enum JSONValue {
    case object([JSONMember])
    case array([JSONElement])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
}

/// A key and its value, with the line of the key.
struct JSONMember {
    var key: String
    var line: Int
    var value: JSONValue
}

/// An element of an array, with the line it starts on.
struct JSONElement {
    var line: Int
    var value: JSONValue
}

/// Where and why a text is not JSON.
struct JSONSyntaxError: Error {
    var line: Int
    /// What is wrong, said after "the file is not valid JSON:".
    var message: Message
}

/// Parses JSON text into `JSONValue`s, tracking lines.
struct JSONDocument {
    // The text's own UTF-8 storage, read in place: copying it into an array cost as much as parsing the numbers.
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private(set) var line = 1
    private var depth = 0

    /// Parses a whole text, which must hold exactly one value.
    static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { bytes -> Result<JSONValue, JSONSyntaxError> in
            var parser = JSONDocument(bytes: bytes)
            do throws(JSONSyntaxError) {
                let value = try parser.value()
                parser.skipSpace()
                guard parser.index == parser.bytes.count else { throw parser.error(.jsonTrailingText) }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private func error(_ key: MessageKey, _ arguments: MessageArguments = [:]) -> JSONSyntaxError {
        JSONSyntaxError(line: line, message: Message(key, arguments))
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x0A: line += 1
            case 0x20, 0x09, 0x0D: break
            default: return
            }
            index += 1
        }
    }

    /// What stands where something else was expected: a few characters of the file (whole ones: the bytes are taken to
    /// the end of the character the twelfth falls in), or its end.
    private var found: MessageArgument {
        guard index < bytes.count else { return .message(Message(.jsonEndOfFile)) }
        var end = min(index + 12, bytes.count)
        while end < bytes.count, end - index < 16, bytes[end] & 0xC0 == 0x80 { end += 1 }
        let text = String(decoding: bytes[index..<end], as: UTF8.self).prefix(while: { $0 != "\n" && $0 != "\r\n" })
        return .quoted(String(text.prefix(12)))
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONValue {
        skipSpace()
        guard index < bytes.count else { throw error(.jsonValueMissingAtEnd) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error(.jsonExpectedValue, ["found": found])
        }
    }

    private mutating func nest() throws(JSONSyntaxError) {
        depth += 1
        // Bounds the recursion, so a hostile file cannot exhaust the stack.
        guard depth <= 64 else { throw error(.jsonTooDeep) }
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONValue {
        try nest()
        index += 1
        var members: [JSONMember] = []
        skipSpace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error(.jsonExpectedFieldName, ["found": found])
            }
            let keyLine = line
            let key = try string()
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error(.jsonExpectedColon, ["field": .quoted(key), "found": found])
            }
            index += 1
            members.append(JSONMember(key: key, line: keyLine, value: try value()))
            skipSpace()
            guard index < bytes.count else { throw error(.jsonObjectNotClosed) }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                break
            }
            throw error(.jsonExpectedCommaOrBrace, ["field": .quoted(key), "found": found])
        }
        depth -= 1
        return .object(members)
    }

    private mutating func array() throws(JSONSyntaxError) -> JSONValue {
        try nest()
        index += 1
        var elements: [JSONElement] = []
        skipSpace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipSpace()
            let elementLine = line
            elements.append(JSONElement(line: elementLine, value: try value()))
            skipSpace()
            guard index < bytes.count else { throw error(.jsonListNotClosed) }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                break
            }
            throw error(.jsonExpectedCommaOrBracket, ["found": found])
        }
        depth -= 1
        return .array(elements)
    }

    private mutating func literal(_ word: String, _ result: JSONValue) throws(JSONSyntaxError) -> JSONValue {
        let utf8 = word.utf8
        guard bytes.count - index >= utf8.count, bytes[index..<index + utf8.count].elementsEqual(utf8) else {
            throw error(.jsonBareWord, ["found": found])
        }
        index += utf8.count
        return result
    }

    private mutating func number() throws(JSONSyntaxError) -> Double {
        let start = index
        func digits() -> Int {
            let from = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - from
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let intStart = index
        guard digits() > 0, !(bytes[intStart] == UInt8(ascii: "0") && index - intStart > 1) else { throw error(.jsonNotANumber, ["found": found]) }
        let isWhole = index == bytes.count || (bytes[index] != UInt8(ascii: ".") && bytes[index] | 0x20 != UInt8(ascii: "e"))
        // Most answers are counts: a whole number of at most 15 digits is exact as a Double, so it needs no strtod.
        if isWhole && index - intStart <= 15, let whole = NumberText.digits(bytes: bytes[intStart..<index]) {
            return bytes[start] == UInt8(ascii: "-") ? -Double(whole) : Double(whole)
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw error(.jsonDecimalDigits) }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw error(.jsonExponentDigits) }
        }
        // The grammar above is JSON's, so only a number too large for a Double (1e999) can fail here.
        guard let number = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)), number.isFinite else {
            throw error(
                .jsonNumberTooLarge,
                ["number": .text(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<min(index, start + 40)]), as: UTF8.self))])
        }
        return number
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes, the bytes are the text.
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            index += 1
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), as: UTF8.self)
        }
        var buffer = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escape)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    {
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error(.jsonSurrogate, ["value": .count(Int(low))]) }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw error(.jsonEscapeNoCharacter) }
                    buffer.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    throw error(.jsonBadEscape, ["found": .quoted(String(Character(Unicode.Scalar(escape))))])
                }
            case 0x0A:
                throw error(.jsonTextPastLine)
            default:
                guard byte >= 0x20 else { throw error(.jsonTextControl) }
                buffer.append(byte)
                index += 1
            }
        }
        throw error(.jsonTextNotClosed)
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw error(.jsonHexDigits) }
        var value: UInt32 = 0
        // Digit by digit: `UInt32(_:radix:)` would also take a sign ("\\u+123").
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error(.jsonHexDigits)
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }
}
