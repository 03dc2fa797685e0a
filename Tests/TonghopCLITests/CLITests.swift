import Foundation
import Testing

/// Runs the built `tonghop` executable as a user would, from the repository root.
struct CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let executable: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tonghop")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("tonghop")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        func json() throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as! [String: Any]
        }
    }

    let scratch: URL

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tonghop-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    var db: String { scratch.appendingPathComponent("tonghop.sqlite").path }

    /// A copy of the shipped templates in the scratch folder, named `name`, for a test to change.
    func templatesCopy(named name: String) throws -> URL {
        let templates = scratch.appendingPathComponent(name)
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Templates"), to: templates)
        return templates
    }

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = Self.root
        var env = ProcessInfo.processInfo.environment
        env["TONGHOP_DB"] = nil
        env["TONGHOP_TEMPLATES"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }
}

@Suite(.serialized) struct CLITests {
    @Test func submittingTheSampleWeekAcceptsEveryReportThenFindsDuplicates() throws {
        let cli = try CLI()
        let initialized = try cli.run(["init", "--db", cli.db, "--format", "json"])
        #expect(initialized.status == 0)
        #expect(try initialized.json()["journalMode"] as? String == "wal")
        #expect(try initialized.json()["units"] as? Int == 57)
        let first = try cli.run([
            "submit", "--db", cli.db, "--format", "json", "--received-at", "2025-11-20T07:30:00+07:00",
            "SampleReports/province-2025-W46", "SampleReports/central-2025-W47",
        ])
        #expect(first.status == 0, "\(first.stderr)")
        let counts = try #require(try first.json()["counts"] as? [String: Int])
        #expect(counts["files"] == 40 && counts["accepted"] == 40 && counts["rejected"] == 0 && counts["warnings"] == 2)
        let files = try #require(try first.json()["files"] as? [[String: Any]])
        let receipt = try #require(files.first?["receipt"] as? [String: Any])
        #expect((receipt["sha256"] as? String)?.count == 64)
        #expect(receipt["receivedAt"] as? String == "2025-11-20T00:30:00Z")
        #expect(receipt["templateVersion"] as? String == "1.1")

        let again = try cli.run(["submit", "--db", cli.db, "SampleReports/province-2025-W46"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("34 tệp: 0 được nhận, 0 thay thế, 34 trùng lặp, 0 bị từ chối"))

        let history = try cli.run(["history", "--db", cli.db, "--unit", "HN", "--format", "json"])
        let entries = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as! [[String: Any]]
        #expect(entries.count == 1)
        #expect(entries.first?["periodKey"] as? String == "2025-W46")
    }

    /// Each invalid sample is named after its one error; the JSON verdict must say exactly that.
    @Test func eachInvalidSampleShowsExactlyTheErrorItIsNamedAfter() throws {
        let cli = try CLI()
        let folder = CLI.root.appendingPathComponent("SampleReports/invalid")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count >= 10)
        let codeForName = [
            "empty-file": "malformed-file", "unclosed-quote": "malformed-file", "not-utf8": "unreadable-file",
            "missing-results": "missing-text",
        ]
        for name in names {
            let result = try cli.run(["validate", "--format", "json", "SampleReports/invalid/\(name)"])
            #expect(result.status == 65, "\(name)")
            let files = try #require(try result.json()["files"] as? [[String: Any]])
            let issues = try #require(files.first?["issues"] as? [[String: Any]])
            let stem = String((name as NSString).deletingPathExtension.dropFirst("invalid-".count))
            #expect(issues.count == 1, "\(name): \(issues)")
            #expect(issues.first?["code"] as? String == codeForName[stem] ?? stem, "\(name)")
            #expect(files.first?["verdict"] as? String == "rejected")
        }
    }

