import Foundation

/// A sentence for a person, kept as the catalog's key and what fills its blanks, and written in a language only when
/// it is shown: the same problem reads in Vietnamese on the upload page and in English with `--lang en`.
public struct Message: Sendable, Hashable {
    public var key: MessageKey
    public var arguments: MessageArguments

    public init(_ key: MessageKey, _ arguments: MessageArguments = [:]) {
        self.key = key
        self.arguments = arguments
    }

    /// The sentence in `language`, every `{name}` of the catalog's text replaced by its argument.
    public func text(in language: Language) -> String {
        var template = MessageCatalog.text(of: key, in: language)
        // Over the UTF-8 bytes, into bytes: the braces are ASCII. Walking the characters of Vietnamese text (their stacked
        // marks) cost more than the rest of printing a receipt, and finding the braces through the string's indices and
        // appending its slices still cost 10,000 instructions a message (three a file printed by `submit`).
        return template.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 64)
            var (rest, scan) = (0, 0)
            while let open = bytes[scan...].firstIndex(of: UInt8(ascii: "{")),
                let close = bytes[open...].firstIndex(of: UInt8(ascii: "}"))
            {
                let inside = bytes[(open + 1)..<close]
                // "{files|file|files}": the blank's name, then its noun in the singular and the plural. Found by looking
                // for the bars, not by splitting: the array of pieces was a third of printing a receipt.
                let firstBar = inside.firstIndex(of: UInt8(ascii: "|"))
                let name = inside[..<(firstBar ?? close)]
                guard MessageCatalog.isBlankName(name) else {
                    // A brace that is text ("null, { hoặc ["): the blank may start inside what it seemed to enclose.
                    scan = open + 1
                    continue
                }
                if let argument = arguments[String(decoding: name, as: UTF8.self)] {
                    out.append(contentsOf: bytes[rest..<open])
                    var text = argument.text(in: language)
                    text.withUTF8 { out.append(contentsOf: $0) }
                    if let firstBar, let forms = Self.nounForms(inside[(firstBar + 1)...]) {
                        out.append(UInt8(ascii: " "))
                        out.append(contentsOf: argument == .count(1) ? forms.singular : forms.plural)
                    }
                    rest = close + 1
                }
                scan = close + 1
            }
            out.append(contentsOf: bytes[rest...])
            // Whole characters each: the catalog's text cut only at its ASCII braces, the arguments' texts whole.
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// "file|files" after a blank's name: its noun in the singular and the plural; nil unless there are exactly two.
    private static func nounForms(_ forms: Slice<UnsafeBufferPointer<UInt8>>)
        -> (singular: Slice<UnsafeBufferPointer<UInt8>>, plural: Slice<UnsafeBufferPointer<UInt8>>)?
    {
        guard let bar = forms.firstIndex(of: UInt8(ascii: "|")) else { return nil }
        let plural = forms[(bar + 1)...]
        return plural.contains(UInt8(ascii: "|")) ? nil : (forms[..<bar], plural)
    }

    /// The sentence in Vietnamese.
    public var vi: String { text(in: .vi) }

    /// The sentence in English.
    public var en: String { text(in: .en) }

    /// The blanks of the catalog's texts that this message does not fill (a mistake the tests look for).
    public var unfilledBlanks: Set<String> {
        var missing = Set(Language.allCases.flatMap { MessageCatalog.blanks(of: key, in: $0) }).subtracting(arguments.names)
        for argument in arguments.values {
            if case .message(let inner) = argument { missing.formUnion(inner.unfilledBlanks.map { "\(inner.key).\($0)" }) }
        }
        return missing
    }
}

