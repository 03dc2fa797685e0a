import Foundation
import TonghopCore
import TonghopSynthesis

/// Writes an `Encodable` value as compact JSON straight into bytes, keys in the order the type encodes them and instants
/// in ISO 8601 (UTC).
///
/// Foundation's `JSONEncoder` builds a tree of the whole value first; for a commune-scale synthesis (half a million
/// values) that took longer than computing the synthesis. Encoding here is streamed: a nested value's container is
/// closed when its `encode(to:)` returns, which is when every `Encodable` is done with it.
public enum StreamingJSONEncoder {
    /// `value` as JSON.
    public static func encode(_ value: some Encodable) throws -> Data {
        var data = Data()
        try encode(value) { data.append(contentsOf: $0) }
        return data
    }

    /// `value` as JSON handed to `output` a megabyte at a time, as it is written: a commune-scale synthesis' 28 MB
    /// are never whole in memory.
    public static func encode(_ value: some Encodable, to output: ByteOutput) throws {
        try withoutActuallyEscaping(output) { output in
            let sink = Sink(output: output)
            try sink.write(value)
            sink.out.byte(UInt8(ascii: "\n"))
            try sink.out.flush(to: output)
        }
    }
}

private final class Sink {
    /// Bytes written and not yet handed on: handed to `output` once they pass a megabyte.
    var out: ByteWriter
    /// Where the bytes go; nil for a piece of a long list, whose bytes are taken whole (see `inPieces`).
    let output: ByteOutput?

    init(output: @escaping ByteOutput) {
        self.output = output
        out = ByteWriter(capacity: 1 << 20)
    }

    /// A sink that keeps its bytes: one piece of a long list.
    init(capacity: Int) {
        output = nil
        out = ByteWriter(capacity: capacity)
    }

    func write<T: Encodable>(_ value: T) throws {
        if let output, out.bytes.count >= 1 << 20 { try out.flush(to: output) }
        // The type compared first, a pointer comparison, so that a cast is tried only where it succeeds: a failed `as?`
        // is a runtime search, and the values of a commune-scale model would each fail several.
        if T.self == String.self, let text = value as? String {
            out.jsonString(text)
        } else if T.self == Double.self, let number = value as? Double {
            out.jsonNumber(number)
        } else if T.self == Int.self, let number = value as? Int {
            out.integer(number)
        } else if T.self == Int64.self, let number = value as? Int64 {
            out.integer(Int(number))
        } else if T.self == Bool.self, let flag = value as? Bool {
            flag ? out.raw("true") : out.raw("false")
        } else if T.self == Date.self, let instant = value as? Date {
            out.jsonString(VietnamTime.utcISO8601(instant))
        } else if T.self == [TidyValue].self, let values = value as? [TidyValue] {
            try tidy(values)
        } else if T.self == [TaskItem].self, let items = value as? [TaskItem] {
            try inPieces(items) { piece, item in piece.out.taskItem(item) }
        } else if T.self == [UnitResult].self, let items = value as? [UnitResult] {
            try inPieces(items) { piece, item in piece.out.unitResult(item) }
        } else if T.self == [UnitRow].self, let rows = value as? [UnitRow] {
            try inPieces(rows) { piece, row in piece.out.unitRow(row) }
        } else if T.self == [RaisingUnit].self, let units = value as? [RaisingUnit] {
            try inPieces(units) { piece, unit in piece.out.raisingUnit(unit) }
        } else {
            try encoded(value)
        }
    }

    /// The tidy values, written directly: they are nine tenths of a commune-scale synthesis, and going through the
    /// `Encoder` containers for each of them was most of the time spent. The same object as `TidyValue`'s own encoding.
    /// Written in small chunks, a few at a time on all cores (`writeRowsInPieces`), each handed on in order before the
    /// next are written: written all at once ahead of the rest, they were 16 MB held on other threads' heaps.
    func tidy(_ values: [TidyValue]) throws {
        guard let output else { return try encoded(values) }
        out.byte(UInt8(ascii: "["))
        try out.flush(to: output)
        try writeRowsInPieces(count: values.count, minimum: 1024, to: output) { Self.tidyChunk(values, $0) }
        out.byte(UInt8(ascii: "]"))
    }

