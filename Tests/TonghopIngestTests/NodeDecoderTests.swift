import Foundation
import Testing
import TonghopTestSupport
import Yams

@testable import TonghopIngest

/// `NodeDecoder` against Yams' `YAMLDecoder`, which it replaces: the same values from the shipped catalog's files and
/// from hundreds of broken copies of them, and the same errors, at the same places, in the same words.
@Suite struct NodeDecoderTests {
    /// The formats of the catalog's files, each decoded into its own type.
    enum Format: Sendable { case schedules, synthesis, template, tasks }

    /// A file of each format.
    static let files: [(path: String, format: Format)] = [
        ("schedules.yaml", .schedules), ("synthesis.yaml", .synthesis), ("criteria/province-weekly.yaml", .template),
        ("criteria/central-weekly.yaml", .template), ("criteria/monthly.yaml", .template), ("tasks/cv-171-bcd.yaml", .tasks),
    ]

    /// `text` composed once for each decoder (Yams' decoder rewrites some nodes' tags as it reads them), or nil when the
    /// strict reading refuses the text before any decoder sees it.
    func compositions(of text: String, file: String) -> (forYams: Node, forNode: Node)? {
        func compose() -> Node? { try? composeStrictYAML(file: file, text: text, allowedKeys: [:]) }
        guard let forYams = compose(), let forNode = compose() else { return nil }
        return (forYams, forNode)
    }

    /// What both decoders make of `text`, each from its own composition of it, or nil when the strict reading refuses it.
    func both(_ format: Format, _ text: String, file: String) -> Outcomes? {
        guard let (forYams, forNode) = compositions(of: text, file: file) else { return nil }
        switch format {
        case .schedules: return both(SchedulesFile.self, forYams, forNode)
        case .synthesis:
            // Its schedules are a dictionary, whose order is each instance's own: compared in the order of their ids.
            return both(SynthesisFile.self, forYams, forNode) { file in
                var rest = file
                rest.schedules = [:]
                return (rest, file.schedules.sorted { $0.key < $1.key })
            }
        case .template: return both(TemplateFile.self, forYams, forNode)
        case .tasks: return both(TaskRegisterFile.self, forYams, forNode)
        }
    }

    /// What each decoder made of a node: the value as `dump` writes it, or the error as a person would be told it.
    struct Outcomes: Equatable {
        var yams: String
        var node: String
    }

    func both<T: Decodable>(_ type: T.Type, _ forYams: Node, _ forNode: Node, comparing shown: (T) -> Any = { $0 }) -> Outcomes {
        Outcomes(
            yams: outcome { shown(try YAMLDecoder().decode(T.self, from: forYams)) },
            node: outcome { shown(try NodeDecoder.decode(T.self, from: forNode)) })
    }

    /// Whether an outcome is an error rather than a value.
    static func isError(_ outcome: String) -> Bool {
        ["missing", "mismatch", "nothing", "corrupted", "not a DecodingError"].contains { outcome.hasPrefix($0) }
    }

    func outcome<T>(_ decode: () throws -> T) -> String {
        do {
            var text = ""
            dump(try decode(), to: &text)
            return text
        } catch let error as DecodingError {
            return described(error)
        } catch {
            return "not a DecodingError: \(error)"
        }
    }