/// The arguments of a message by name, written as a dictionary literal: `["file": .text(name), "id": .count(12)]`.
///
/// A few pairs in an array rather than a dictionary: a message has at most half a dozen, found faster by comparing
/// names than by hashing them, and a receipt is printed for each of thousands of files.
public struct MessageArguments: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    struct Entry: Sendable, Hashable {
        var name: String
        var value: MessageArgument
    }

    private var entries: [Entry]

    public init(dictionaryLiteral elements: (String, MessageArgument)...) {
        entries = []
        for (name, value) in elements { self[name] = value }
    }

    public subscript(name: String) -> MessageArgument? {
        get { entries.first { $0.name == name }?.value }
        set {
            if let at = entries.firstIndex(where: { $0.name == name }) {
                if let newValue { entries[at].value = newValue } else { entries.remove(at: at) }
            } else if let newValue {
                entries.append(Entry(name: name, value: newValue))
            }
        }
    }

    /// These arguments with `other`'s added, `other`'s winning where both name one.
    public func merging(_ other: MessageArguments) -> MessageArguments {
        var merged = self
        for entry in other.entries { merged[entry.name] = entry.value }
        return merged
    }

    public var names: [String] { entries.map(\.name) }
    public var values: [MessageArgument] { entries.map(\.value) }
}

/// What fills a blank of a message, written for the reader's language.
public indirect enum MessageArgument: Sendable, Hashable {
    /// Written as it is: a code, an id, a file name, a number of tonghop's own.
    case text(String)
    /// Text from a file, quoted at most 80 characters long and with its control characters named (`U+001B`).
    case quoted(String)
    /// A number as report files write it: "12", "3.5".
    case number(Double)
    case count(Int)
    /// A text given in both languages (a template's label, a rule's explanation, a unit's name).
    case localized(vi: String, en: String)
    /// Where in a file, without the file's name: "dòng 44", "hàng 29, cột giá trị", "ô D14 trang Báo cáo".
    case place(SourceLocation)
    case instant(Date)
    /// A deadline: midnight is said as the end of the day before ("hết ngày 25/12/2026").
    case deadline(Date)
    case date(LocalDate)
    case duration(TimeInterval)
    /// A period by its key, named as people name it: "tuần 46 năm 2025".
    case period(String)
    /// A size in bytes: "10 MiB".
    case size(Int)
    /// Items run together: "a, b và c".
    case list([String])
    /// Items of which one is to be written, each in quotes: "\"Tốt\", \"Khá\" hoặc \"Đạt\"".
    case alternatives([String])
    /// A sentence of its own inside this one (what was expected, say).
    case message(Message)

    /// A criterion by its label, then its id in brackets: “Số nhiệm vụ đã tiếp nhận” [dc.tasks_received].
    public static func criterion(_ criterion: Criterion) -> MessageArgument {
        .localized(vi: "“\(criterion.label.vi)” [\(criterion.id)]", en: "\"\(criterion.label.en)\" [\(criterion.id)]")
    }

    /// A unit by its name, then its code in brackets: Thành phố Hà Nội [HN].
    public static func unit(_ unit: ReportingUnit) -> MessageArgument {
        .localized(vi: "\(unit.name) [\(unit.code)]", en: "\(unit.nameEn ?? unit.name) [\(unit.code)]")
    }

    /// A text of a template or the catalog in both languages.
    public static func localized(_ text: LocalizedText) -> MessageArgument { .localized(vi: text.vi, en: text.en) }

    func text(in language: Language) -> String {
        switch self {
        case .text(let s): s
        case .quoted(let s): s.quotedForMessage()
        case .number(let n): NumberText.text(n)
        case .count(let n): String(n)
        case .localized(let vi, let en): language == .vi ? vi : en
        case .place(let location): location.place(in: language)
        case .instant(let instant): language.instant(instant)
        case .deadline(let instant): language.deadline(instant)
        case .date(let date): language.date(date)
        case .duration(let seconds): language.duration(seconds)
        case .period(let key): language.period(key)
        case .size(let bytes): sizeForPeople(bytes)
        case .list(let items): language.list(items)
        case .alternatives(let items): language.alternatives(items.map { "\"\($0)\"" })
        case .message(let message): message.text(in: language)
        }
    }
}

extension Message: CustomStringConvertible {
    /// The Vietnamese sentence, as people read it first.
    public var description: String { text(in: .vi) }
}