    /// The long lists of objects of a commune-scale synthesis (its 16,000 tasks of units, results of units, rows of
    /// units, and the units raising each difficulty): each element encoded by `write` (as any value is, unless told
    /// otherwise: those four are written directly), in pieces, a few at a time on all cores, each piece by a sink of its own and handed on in order
    /// (`writeRowsInPieces`), so the bytes are those of one sink. The tasks alone, encoded one by one, were two fifths of
    /// a JSON synthesis' writing.
    func inPieces<Element: Encodable & Sendable>(
        _ elements: [Element], _ write: @escaping @Sendable (Sink, Element) throws -> Void = { piece, element in try piece.write(element) }
    ) throws {
        guard let output, elements.count >= 512 else {
            // A short list (or a piece's) at once, here, as an array's own encoding writes it.
            out.byte(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.byte(UInt8(ascii: ",")) }
                try write(self, element)
            }
            out.byte(UInt8(ascii: "]"))
            return
        }
        out.byte(UInt8(ascii: "["))
        try out.flush(to: output)
        try writeRowsInPieces(count: elements.count, minimum: 256, to: output) { range in
            let piece = Sink(capacity: range.count * 256)
            for i in range {
                if i > 0 { piece.out.byte(UInt8(ascii: ",")) }
                try write(piece, elements[i])
            }
            return piece.out.bytes
        }
        out.byte(UInt8(ascii: "]"))
    }

    /// `value` through its own `encode(to:)`.
    func encoded(_ value: some Encodable) throws {
        let encoder = Writer(sink: self)
        try value.encode(to: encoder)
        encoder.close()
    }

    static func tidyChunk(_ values: [TidyValue], _ range: Range<Int>) -> [UInt8] {
        var out = ByteWriter(capacity: range.count * 128)
        // A unit's values come together: its part up to the criterion is written once and copied for each value.
        var lead = ByteWriter()
        var leadOf: TidyReport?
        for i in range {
            let v = values[i]
            if leadOf !== v.report {
                lead = ByteWriter()
                lead.raw("{\"unit\":")
                lead.jsonString(v.unit)
                lead.raw(",\"unitName\":")
                lead.jsonString(v.unitName)
                lead.raw(",\"period\":")
                lead.jsonString(v.period)
                lead.raw(",\"criterion\":")
                leadOf = v.report
            }
            if i > 0 { out.byte(UInt8(ascii: ",")) }
            out.bytes += lead.bytes
            out.jsonString(v.criterion)
            out.raw(",\"value\":")
            out.jsonString(v.value.description)
            out.byte(UInt8(ascii: "}"))
        }
        return out.bytes
    }
}

extension ByteWriter {
    // The lists written directly, each as its type's own (synthesized) encoding writes it, the absent optionals left
    // out: through the `Encoder` containers, each of a commune-scale synthesis' 16,000 tasks of units cost 3 µs, and its
    // results and rows of units and the units raising a difficulty 2 µs, most of it the runtime looking up the containers' generic types.
    // `RenderingTests.longListsWrittenInPiecesAreTheirElementsOwnEncoding` holds each to its type's encoding.

    /// A task of a unit as `TaskItem`'s own encoding writes it.
    mutating func taskItem(_ item: TaskItem) {
        raw("{\"taskId\":")
        jsonString(item.taskId)
        raw(",\"text\":")
        jsonString(item.text)
        raw(",\"directive\":")
        jsonString(item.directive)
        if let deadline = item.deadline {
            raw(",\"deadline\":")
            jsonString(deadline)
        }
        raw(",\"deadlineText\":")
        jsonString(item.deadlineText)
        raw(",\"unit\":")
        unitRef(item.unit)
        raw(",\"state\":")
        jsonString(item.state.rawValue)
        if let days = item.days {
            raw(",\"days\":")
            integer(days)
        }
        if let completedOn = item.completedOn {
            raw(",\"completedOn\":")
            jsonString(completedOn.description)
        }
        raw(",\"product\":")
        jsonString(item.product)
        raw(",\"note\":")
        jsonString(item.note)
        byte(UInt8(ascii: "}"))
    }

