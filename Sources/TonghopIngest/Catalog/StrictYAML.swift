import Foundation
import Yams

/// A problem in one of the YAML files staff edit, with the file and line.
public struct CatalogError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]

    public init(_ problems: [String]) { self.problems = problems }

    public var description: String {
        "the templates are not valid:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

/// Decodes a YAML file into `T`, refusing keys that the format does not know and naming file, line and key on error.
///
/// `allowedKeys` maps a path pattern (`""` for the root, `criteria[]` for each element of `criteria`,
/// `narrative.results` ...) to the keys a mapping there may have. Mappings named `label`, `title`, `name`
/// and `message` always take exactly `vi` and `en`.
func decodeStrictYAML<T: Decodable>(_ type: T.Type, file: String, text: String, allowedKeys: [String: Set<String>]) throws -> T {
    let root = try composeStrictYAML(file: file, text: text, allowedKeys: allowedKeys)
    do {
        return try NodeDecoder.decode(T.self, from: root)
    } catch let error as DecodingError {
        throw CatalogError([describe(error, file: file, root: root)])
    }
}

/// `decodeStrictYAML`, or the value `cache` kept for the same text, keys and type; a value decoded is kept there.
func decodeStrictYAML<T: CatalogFileFormat>(
    _ type: T.Type, file: String, text: String, allowedKeys: [String: Set<String>], cache: CatalogFileCache?
) throws -> T {
    guard let cache else { return try decodeStrictYAML(T.self, file: file, text: text, allowedKeys: allowedKeys) }
    return try cache.value(T.self, file: file, text: text, allowedKeys: allowedKeys) {
        try decodeStrictYAML(T.self, file: file, text: text, allowedKeys: allowedKeys)
    }
}

/// Parses a YAML file into nodes, refusing unknown keys (see `decodeStrictYAML`).
func composeStrictYAML(file: String, text: String, allowedKeys: [String: Set<String>]) throws -> Node {
    let root: Node
    do {
        // UTF-8 named: Yams' default encoding reads the whole environment into a dictionary at every call to find out. None
        // of YAML's rules for plain values: they are regular expressions, compiled by ICU (6 MB of it loaded into every
        // command for the yes/no rule alone), tried on every value, and no decoder needs them: Yams reads numbers, null,
        // text and a yes or no from any plain value by itself (its `Bool` refuses only a value tagged as text: a quoted
        // one, or one whose tag an anchor shares with a key, which Yams' check for duplicate keys resolves to text).
        guard let node = try Yams.compose(yaml: text, Resolver.basic, .default, .utf8) else { throw CatalogError(["\(file): the file is empty"]) }
        root = node
    } catch let error as CatalogError {
        throw error
    } catch {
        throw CatalogError(["\(file): not valid YAML: \(error)"])
    }
    var problems: [String] = []
    checkKeys(root, pattern: "", file: file, allowedKeys: allowedKeys, problems: &problems)
    guard problems.isEmpty else { throw CatalogError(problems) }
    return root
}

private let localizedKeys: Set<Substring> = ["label", "title", "name", "message"]
private let languages: Set<String> = ["vi", "en"]

private func checkKeys(_ node: Node, pattern: String, file: String, allowedKeys: [String: Set<String>], problems: inout [String]) {
    switch node {
    case .mapping(let mapping):
        let lastKey = pattern[(pattern.lastIndex(of: ".").map(pattern.index(after:)) ?? pattern.startIndex)...]
        let allowed = localizedKeys.contains(lastKey) ? languages : allowedKeys[pattern] ?? wildcardMatch(pattern, allowedKeys)
        for (key, value) in mapping {
            let name = key.string ?? ""
            /// The file and the key's line, for a problem with the key (made only then: most keys have none).
            func place() -> String { file + (key.mark.map { ", line \($0.line)" } ?? "") }
            // A key is plain or quoted text. One tagged otherwise (`!!value`, `!!merge`, `!mine`) would be found by one
            // reading and not another (Yams' decoder merges `!!merge` keys; a lookup by text misses `!mine`): refused.
            if let tag = key.scalar?.tag.rawValue, tag != Tag.Name.implicit.rawValue && tag != Tag.Name.str.rawValue {
                problems.append("\(place()): the key `\(name)` has a tag (`\(tag)`); write keys as plain text")
                continue
            }
            if let allowed, !allowed.contains(name) {
                let whereInFile = pattern.isEmpty ? "at the top level" : "in \(pattern)"
                problems.append("\(place()): unknown key `\(name)` \(whereInFile); expected one of: \(allowed.sorted().joined(separator: ", "))")
                continue
            }
            switch value {
            case .mapping, .sequence:
                checkKeys(value, pattern: pattern.isEmpty ? name : "\(pattern).\(name)", file: file, allowedKeys: allowedKeys, problems: &problems)
            case .scalar, .alias:
                break  // no keys below it: no pattern made (a text for most keys of every file)
            }
        }
    case .sequence(let sequence):
        let elementPattern = pattern + "[]"
        for element in sequence {
            checkKeys(element, pattern: elementPattern, file: file, allowedKeys: allowedKeys, problems: &problems)
        }
    case .scalar, .alias:
        break
    }
}

/// The keys allowed where a pattern such as `schedules.*.outliers` matches `pattern`: `*` stands for any one key.
private func wildcardMatch(_ pattern: String, _ allowedKeys: [String: Set<String>]) -> Set<String>? {
    let parts = pattern.split(separator: ".")
    for (candidate, keys) in allowedKeys where candidate.contains("*") {
        let candidateParts = candidate.split(separator: ".")
        guard candidateParts.count == parts.count else { continue }
        let matches = zip(candidateParts, parts).allSatisfy { c, p in
            c == p || (c.hasPrefix("*") && p.hasSuffix(c.dropFirst()))
        }
        if matches { return keys }
    }
    return nil
}

/// Turns a `DecodingError` into "file, line N: criteria[3].type: expected ..., found ...".
private func describe(_ error: DecodingError, file: String, root: Node) -> String {
    let (path, detail): ([any CodingKey], String) =
        switch error {
        case .keyNotFound(let key, let context): (context.codingPath + [key], "missing key `\(key.stringValue)`")
        case .typeMismatch(let type, let context): (context.codingPath, "expected \(typeName(type)); \(context.debugDescription)")
        case .valueNotFound(let type, let context): (context.codingPath, "expected \(typeName(type)), found nothing")
        case .dataCorrupted(let context): (context.codingPath, context.debugDescription)
        @unknown default: ([], "\(error)")
        }
    let dotted = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
    var node: Node? = root
    for key in path {
        guard let current = node else { break }
        if let index = key.intValue, case .sequence(let seq) = current {
            node = index < seq.count ? seq[index] : nil
        } else if case .mapping(let map) = current {
            node = map[key.stringValue] ?? current
        }
    }
    let line = (node ?? root).mark.map { ", line \($0.line)" } ?? ""
    return "\(file)\(line): \(dotted.isEmpty ? "" : "\(dotted): ")\(detail)"
}

private func typeName(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "text"
    case is Int.Type, is Double.Type: "a number"
    case is Bool.Type: "true or false"
    default: "\(type)"
    }
}
