import Foundation
import Testing

/// `deploy/install.sh` in a throwaway root (DESTDIR): what the README's install section says lands where it says.
@Suite(.serialized) struct InstallScriptTests {
    struct Run {
        var status: Int32
        var output: String
    }

    func install(_ arguments: [String], root: URL) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [CLI.root.appendingPathComponent("deploy/install.sh").path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["DESTDIR"] = root.path
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
    }

    /// A throwaway root; each test removes it (an installed tree is 160 MB: left behind, runs fill the disk).
    func scratch() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tonghop-install-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return root
    }

    @Test func theScriptInstallsTheBinaryTemplatesDatabaseAndUnitsIntoARoot() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try install(["--binary", CLI.executable.path, "--allow-dynamic"], root: root)
        #expect(run.status == 0, "\(run.output)")
        let files = FileManager.default
        func path(_ p: String) -> String { root.path + p }
        #expect(files.isExecutableFile(atPath: path("/opt/tonghop/bin/tonghop")))
        #expect(files.fileExists(atPath: path("/opt/tonghop/Templates/schedules.yaml")))
        #expect(files.fileExists(atPath: path("/opt/tonghop/Templates/pages/upload.mustache")))
        #expect(files.fileExists(atPath: path("/opt/tonghop/README.md")) && files.fileExists(atPath: path("/opt/tonghop/docs/operations.md")))
        #expect(files.fileExists(atPath: path("/var/lib/tonghop/tonghop.sqlite")), "tonghop init made the database")
        let mode = try files.attributesOfItem(atPath: path("/var/lib/tonghop"))[.posixPermissions] as? Int
        #expect(mode == 0o750, "the data folder is closed to other users")
        let serve = try String(contentsOfFile: path("/etc/systemd/system/tonghop-serve.service"), encoding: .utf8)
        #expect(serve.contains("ExecStart=/opt/tonghop/bin/tonghop serve --host 127.0.0.1 --port 8080 --secure-cookies"))
        #expect(serve.contains("Environment=TONGHOP_DB=/var/lib/tonghop/tonghop.sqlite") && serve.contains("ReadWritePaths=/var/lib/tonghop"))
        let late = try String(contentsOfFile: path("/etc/systemd/system/tonghop-late.service"), encoding: .utf8)
        #expect(late.contains("ExecStart=/opt/tonghop/bin/tonghop late\n"), "no example webhook left in")
        #expect(files.fileExists(atPath: path("/etc/systemd/system/tonghop-late.timer")))
        let backup = try String(contentsOfFile: path("/etc/systemd/system/tonghop-backup.service"), encoding: .utf8)
        #expect(
            backup.contains("/opt/tonghop/bin/tonghop backup --to /var/lib/tonghop/backups/tonghop-$(TZ=Asia/Ho_Chi_Minh date +%%Y-%%m-%%d).sqlite"))
        #expect(files.fileExists(atPath: path("/etc/systemd/system/tonghop-backup.timer")))
        #expect(files.fileExists(atPath: path("/etc/systemd/system/tonghop-remind.timer")))
        #expect(files.fileExists(atPath: path("/etc/systemd/system/tonghop-remind.service")))
        #expect(files.fileExists(atPath: path("/var/lib/tonghop/backups")))
        #expect(run.output.contains("Installed into \(root.path) (DESTDIR): systemctl not run"))

        // The installed program works from its installed templates.
        let check = Process()
        check.executableURL = URL(fileURLWithPath: path("/opt/tonghop/bin/tonghop"))
        check.arguments = [
            "validate", "--templates", path("/opt/tonghop/Templates"),
            CLI.root.appendingPathComponent("SampleReports/province-2025-W46/HN.json").path,
        ]
        check.standardOutput = FileHandle.nullDevice
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
    }

    @Test func otherFoldersPortAndWebhookAreWrittenIntoTheUnits() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try install(
            [
                "--binary", CLI.executable.path, "--allow-dynamic", "--prefix", "/srv/tonghop", "--data", "/srv/tonghop-data", "--port", "9090",
                "--notify", "https://chat.example.gov.vn/hooks/x",
            ], root: root)
        #expect(run.status == 0, "\(run.output)")
        let serve = try String(contentsOfFile: root.path + "/etc/systemd/system/tonghop-serve.service", encoding: .utf8)
        #expect(serve.contains("ExecStart=/srv/tonghop/bin/tonghop serve --host 127.0.0.1 --port 9090"))
        #expect(serve.contains("TONGHOP_DB=/srv/tonghop-data/tonghop.sqlite") && !serve.contains("/opt/tonghop"))
        let late = try String(contentsOfFile: root.path + "/etc/systemd/system/tonghop-late.service", encoding: .utf8)
        #expect(late.contains("ExecStart=/srv/tonghop/bin/tonghop late --notify https://chat.example.gov.vn/hooks/x"))
        #expect(FileManager.default.fileExists(atPath: root.path + "/srv/tonghop-data/tonghop.sqlite"))
    }

    @Test func aBinaryThatNeedsTheToolchainIsRefused() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        // The test build links the toolchain's libraries dynamically: a server would not have them.
        let run = try install(["--binary", CLI.executable.path], root: root)
        #expect(run.status == 1)
        #expect(run.output.contains("needs the Swift toolchain's libraries") && run.output.contains("--static-swift-stdlib"))
        #expect(!FileManager.default.fileExists(atPath: root.path + "/opt/tonghop/bin/tonghop"), "nothing installed")
    }
}