    /// A unit's result on a topic as `UnitResult`'s own encoding writes it.
    mutating func unitResult(_ item: UnitResult) {
        raw("{\"unit\":")
        unitRef(item.unit)
        raw(",\"text\":")
        jsonString(item.text)
        byte(UInt8(ascii: "}"))
    }

    /// A row of the per-unit table as `UnitRow`'s own encoding writes it.
    mutating func unitRow(_ row: UnitRow) {
        raw("{\"unit\":")
        unitRef(row.unit)
        raw(",\"state\":")
        jsonString(row.state.rawValue)
        if let reportedAt = row.reportedAt {
            raw(",\"reportedAt\":")
            jsonString(VietnamTime.utcISO8601(reportedAt))
        }
        raw(",\"values\":[")
        for (i, value) in row.values.enumerated() {
            if i > 0 { byte(UInt8(ascii: ",")) }
            switch value {
            case nil: raw("null")
            case .number(let number): jsonNumber(number)
            case .text(let text): jsonString(text)
            }
        }
        raw("],\"difficulties\":")
        integer(row.difficulties)
        raw(",\"recommendations\":")
        integer(row.recommendations)
        raw(",\"warnings\":")
        integer(row.warnings)
        if let review = row.review {
            raw(",\"review\":")
            jsonString(review.rawValue)
        }
        byte(UInt8(ascii: "}"))
    }

    /// A unit raising a difficulty as `RaisingUnit`'s own encoding writes it.
    mutating func raisingUnit(_ raising: RaisingUnit) {
        raw("{\"unit\":")
        unitRef(raising.unit)
        raw(",\"periodsInRow\":")
        integer(raising.periodsInRow)
        raw(raising.recurring ? ",\"recurring\":true}" : ",\"recurring\":false}")
    }

    mutating func unitRef(_ unit: UnitRef) {
        raw("{\"code\":")
        jsonString(unit.code)
        raw(",\"name\":")
        jsonString(unit.name)
        byte(UInt8(ascii: "}"))
    }

    /// A number as JSON has it, and the three JSON has not as the strings JavaScript writes for them.
    mutating func jsonNumber(_ value: Double) {
        if value.isNaN || value.isInfinite {
            jsonString(value.isNaN ? "NaN" : value > 0 ? "Infinity" : "-Infinity")
            return
        }
        number(value)
    }

    /// A JSON string: quotes, backslashes and control characters escaped; not `/`, and not the text's other characters.
    /// `shortEscapes` writes backspace and form feed as `\b` and `\f`, as Foundation's `JSONEncoder` does (the API's
    /// answers are its bytes), rather than as `\u0008` and `\u000c` (the syntheses' JSON always has).
    ///
    /// Eight bytes are looked at a time, and the runs between escapes copied whole: byte by byte, with each escape
    /// appended as an array of its own, writing the strings was an eighth of a commune-scale JSON synthesis (its 28 MB
    /// hold 500,000 strings, and a unit's results with line breaks in them went byte by byte to the end).
    public mutating func jsonString(_ text: String, shortEscapes: Bool = false) {
        var text = text
        text.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            guard let base = utf8.baseAddress else {
                bytes.append(UInt8(ascii: "\""))
                return
            }
            let count = utf8.count
            var start = 0
            var i = 0
            while i < count {
                if i + 8 <= count, !Self.holdsJSONEscape(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
                    i += 8
                    continue
                }
                let byte = base[i]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                    i += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: i - start))
                bytes.append(92)
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case UInt8(ascii: "\n"): bytes.append(110)
                case UInt8(ascii: "\r"): bytes.append(114)
                case UInt8(ascii: "\t"): bytes.append(116)
                case 8 where shortEscapes: bytes.append(UInt8(ascii: "b"))
                case 12 where shortEscapes: bytes.append(UInt8(ascii: "f"))
                default:
                    bytes.append(contentsOf: [117, 48, 48])
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 15)])
                }
                i += 1
                start = i
            }
            bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: count - start))
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// Whether any of the eight bytes of `word` is a control character, a quote or a backslash: each test is the
    /// classic one for "a byte below n" or "a zero byte", exact as to whether there is one.
    @inline(__always)
    private static func holdsJSONEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let below32 = (word &- ones &* 0x20) & ~word
        let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
        return (below32 | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & highs != 0
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}