    @Test func rejectedFilesStoreNothing() throws {
        let cli = try CLI()
        let bad = try cli.run(["submit", "--db", cli.db, "SampleReports/invalid"])
        #expect(bad.status == 65)
        #expect(bad.stdout.contains("bị từ chối"))
        // The first accepted file gets submission #1: nothing was stored before it.
        let good = try cli.run(["submit", "--db", cli.db, "--format", "json", "SampleReports/province-2025-W46/HN.json"])
        let files = try #require(try good.json()["files"] as? [[String: Any]])
        #expect((files.first?["receipt"] as? [String: Any])?["submissionId"] as? Int == 1)
    }

    @Test func aMixOfGoodAndBadFilesExitsWithTheRejectedStatus() throws {
        let cli = try CLI()
        let result = try cli.run([
            "submit", "--db", cli.db, "--received-at", "2025-11-20T07:00:00+07:00", "SampleReports/province-2025-W46/HN.json",
            "SampleReports/invalid/invalid-unknown-unit.json",
        ])
        #expect(result.status == 65)
        #expect(result.stdout.contains("2 tệp: 1 được nhận, 0 thay thế, 0 trùng lặp, 1 bị từ chối; 1 lỗi, 0 cảnh báo"))
        let english = try cli.run([
            "validate", "--lang", "en", "--at", "2025-11-20T07:00:00+07:00", "SampleReports/province-2025-W46/HN.json",
            "SampleReports/invalid/invalid-unknown-unit.json",
        ])
        #expect(english.stdout.contains("2 files: 1 accepted, 0 superseding, 0 duplicate, 1 rejected; 1 error, 0 warnings"))
    }