    /// The kind of error, the path (indexes as numbers, keys by name), the type expected and the decoder's words.
    func described(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String { keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined() }
        switch error {
        case .keyNotFound(let key, let context): return "missing \(key.stringValue) at \(path(context.codingPath)): \(context.debugDescription)"
        case .typeMismatch(let type, let context): return "mismatch \(type) at \(path(context.codingPath)): \(context.debugDescription)"
        case .valueNotFound(let type, let context): return "nothing \(type) at \(path(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context): return "corrupted at \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// What a value is replaced with in the broken copies: other kinds of node, null written three ways, texts that are not
    /// numbers, numbers written plainly and as YAML writes them in other ways, true/false plain and quoted, an empty text,
    /// explicit tags, an anchor.
    static let replacements = [
        "[a, b]", "{vi: x, en: y}", "~", "null", "", "many", "-1.5", "+2.5E3", "1e", "0x1F", "1_000", ".inf", "yes", "\"yes\"", "''", "\"12\"",
        "2025-13-01", "!!str 12", "!!int 12", "!x {vi: a, en: b}", "&a 12",
    ]

    @Test func theShippedFilesDecodeToTheSameValues() throws {
        let tasks = try FileManager.default.contentsOfDirectory(atPath: Repo.templates.appendingPathComponent("tasks").path).sorted()
        #expect(!tasks.isEmpty)
        let everyFile = Self.files + tasks.map { ("tasks/\($0)", Format.tasks) }
        for (path, format) in everyFile {
            let text = try String(contentsOf: Repo.templates.appendingPathComponent(path), encoding: .utf8)
            let outcomes = try #require(both(format, text, file: path), "\(path)")
            #expect(outcomes.yams == outcomes.node, "\(path)")
            #expect(!Self.isError(outcomes.node), "\(path): \(outcomes.node.prefix(200))")
        }
    }

    /// A number written plainly is read by the standard library directly, any other way by Yams: the same either way.
    @Test func numbersAreReadAsYamsReadsThem() throws {
        struct Bound: Decodable {
            var min: Double
            var max: Double?
        }
        let written = [
            "0", "-1.5", "+2.5E3", ".5", "1e", "e5", "+", "1.2.3", "0x1F", "1_000", ".inf", "-.INF", "1:30", "\"12\"", "'3'", "12abc", "", "~",
        ]
        for text in written {
            let yaml = "min: \(text)\nmax: \(text)"
            let (forYams, forNode) = try #require(compositions(of: yaml, file: "bound.yaml"), "\(text)")
            let outcomes = both(Bound.self, forYams, forNode)
            #expect(outcomes.yams == outcomes.node, "\(text)")
        }
    }

    @Test func aKeyTaggedOtherwiseThanAsTextIsRefused() throws {
        let text = try String(contentsOf: Repo.templates.appendingPathComponent("schedules.yaml"), encoding: .utf8)
        #expect(text.contains("\nversion: "))
        for tag in ["!!value ", "!!merge ", "!mine ", "!!int "] {
            let tagged = text.replacingOccurrences(of: "\nversion: ", with: "\n\(tag)version: ")
            #expect(throws: CatalogError.self, "\(tag)") { try composeStrictYAML(file: "schedules.yaml", text: tagged, allowedKeys: [:]) }
            #expect(both(.schedules, tagged, file: "schedules.yaml") == nil)
        }
        // Quoted, or tagged as text, a key is still the same key.
        for spelling in ["\"version\": ", "!!str version: "] {
            let same = try #require(both(.schedules, text.replacingOccurrences(of: "\nversion: ", with: "\n\(spelling)"), file: "schedules.yaml"))
            #expect(same.yams == same.node && !Self.isError(same.node), "\(spelling)")
        }
    }

    @Test func brokenCopiesFailOrDecodeAlike() throws {
        var compared = 0
        var failed = 0
        for (path, format) in Self.files {
            let lines = try String(contentsOf: Repo.templates.appendingPathComponent(path), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false)
            // Twelve lines of the form `key: value` spread over each file (in debug builds, composing and decoding every copy
            // of a file twice takes some 12 ms).
            let candidates = lines.indices.filter { lines[$0].contains(": ") && !lines[$0].hasSuffix(":") }
            let valueLines = stride(from: 0, to: candidates.count, by: max(1, candidates.count / 12)).map { candidates[$0] }
            for index in valueLines {
                let line = lines[index]
                let colon = line.range(of: ": ")!
                var copies = Self.replacements.map { line[..<colon.upperBound] + $0 }
                copies.append("")  // the line left out: a key missing
                for replacement in copies {
                    var broken = lines
                    broken[index] = Substring(replacement)
                    // A copy that is no longer YAML, or that has a key the strict reading refuses, never reaches a decoder.
                    guard let outcomes = both(format, broken.joined(separator: "\n"), file: path) else { continue }
                    #expect(outcomes.yams == outcomes.node, "\(path), line \(index + 1) as \(replacement)")
                    compared += 1
                    if Self.isError(outcomes.node) { failed += 1 }
                }
            }
        }
        // Both kinds were compared: copies that decode and copies that fail, in large numbers.
        #expect(compared > 700)
        #expect(failed > 150 && failed < compared - 100)
    }
}
