import Foundation
import Yams

/// Decodes a `Decodable` from a composed YAML node as Yams' `YAMLDecoder` does, without what it costs every command.
///
/// Written here because `YAMLDecoder` asks, for every type it decodes, whether the type is one Yams builds from a scalar
/// and whether it keeps an anchor (`as? ScalarConstructible.Type`, `as? YamlAnchorCoding`): each such question asked for
/// the first time scans all of the binary's 12,000 protocol conformances. And listing a mapping's keys (a dictionary of
/// settings) builds a node that compiles all of Yams' regular expressions through ICU. Together a quarter of a late
/// check's time went to decoding the templates, tasks and settings, which `perf` put in those scans, the regular
/// expressions and copies of nodes. This decoder asks nothing at run time: the standard library calls its methods for
/// text, numbers and true/false, and every other type decodes itself from its containers.
///
/// What a value means is Yams': each scalar is read by Yams' own `construct(from:)`, a key is found where Yams' own lookup
/// finds it in a node `composeStrictYAML` composed (the last pair keyed by its text), null is Yams' null, and the errors
/// are the `DecodingError`s `YAMLDecoder` throws, at the same coding paths with the same words, so a problem in a file is
/// reported as before (a test decodes the same files, good and broken, with both).
/// Left out, as the catalog's formats use none of it: anchors kept by a decoded value (`YamlAnchorCoding`), merge keys (the
/// catalog is composed without the resolver that marks them, and `composeStrictYAML` refuses a key tagged `!!merge` or
/// `!!value` by hand), and the other types Yams builds from a scalar (dates, URLs, UUIDs, data, decimals), which would
/// decode themselves from text or numbers here.
struct NodeDecoder: Decoder {
    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// `type` decoded from `node`, the root of a file.
    static func decode<T: Decodable>(_ type: T.Type, from node: Node) throws -> T {
        try NodeDecoder(node: node, codingPath: []).decode(type)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let mapping) = node else { throw typeMismatch(Node.Mapping.self, found: node) }
        return KeyedDecodingContainer(Keyed<Key>(decoder: self, mapping: mapping))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let sequence) = node else { throw typeMismatch(Node.Sequence.self, found: node) }
        return Unkeyed(decoder: self, sequence: sequence)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    /// The decoder of `node`, a value inside this one at `key`.
    func decoder(of node: Node, at key: any CodingKey) -> NodeDecoder {
        NodeDecoder(node: node, codingPath: codingPath + [key])
    }

    /// This node as a scalar of `type`, read as Yams reads it.
    func scalar<T: ScalarConstructible>(_ type: T.Type) throws -> T {
        let scalar: Node.Scalar
        switch node {
        case .scalar(let found): scalar = found
        case .mapping(let found): throw typeMismatch(Node.Scalar.self, found: found)
        case .sequence(let found): throw typeMismatch(Node.Scalar.self, found: found)
        case .alias(let found): throw typeMismatch(Node.Scalar.self, found: found)
        }
        guard let value = T.construct(from: scalar) else { throw typeMismatch(type, found: scalar) }
        return value
    }

    /// This node as a number, read as Yams reads it, and by the standard library directly where Yams would come to the
    /// same call after its own steps: a plain value of digits, signs, points and exponents only. Yams lowercases the text
    /// and takes out any `_` through Foundation first, which cost more than the rest of decoding a bound.
    func number(_ type: Double.Type) throws -> Double {
        if case .scalar(let found) = node, found.style == .plain || found.style == .any,
            found.string.utf8.allSatisfy(Self.numberBytes.contains), let value = Double(found.string)
        {
            return value
        }
        return try scalar(type)
    }

    /// What a number that is nothing but a number is written with.
    private static let numberBytes = Set("0123456789+-.eE".utf8)

    /// The error `YAMLDecoder` throws for the same mismatch, in its words.
    func typeMismatch(_ expected: Any.Type, found: Any) -> DecodingError {
        let description = "Expected to decode \(expected) but found \(Swift.type(of: found)) instead."
        return .typeMismatch(expected, DecodingError.Context(codingPath: codingPath, debugDescription: description))
    }
}

