import Foundation
import Testing

/// A real SMTP server for the tests: aiosmtpd (PyPI) storing what it receives in a Maildir, started and stopped by the
/// test. Without aiosmtpd the mail tests are left out, unless TONGHOP_SMTP_SERVER=required (as `.ci/run` sets it).
final class SMTPServer {
    let port: Int
    let maildir: URL
    private var process: Process?
    private let tls: (cert: String, key: String)?

    /// Whether the tests can run: aiosmtpd importable, or required (then its absence fails them).
    static var available: Bool {
        if ProcessInfo.processInfo.environment["TONGHOP_SMTP_SERVER"] == "required" { return true }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import aiosmtpd"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }

    /// A server on a free port; with `tls`, offering STARTTLS with that certificate.
    init(tls: (cert: String, key: String)? = nil) throws {
        port = Self.freePort()
        maildir = FileManager.default.temporaryDirectory.appendingPathComponent("tonghop-maildir-\(UUID().uuidString)")
        self.tls = tls
    }

    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox", maildir.path]
        if let tls { arguments.insert(contentsOf: ["--tlscert", tls.cert, "--tlskey", tls.key], at: 6) }
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        // Ready when it accepts a connection.
        for _ in 0..<100 {
            if Self.accepts(port) { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw CocoaError(.fileReadUnknown)
    }

    /// Stops the server as at once as a crash would: aiosmtpd does not stop on SIGTERM.
    func stop() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    deinit { stop() }

    /// One message as the server stored it.
    struct Received {
        var recipients: [String]
        var subject: String
        var body: String
    }

    /// Every message received, in the order of their files' names.
    func received() throws -> [Received] {
        let folder = maildir.appendingPathComponent("new")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return try names.sorted().map { name in
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let parts = text.components(separatedBy: "\n\n")
            let headers = parts[0].replacingOccurrences(of: "\n ", with: " ").split(separator: "\n").map(String.init)
            func header(_ name: String) -> String {
                headers.first { $0.lowercased().hasPrefix(name.lowercased() + ":") }.map {
                    String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces)
                }
                    ?? ""
            }
            let body =
                Data(base64Encoded: parts.dropFirst().joined(separator: "\n\n").replacingOccurrences(of: "\n", with: ""))
                .map { String(decoding: $0, as: UTF8.self) } ?? ""
            return Received(
                recipients: header("X-RcptTo").components(separatedBy: ", "), subject: Self.decoded(header("Subject")),
                body: body.replacingOccurrences(of: "\r\n", with: "\n"))
        }
    }

    /// A header's encoded words (=?utf-8?B?…?=) as text.
    static func decoded(_ header: String) -> String {
        header.components(separatedBy: " ").map { word in
            guard word.hasPrefix("=?utf-8?B?"), word.hasSuffix("?="), let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2))) else {
                return word
            }
            return String(decoding: data, as: UTF8.self)
        }.joined()
    }

    /// A port no one listens on now: bound to 0, the kernel's pick, and released.
    static func freePort() -> Int {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(_ port: Int) -> Bool {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
