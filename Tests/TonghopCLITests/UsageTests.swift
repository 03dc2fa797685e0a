import Foundation
import Testing

/// The command line as MoHA's staff meet it: codes in any case, a mistake answered with the usage of the command that
/// was run, help that names every file format and reads in whole sentences.
@Suite(.serialized) struct UsageTests {
    static let commands = ["init", "validate", "submit", "history", "status", "late", "synthesize", "weekly", "form", "serve", "token"]

    @Test func unitCodesAreReadInAnyCase() throws {
        let cli = try CLI()
        let out = cli.scratch.appendingPathComponent("hn.xlsx").path
        let made = try cli.run(["form", "--unit", "hn", "--period", "2025-W46", "--out", out])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("của Thành phố Hà Nội, tuần 46 năm 2025"))
        #expect(try cli.run(["submit", "--db", cli.db, "SampleReports/province-2025-W46/HN.json"]).status == 0)
        let history = try cli.run(["history", "--db", cli.db, "--unit", "hn", "--format", "json"])
        #expect(try history.status == 0 && (JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [Any])?.count == 1)
    }

    @Test func aMistakeIsAnsweredWithTheUsageOfTheCommandThatWasRun() throws {
        let cli = try CLI()
        let unknownUnit = try cli.run(["form", "--unit", "XX", "--period", "2025-W46", "--out", cli.scratch.appendingPathComponent("f.xlsx").path])
        #expect(unknownUnit.status == 64)
        #expect(unknownUnit.stderr.contains("Error: \"XX\" không phải mã đơn vị báo cáo"))
        #expect(unknownUnit.stderr.contains("Usage: tonghop form ") && unknownUnit.stderr.contains("See 'tonghop form --help'"))
        let badWeek = try cli.run(["status", "--db", cli.db, "--period", "2025-W99"])
        #expect(badWeek.status == 64 && badWeek.stderr.contains("Usage: tonghop status "))
        #expect(badWeek.stderr.contains("năm 2025 có các tuần từ 01 đến 52"))
        let english = try cli.run(["status", "--db", cli.db, "--period", "2025-W99", "--lang", "en"])
        #expect(english.stderr.contains("2025 has weeks 01 to 52"))
        // A parsing error was already the subcommand's; it stays so.
        let missing = try cli.run(["form", "--unit", "HN"])
        #expect(missing.status == 64 && missing.stderr.contains("Usage: tonghop form "))
    }

    @Test func theHelpOfCommandsThatReadReportsNamesEveryFormat() throws {
        let cli = try CLI()
        for command in [[], ["validate"], ["submit"], ["weekly"], ["form"]] {
            let help = try cli.run(command + ["--help"])
            for format in [".xlsx", ".json", ".csv"] { #expect(help.stdout.contains(format), "\(command) --help does not name \(format)") }
        }
    }

    /// The discussion of every command, printed on a wide terminal, has its lines end where sentences end: no sentence is
    /// cut by a line break written into the source.
    @Test(arguments: [""] + commands)
    func helpIsNotBrokenMidSentence(_ command: String) throws {
        let cli = try CLI()
        let help = try cli.run((command.isEmpty ? [] : [command]) + ["--help"], environment: ["COLUMNS": "2000"])
        #expect(help.status == 0)
        let text = help.stdout
        guard let usage = text.range(of: "\nUSAGE:") else { return }
        let lines = text[..<usage.lowerBound].split(separator: "\n").dropFirst()
        for line in lines {
            #expect([".", ":", ")"].contains(line.last.map(String.init) ?? "."), "tonghop \(command) --help breaks a sentence: \(line)")
        }
    }
}
