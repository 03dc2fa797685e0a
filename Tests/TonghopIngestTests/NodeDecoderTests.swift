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

    func both(_ format: Format, _ root: Node) -> Outcomes {
        switch format {
        case .schedules: both(SchedulesFile.self, root)
        case .synthesis: both(SynthesisFile.self, root)
        case .template: both(TemplateFile.self, root)
        case .tasks: both(TaskRegisterFile.self, root)
        }
    }

    /// What each decoder made of a node: the value as `dump` writes it, or the error as a person would be told it.
    struct Outcomes: Equatable {
        var yams: String
        var node: String
    }

    func both<T: Decodable>(_ type: T.Type, _ root: Node) -> Outcomes {
        Outcomes(yams: outcome { try YAMLDecoder().decode(T.self, from: root) }, node: outcome { try NodeDecoder.decode(T.self, from: root) })
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
    /// numbers, numbers YAML writes in other ways, true/false, an empty text.
    static let replacements = [
        "[a, b]", "{vi: x, en: y}", "~", "null", "", "many", "-1.5", "0x1F", "1_000", ".inf", "yes", "''", "\"12\"", "2025-13-01",
    ]

    @Test func theShippedFilesDecodeToTheSameValues() throws {
        for (path, format) in Self.files {
            let text = try String(contentsOf: Repo.templates.appendingPathComponent(path), encoding: .utf8)
            let outcomes = both(format, try composeStrictYAML(file: path, text: text, allowedKeys: [:]))
            #expect(outcomes.yams == outcomes.node, "\(path)")
            #expect(!outcomes.node.hasPrefix("missing") && !outcomes.node.hasPrefix("mismatch"), "\(path): \(outcomes.node.prefix(200))")
        }
        let tasks = try FileManager.default.contentsOfDirectory(atPath: Repo.templates.appendingPathComponent("tasks").path).sorted()
        #expect(!tasks.isEmpty)
        for name in tasks {
            let text = try String(contentsOf: Repo.templates.appendingPathComponent("tasks/\(name)"), encoding: .utf8)
            let outcomes = both(TaskRegisterFile.self, try composeStrictYAML(file: name, text: text, allowedKeys: [:]))
            #expect(outcomes.yams == outcomes.node, "\(name)")
        }
    }

    @Test func brokenCopiesFailOrDecodeAlike() throws {
        var compared = 0
        var failed = 0
        for (path, format) in Self.files {
            let lines = try String(contentsOf: Repo.templates.appendingPathComponent(path), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false)
            // Twelve lines of the form `key: value` spread over each file (in debug builds, decoding every copy of a file twice
            // takes some 7 ms).
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
                    guard let root = try? composeStrictYAML(file: path, text: broken.joined(separator: "\n"), allowedKeys: [:]) else { continue }
                    let outcomes = both(format, root)
                    #expect(outcomes.yams == outcomes.node, "\(path), line \(index + 1) as \(replacement)")
                    compared += 1
                    if outcomes.node.hasPrefix("missing") || outcomes.node.hasPrefix("mismatch") || outcomes.node.hasPrefix("corrupted") {
                        failed += 1
                    }
                }
            }
        }
        // Both kinds were compared: copies that decode and copies that fail, in large numbers.
        #expect(compared > 700)
        #expect(failed > 150 && failed < compared - 100)
    }
}
