import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `tonghop token` and `tonghop serve` as an administrator runs them, down to stopping the service with SIGTERM.
@Suite(.serialized) struct ServeCLITests {
    @Test func aTokenIsShownOnceStoredAsAHashAndStopsWorkingWhenRevoked() throws {
        let cli = try CLI()
        #expect(try cli.run(["init", "--db", cli.db]).status == 0)
        let created = try cli.run(["token", "create", "--db", cli.db, "--unit", "HN", "--label", "Văn phòng UBND", "--format", "json"])
        #expect(created.status == 0)
        let token = try #require(try created.json()["token"] as? String)
        #expect(token.hasPrefix("thp_") && token.count > 40)
        for file in [cli.db, cli.db + "-wal"] {
            let bytes = FileManager.default.contents(atPath: file) ?? Data()
            #expect(bytes.range(of: Data(token.utf8)) == nil, "only the token's hash is in \(file)")
        }

        #expect(try cli.run(["token", "create", "--db", cli.db, "--unit", "XX"]).status == 64)
        #expect(try cli.run(["token", "create", "--db", cli.db, "--role", "admin"]).status == 64)
        #expect(try cli.run(["token", "create", "--db", cli.db]).status == 64)

        let id = try #require(try created.json()["id"] as? Int)
        let revoked = try cli.run(["token", "revoke", "--db", cli.db, "\(id)", "--at", "2025-11-21T10:00:00+07:00"])
        #expect(revoked.status == 0)
        #expect(revoked.stdout.contains("Đã thu hồi mã truy cập số \(id) của Thành phố Hà Nội lúc 10:00 ngày 21/11/2025."))
        let list = try cli.run(["token", "list", "--db", cli.db])
        #expect(list.stdout.contains("Số \(id)  Thành phố Hà Nội  cấp lúc"))
        #expect(list.stdout.contains("đã thu hồi lúc 10:00 ngày 21/11/2025"))
        let english = try cli.run(["token", "list", "--db", cli.db, "--lang", "en"])
        #expect(english.stdout.contains("#\(id)  unit HN") && english.stdout.contains("revoked"))
        #expect(!list.stdout.contains(token))
        #expect(try cli.run(["token", "revoke", "--db", cli.db, "999"]).status == 64)
    }

    @Test func sigtermStopsTheServiceOnlyAfterTheUploadInFlightIsStored() throws {
        let cli = try CLI()
        #expect(try cli.run(["init", "--db", cli.db]).status == 0)
        let token = try #require(try cli.run(["token", "create", "--db", cli.db, "--unit", "HN", "--format", "json"]).json()["token"] as? String)

        let server = Process()
        server.executableURL = CLI.executable
        server.arguments = ["serve", "--db", cli.db, "--port", "0"]
        server.currentDirectoryURL = CLI.root
        let out = Pipe()
        server.standardOutput = out
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { if server.isRunning { server.terminate() } }
        // The first line says where it listens: "tonghop: listening on http://127.0.0.1:PORT".
        var line = Data()
        while !line.contains(10) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let port = try #require(
            String(decoding: line, as: UTF8.self).split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) })

        let report = try Data(contentsOf: CLI.root.appendingPathComponent("SampleReports/province-2025-W46/HN.json"))
        let head =
            "POST /api/v1/submissions?fileName=HN.json HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(report.count)\r\n\r\n"
        let connection = try RawConnection(port: port)
        try connection.send(Data(head.utf8) + report.prefix(report.count / 2))
        Thread.sleep(forTimeInterval: 0.3)
        kill(server.processIdentifier, SIGTERM)
        Thread.sleep(forTimeInterval: 0.3)
        try connection.send(report.suffix(from: report.count / 2))
        let answer = connection.receiveAll()
        #expect(answer.hasPrefix("HTTP/1.1 201"), "\(answer.prefix(200))")
        server.waitUntilExit()
        #expect(server.terminationReason == .exit && server.terminationStatus == 0)

        let history = try cli.run(["history", "--db", cli.db, "--unit", "HN", "--format", "json"])
        let entries = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]]
        #expect(entries?.count == 1)
    }
}

/// A client socket on 127.0.0.1, to send a request in pieces.
struct RawConnection {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    func send(_ data: Data) throws {
        let sent = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard sent == data.count else { throw POSIXError(.EIO) }
    }

    /// Everything the server sends until it closes the connection (or 10 s pass).
    func receiveAll() -> String {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            data += buffer[0..<n]
        }
        close(fd)
        return String(decoding: data, as: UTF8.self)
    }
}
