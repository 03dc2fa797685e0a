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
    /// `value` as JSON; `tidyValues`, when given, are the array of tidy values `value` holds, written on other cores from
    /// the start while the rest of `value` is encoded (they are most of a synthesis' bytes).
    public static func encode(_ value: some Encodable, writingAhead tidyValues: [TidyValue]? = nil) throws -> Data {
        let sink = Sink()
        sink.ahead = tidyValues.map(TidyAhead.init)
        try sink.write(value)
        sink.bytes.append(UInt8(ascii: "\n"))
        sink.finished.append(sink.bytes)
        // One copy into the result, rather than joining the pieces first and copying the whole again.
        var data = Data(capacity: sink.finished.reduce(0) { $0 + $1.count })
        for piece in sink.finished { data.append(contentsOf: piece) }
        return data
    }
}

/// Tidy values being written on other cores.
private final class TidyAhead: @unchecked Sendable {
    let storage: UnsafeRawPointer?
    private let group = DispatchGroup()
    // Written once before the group is left; read only after `wait`.
    private var chunks: [[UInt8]] = []

    init(_ values: [TidyValue]) {
        storage = values.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        DispatchQueue.global().async(group: group) { self.chunks = Sink.tidyChunks(values) }
    }

    func wait() -> [[UInt8]] {
        group.wait()
        return chunks
    }
}

private final class Sink {
    var bytes: [UInt8] = []
    /// Pieces already written, in order, before `bytes`: the tidy values' chunks are kept as they were written.
    var finished: [[UInt8]] = []
    /// The tidy values written ahead, used when the very same array comes to be written.
    var ahead: TidyAhead?

    init() { bytes.reserveCapacity(1 << 20) }

    func write<T: Encodable>(_ value: T) throws {
        // Comparing types is a pointer comparison; a failed `as?` cast is a runtime search, and half a million values
        // would each fail several.
        if T.self == String.self {
            string(unsafeBitCast(value, to: String.self))
        } else if T.self == Double.self {
            number(unsafeBitCast(value, to: Double.self))
        } else if T.self == Int.self {
            raw(String(unsafeBitCast(value, to: Int.self)))
        } else if T.self == Int64.self {
            raw(String(unsafeBitCast(value, to: Int64.self)))
        } else if T.self == Bool.self {
            raw(unsafeBitCast(value, to: Bool.self) ? "true" : "false")
        } else if T.self == Date.self {
            string(VietnamTime.utcISO8601(unsafeBitCast(value, to: Date.self)))
        } else if T.self == [TidyValue].self {
            tidy(unsafeBitCast(value, to: [TidyValue].self))
        } else {
            let encoder = Writer(sink: self)
            try value.encode(to: encoder)
            encoder.close()
        }
    }

    func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// The tidy values, written directly: they are nine tenths of a commune-scale synthesis, and going through the
    /// `Encoder` containers for each of them was most of the time spent. The same object as `TidyValue`'s own encoding.
    /// Written in chunks on all cores into buffers of their own, then joined in order.
    func tidy(_ values: [TidyValue]) {
        let same = ahead.map { ahead in values.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) == ahead.storage } } ?? false
        let parts = same ? ahead!.wait() : Self.tidyChunks(values)
        ahead = nil
        bytes.append(UInt8(ascii: "["))
        finished.append(bytes)
        finished += parts
        bytes = [UInt8(ascii: "]")]
        bytes.reserveCapacity(1 << 16)
    }

    static func tidyChunks(_ values: [TidyValue]) -> [[UInt8]] {
        return chunks(of: values.count, parts: 4).concurrentMap { range in
            var out = JSONBytes()
            out.bytes.reserveCapacity(range.count * 128)
            // A unit's values come together: its part up to the criterion is written once and copied for each value.
            var lead = JSONBytes()
            var leadOf: (unit: String, unitName: String, period: String)?
            for i in range {
                let v = values[i]
                if leadOf.map({ $0.unit != v.unit || $0.unitName != v.unitName || $0.period != v.period }) ?? true {
                    lead.bytes = []
                    lead.raw("{\"unit\":")
                    lead.string(v.unit)
                    lead.raw(",\"unitName\":")
                    lead.string(v.unitName)
                    lead.raw(",\"period\":")
                    lead.string(v.period)
                    lead.raw(",\"criterion\":")
                    leadOf = (v.unit, v.unitName, v.period)
                }
                if i > 0 { out.bytes.append(UInt8(ascii: ",")) }
                out.bytes += lead.bytes
                out.string(v.criterion)
                out.raw(",\"value\":")
                out.string(v.value)
                out.bytes.append(UInt8(ascii: "}"))
            }
            return out.bytes
        }
    }

    func number(_ value: Double) {
        if value.isNaN || value.isInfinite { string(value.isNaN ? "NaN" : value > 0 ? "Infinity" : "-Infinity"); return }
        raw(NumberText.text(value))
    }

    func string(_ text: String) {
        var out = JSONBytes(bytes: bytes)
        bytes = []
        out.string(text)
        bytes = out.bytes
    }
}

/// JSON text being written into bytes: a value of its own, so appending to it needs none of the run-time exclusivity
/// checks that appending to a class's property does (a quarter of the time of writing half a million strings).
private struct JSONBytes {
    var bytes: [UInt8] = []

    private static let hex = Array("0123456789abcdef".utf8)

    mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            // Most texts need no escape: copy them whole rather than byte by byte.
            var plain = true
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { plain = false; break }
            if plain {
                bytes.append(contentsOf: utf8)
            } else {
                for byte in utf8 {
                    switch byte {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes += [92, byte]
                    case UInt8(ascii: "\n"): bytes += [92, 110]
                    case UInt8(ascii: "\r"): bytes += [92, 114]
                    case UInt8(ascii: "\t"): bytes += [92, 116]
                    case 0..<0x20: bytes += [92, 117, 48, 48, Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 15)]]
                    default: bytes.append(byte)
                    }
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }
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
        case .none: sink.raw("{}")
        case .object: sink.raw("}")
        case .array: sink.raw("]")
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
        sink.raw(kind == .object ? "{" : "[")
        child = writer
        return writer
    }

    func separate() {
        finishChild()
        if hasElement { sink.bytes.append(UInt8(ascii: ",")) }
        hasElement = true
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if opened == .none { opened = .object; sink.raw("{") }
        return KeyedEncodingContainer(Keyed<Key>(writer: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if opened == .none { opened = .array; sink.raw("[") }
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
            writer.sink.string(key.stringValue)
            writer.sink.bytes.append(UInt8(ascii: ":"))
        }

        mutating func encodeNil(forKey key: Key) throws { self.key(key); writer.sink.raw("null") }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { self.key(key); try writer.sink.write(value) }
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

        mutating func encodeNil() throws { writer.separate(); writer.sink.raw("null"); count += 1 }
        mutating func encode<T: Encodable>(_ value: T) throws { writer.separate(); try writer.sink.write(value); count += 1 }
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

        mutating func encodeNil() throws { writer.sink.raw("null") }
        mutating func encode<T: Encodable>(_ value: T) throws { try writer.sink.write(value) }
    }
}