extension NodeDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool { node.null != nil }
    func decode(_ type: Bool.Type) throws -> Bool { try scalar(type) }
    func decode(_ type: String.Type) throws -> String { try scalar(type) }
    func decode(_ type: Double.Type) throws -> Double { try number(type) }
    func decode(_ type: Float.Type) throws -> Float { try scalar(type) }
    func decode(_ type: Int.Type) throws -> Int { try scalar(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try scalar(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try scalar(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try scalar(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try scalar(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try scalar(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try scalar(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try scalar(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try scalar(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try scalar(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: self) }
}

extension NodeDecoder {
    /// A mapping's values, found by key as Yams finds them.
    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: NodeDecoder
        let mapping: Node.Mapping
        /// The value of the last pair each text keys, found in one pass. Yams' own lookup compares the wanted key with
        /// every key after it, as nodes, each comparison resolving both nodes' tags: 6,000 instructions a lookup, a tenth
        /// of loading the catalog. On a node `composeStrictYAML` composed, both find the same value: its keys are texts
        /// (plain or quoted, tagged as text or not at all) read without rules for other types, which Yams finds by their
        /// text alone (a test holds the two decoders to the same values and errors).
        let values: [String: Node]

        init(decoder: NodeDecoder, mapping: Node.Mapping) {
            self.decoder = decoder
            self.mapping = mapping
            var values: [String: Node] = [:]
            values.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                if case .scalar(let key) = key { values[key.string] = value }
            }
            self.values = values
        }

        var codingPath: [any CodingKey] { decoder.codingPath }
        var allKeys: [Key] { mapping.keys.compactMap { $0.string.flatMap(Key.init(stringValue:)) } }
        func contains(_ key: Key) -> Bool { values[key.stringValue] != nil }

        /// The decoder of the value at `key`, or the error `YAMLDecoder` throws when there is none.
        func decoder(for key: any CodingKey) throws -> NodeDecoder {
            guard let node = values[key.stringValue] else {
                let context = DecodingError.Context(
                    codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\").")
                throw DecodingError.keyNotFound(key, context)
            }
            return decoder.decoder(of: node, at: key)
        }

        func decodeNil(forKey key: Key) throws -> Bool { try decoder(for: key).decodeNil() }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder(for: key).scalar(type) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder(for: key).scalar(type) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoder(for: key).number(type) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decoder(for: key).scalar(type) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder(for: key).scalar(type) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder(for: key).scalar(type) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder(for: key).scalar(type) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder(for: key).scalar(type) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder(for: key).scalar(type) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder(for: key).scalar(type) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder(for: key).scalar(type) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder(for: key).scalar(type) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder(for: key).scalar(type) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder(for: key).scalar(type) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try T(from: decoder(for: key)) }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try decoder(for: key).container(keyedBy: type)
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try decoder(for: key).unkeyedContainer() }
        func superDecoder() throws -> any Decoder { try decoder(for: NodeKey(stringValue: "super")) }
        func superDecoder(forKey key: Key) throws -> any Decoder { try decoder(for: key) }
    }

    /// A key of `YAMLDecoder`'s own making, as it makes them: an element's place in a sequence ("Index 3"), or `super`.
    struct NodeKey: CodingKey {
        let stringValue: String
        let intValue: Int?
        init(index: Int) { (stringValue, intValue) = ("Index \(index)", index) }
        init(stringValue: String) { (self.stringValue, intValue) = (stringValue, nil) }
        init(intValue: Int) { (stringValue, self.intValue) = ("\(intValue)", intValue) }
    }

    /// A sequence's elements in order.
    struct Unkeyed: UnkeyedDecodingContainer {
        let decoder: NodeDecoder
        let sequence: Node.Sequence
        var currentIndex = 0

        var codingPath: [any CodingKey] { decoder.codingPath }
        var count: Int? { sequence.count }
        var isAtEnd: Bool { currentIndex >= sequence.count }

        /// The next element's decoder, moving past it once `read` succeeds; the error `YAMLDecoder` throws at the end.
        private mutating func next<T>(_ type: Any.Type, _ read: (NodeDecoder) throws -> T) throws -> T {
            let key = NodeKey(index: currentIndex)
            guard !isAtEnd else {
                let context = DecodingError.Context(codingPath: codingPath + [key], debugDescription: "Unkeyed container is at end.")
                throw DecodingError.valueNotFound(type, context)
            }
            let value = try read(decoder.decoder(of: sequence[currentIndex], at: key))
            currentIndex += 1
            return value
        }

        mutating func decodeNil() throws -> Bool { try next(Any?.self) { $0.decodeNil() } }
        mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type) { try $0.scalar(type) } }
        mutating func decode(_ type: String.Type) throws -> String { try next(type) { try $0.scalar(type) } }
        mutating func decode(_ type: Double.Type) throws -> Double { try next(type) { try $0.number(type) } }
        mutating func decode(_ type: Float.Type) throws -> Float { try next(type) { try $0.scalar(type) } }
        mutating func decode(_ type: Int.Type) throws -> Int { try next(type) { try $0.scalar(type) } }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(type) { try $0.scalar(type) } }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(type) { try $0.scalar(type) } }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(type) { try $0.scalar(type) } }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type) { try $0.scalar(type) } }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try next(type) { try $0.scalar(type) } }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(type) { try $0.scalar(type) } }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next(type) { try $0.scalar(type) } }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(type) { try $0.scalar(type) } }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(type) { try $0.scalar(type) } }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(type) { try T(from: $0) } }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try next(KeyedDecodingContainer<NestedKey>.self) { try $0.container(keyedBy: type) }
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            try next((any UnkeyedDecodingContainer).self) { try $0.unkeyedContainer() }
        }
        mutating func superDecoder() throws -> any Decoder { try next(NodeDecoder.self) { $0 } }
    }
}