    @Test func theDatabasePathComesFromTheEnvironmentWhenNotGiven() throws {
        let cli = try CLI()
        let result = try cli.run(["submit", "SampleReports/province-2025-W46/HN.json"], environment: ["TONGHOP_DB": cli.db])
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: cli.db))
    }

    /// Once the database exists, each command keeps the unit registry beside it (`<db>-registry`), and a changed
    /// `units.yaml` is read again: a unit added is a unit every command knows, with or without the kept file. (Linux
    /// only: the file is keyed by `/proc/self/exe`.)
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/exe")))
    func theRegistryKeptBesideTheDatabaseFollowsUnitsYaml() throws {
        let cli = try CLI()
        let templates = try cli.templatesCopy(named: "Templates-registry")
        let kept = cli.db + "-registry"
        func units() throws -> Int? {
            let result = try cli.run(["init", "--db", cli.db, "--templates", templates.path, "--format", "json"])
            #expect(result.status == 0)
            return try result.json()["units"] as? Int
        }
        #expect(try units() == 57)
        #expect(try units() == 57)
        #expect(FileManager.default.fileExists(atPath: kept))
        let file = templates.appendingPathComponent("units.yaml")
        let added = "  - code: XAMOI\n    name: Xã Mới\n    kind: province\n    schedules: [monthly]\n    validFrom: \"2025-07-01\"\n"
        try (String(contentsOf: file, encoding: .utf8) + added).write(to: file, atomically: true, encoding: .utf8)
        #expect(try units() == 58)
        #expect(try units() == 58)
        try FileManager.default.removeItem(atPath: kept)
        #expect(try units() == 58)
        // A command that could not keep it (a file in its way that it cannot replace) reads the YAML all the same.
        try FileManager.default.removeItem(atPath: kept)
        try FileManager.default.createDirectory(atPath: kept, withIntermediateDirectories: true)
        #expect(try units() == 58)
    }

    /// Once the database exists, each command keeps the templates' other files as decoded beside it (`<db>-catalog`), and
    /// a changed template is read again, its problems said as without the kept file. (Linux only, as the registry's.)
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/exe")))
    func theTemplatesKeptBesideTheDatabaseFollowTheirFiles() throws {
        let cli = try CLI()
        let templates = try cli.templatesCopy(named: "Templates-catalog")
        let kept = cli.db + "-catalog"
        func versions() throws -> [String] {
            let result = try cli.run(["init", "--db", cli.db, "--templates", templates.path, "--format", "json"])
            #expect(result.status == 0)
            return (try result.json()["templates"] as? [[String: Any]] ?? []).compactMap { $0["version"] as? String }
        }
        #expect(try versions() == ["1.0", "1.0", "1.1"])
        #expect(try versions() == ["1.0", "1.0", "1.1"])
        #expect(FileManager.default.fileExists(atPath: kept))
        let file = templates.appendingPathComponent("criteria/province-weekly.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "version: \"1.1\"", with: "version: \"1.2\"").write(to: file, atomically: true, encoding: .utf8)
        #expect(try versions() == ["1.0", "1.0", "1.2"])
        #expect(try versions() == ["1.0", "1.0", "1.2"])
        try text.replacingOccurrences(of: "    required: true\n", with: "    requried: true\n").write(to: file, atomically: true, encoding: .utf8)
        for _ in 0..<2 {
            let broken = try cli.run(["init", "--db", cli.db, "--templates", templates.path])
            #expect(broken.status == 78)
            #expect(broken.stderr.contains("province-weekly.yaml, line 48: unknown key `requried`"))
        }
    }

    @Test func exitStatusesForUsageDatabaseAndTemplateProblems() throws {
        let cli = try CLI()
        #expect(try cli.run(["submit", "--db", cli.db]).status == 64)
        #expect(try cli.run(["submit", "--db", cli.db, "--received-at", "yesterday", "SampleReports/province-2025-W46/HN.json"]).status == 64)
        #expect(try cli.run(["frobnicate"]).status == 64)
        let noFolder = try cli.run(["submit", "--db", "/no/such/folder/t.sqlite", "SampleReports/province-2025-W46/HN.json"])
        #expect(noFolder.status == 74)
        #expect(noFolder.stderr.contains("/no/such/folder"))
        let garbage = cli.scratch.appendingPathComponent("garbage.sqlite")
        try Data(repeating: 0x41, count: 4096).write(to: garbage)
        #expect(try cli.run(["history", "--db", garbage.path, "--unit", "HN"]).status == 74)
        let templates = try cli.run(["validate", "--templates", cli.scratch.path, "SampleReports/province-2025-W46/HN.json"])
        #expect(templates.status == 78)
        #expect(templates.stderr.contains("schedules.yaml"))
        let missing = try cli.run(["validate", "SampleReports/nope.json"])
        #expect(missing.status == 65)
        #expect(missing.stdout.contains("Không tìm thấy tệp."))
    }

    @Test func everyCommandHasHelp() throws {
        let cli = try CLI()
        for command in ["init", "validate", "submit", "history"] {
            let help = try cli.run([command, "--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("--db"), "\(command)")
        }
        #expect(try cli.run(["submit", "--help"]).stdout.contains("--received-at"))
    }

    /// A file of 100,000 problems prints 200 of them and one line counting the rest.
    @Test func aFileOfAHundredThousandProblemsPrintsTheFirstAndCountsTheRest() throws {
        let cli = try CLI()
        let csv = try String(contentsOf: CLI.root.appendingPathComponent("SampleReports/province-2025-W46/HP.csv"), encoding: .utf8)
        let row = try #require(csv.split(whereSeparator: \.isNewline).first { $0.hasPrefix("value,hr.recruited,") })
        let file = cli.scratch.appendingPathComponent("HP.csv")
        try (csv + String(repeating: row + "\r\n", count: 100_000)).write(to: file, atomically: true, encoding: .utf8)
        let result = try cli.run(["validate", file.path])
        #expect(result.status == 65)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count < 220, "\(lines.count) lines")
        // Of the first 200 problems listed, a few are the warnings of the unit's tasks: the rest of the errors are counted.
        #expect(result.stdout.contains("vấn đề khác chưa liệt kê chi tiết (chỉ liệt kê 200 vấn đề đầu tiên"), "\(lines.suffix(2))")
        #expect(result.stdout.range(of: #"Ngoài ra còn 998\d\d vấn đề khác.*gồm: 998\d\d lỗi “"#, options: .regularExpression) != nil)
        #expect(result.stdout.contains("1 tệp: 0 được nhận, 0 thay thế, 0 trùng lặp, 1 bị từ chối; 100000 lỗi"))
    }
}
