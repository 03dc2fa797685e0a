import Foundation
import Testing

@Suite(.serialized) struct BackupCLITests {
    static let at = "2025-11-20T09:00:00+07:00"

    /// A backup taken while reports are being stored is whole, and restored it gives the same synthesis, byte for byte.
    @Test func aBackupTakenWhileSubmittingRestoresToTheSameSynthesis() throws {
        let cli = try CLI()
        let taken = try cli.run(["submit", "--db", cli.db, "--replay", "SampleReports/receipts.csv", "--format", "json"])
        #expect(taken.status == 0, "\(taken.stderr)")

        // Backups taken while another process stores a further week, one file per commit: each is whole (checked), none
        // half-written. The week: the provinces' week-46 JSON reports, sent again for week 47.
        let week47 = cli.scratch.appendingPathComponent("province-2025-W47")
        try FileManager.default.createDirectory(at: week47, withIntermediateDirectories: true)
        let week46 = CLI.root.appendingPathComponent("SampleReports/province-2025-W46")
        for name in try FileManager.default.contentsOfDirectory(atPath: week46.path) where name.hasSuffix(".json") {
            let text = try String(contentsOf: week46.appendingPathComponent(name), encoding: .utf8)
            try text.replacingOccurrences(of: "\"2025-W46\"", with: "\"2025-W47\"").write(
                to: week47.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let writer = Process()
        writer.executableURL = CLI.executable
        writer.currentDirectoryURL = CLI.root
        writer.arguments = [
            "submit", "--db", cli.db, "--batch-size", "1", "--received-at", "2025-11-27T07:00:00+07:00", week47.path,
        ]
        writer.standardOutput = FileHandle.nullDevice
        writer.standardError = FileHandle.nullDevice
        try writer.run()
        var counts: [Int] = []
        for index in 0..<3 {
            let backup = cli.scratch.appendingPathComponent("during-\(index).sqlite").path
            let result = try cli.run(["backup", "--db", cli.db, "--to", backup, "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            counts.append(try result.json()["submissions"] as? Int ?? -1)
        }
        writer.waitUntilExit()
        #expect(counts.allSatisfy { (537...554).contains($0) }, "\(counts)")

        let backup = cli.scratch.appendingPathComponent("tonghop-backup.sqlite")
        let result = try cli.run(["backup", "--db", cli.db, "--to", backup.path, "--at", "2025-11-27T09:00:00+07:00"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("vào tệp \(backup.path) lúc 09:00 ngày 27/11/2025: 554 báo cáo"), "\(result.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.scratch.path).allSatisfy { !$0.hasSuffix(".part") })

        // Restored as the README says: the backup copied where a database is expected, with no -wal or -shm beside it.
        let restored = cli.scratch.appendingPathComponent("restored/tonghop.sqlite")
        try FileManager.default.createDirectory(at: restored.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: backup, to: restored)
        for format in ["md", "html", "csv", "json", "xlsx", "docx"] {
            for period in ["2025-W46", "2025-W47"] {
                let arguments = ["synthesize", "--period", period, "--as-of", "2025-11-27T09:00:00+07:00", "--format", format]
                let original = try cli.run(arguments + ["--db", cli.db])
                let copy = try cli.run(arguments + ["--db", restored.path])
                #expect(original.status == 0 && copy.status == 0, "\(original.stderr) \(copy.stderr)")
                #expect(original.stdout == copy.stdout && !original.stdout.isEmpty, "\(format) \(period)")
            }
        }
    }

    @Test func aBackupIntoAFolderThatDoesNotExistIsAUsageErrorAndWritesNothing() throws {
        let cli = try CLI()
        #expect(try cli.run(["init", "--db", cli.db]).status == 0)
        let result = try cli.run(["backup", "--db", cli.db, "--to", cli.scratch.appendingPathComponent("missing/b.sqlite").path])
        #expect(result.status == 64 && result.stderr.contains("không tồn tại"), "\(result.stderr)")
    }
}