/// The encoder handed to one value: it opens at most one container, which `close` ends.
private final class Writer: Encoder {
    enum Opened { case none, object, array, single }

    let sink: Sink
    var opened = Opened.none
    /// Whether the open container already holds an element (a comma comes before the next).
    var hasElement = false
    /// A nested container still open: it ends when the next element starts or this container closes.
    var child: Writer?
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    init(sink: Sink) { self.sink = sink }

    func close() {
        finishChild()
        switch opened {
        case .none: sink.out.raw("{}")
        case .object: sink.out.raw("}")
        case .array: sink.out.raw("]")
        case .single: break
        }
    }

    func finishChild() {
        child?.close()
        child = nil
    }

    /// A container nested in this one, opened in place.
    func nested(_ kind: Opened) -> Writer {
        let writer = Writer(sink: sink)
        writer.opened = kind
        kind == .object ? sink.out.raw("{") : sink.out.raw("[")
        child = writer
        return writer
    }

    func separate() {
        finishChild()
        if hasElement { sink.out.byte(UInt8(ascii: ",")) }
        hasElement = true
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if opened == .none {
            opened = .object
            sink.out.raw("{")
        }
        return KeyedEncodingContainer(Keyed<Key>(writer: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if opened == .none {
            opened = .array
            sink.out.raw("[")
        }
        return Unkeyed(writer: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        if opened == .none { opened = .single }
        return Single(writer: self)
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let writer: Writer
        var codingPath: [any CodingKey] { writer.codingPath }

        private func key(_ key: Key) {
            writer.separate()
            writer.sink.out.jsonString(key.stringValue)
            writer.sink.out.byte(UInt8(ascii: ":"))
        }

        mutating func encodeNil(forKey key: Key) throws {
            self.key(key)
            writer.sink.out.raw("null")
        }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            self.key(key)
            try writer.sink.write(value)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            self.key(key)
            return KeyedEncodingContainer(Keyed<NestedKey>(writer: writer.nested(.object)))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            self.key(key)
            return Unkeyed(writer: writer.nested(.array))
        }
        mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            self.key(key)
            let encoder = Writer(sink: writer.sink)
            writer.child = encoder
            return encoder
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let writer: Writer
        var codingPath: [any CodingKey] { writer.codingPath }
        var count = 0

        mutating func encodeNil() throws {
            writer.separate()
            writer.sink.out.raw("null")
            count += 1
        }
        mutating func encode<T: Encodable>(_ value: T) throws {
            writer.separate()
            try writer.sink.write(value)
            count += 1
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            writer.separate()
            count += 1
            return KeyedEncodingContainer(Keyed<NestedKey>(writer: writer.nested(.object)))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            writer.separate()
            count += 1
            return Unkeyed(writer: writer.nested(.array))
        }
        mutating func superEncoder() -> any Encoder {
            writer.separate()
            count += 1
            let encoder = Writer(sink: writer.sink)
            writer.child = encoder
            return encoder
        }
    }

    struct Single: SingleValueEncodingContainer {
        let writer: Writer
        var codingPath: [any CodingKey] { writer.codingPath }

        mutating func encodeNil() throws { writer.sink.out.raw("null") }
        mutating func encode<T: Encodable>(_ value: T) throws { try writer.sink.write(value) }
    }
}
