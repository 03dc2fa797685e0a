import Foundation
import Testing
import TonghopCore
import TonghopMail
import TonghopStore
import TonghopTestSupport

@testable import TonghopIngest
@testable import TonghopService

/// The mail, end to end, against a real SMTP server (aiosmtpd): reminders once per offset and none after reporting, a
/// receipt after an upload, a return, a digest; the server down then up; a restart mid-queue; STARTTLS.
@Suite(.serialized, .enabled(if: SMTPServer.available), .timeLimit(.minutes(1))) struct MailTests {
    /// The shipped catalog with addresses for Thanh Hóa and Hà Nội.
    static let catalog: Catalog = {
        var catalog = shippedCatalog
        let units = catalog.registry.units.map { unit in
            var unit = unit
            if unit.code == "TH" || unit.code == "HN" { unit.mail = ["vanphong@\(unit.code.lowercased()).example"] }
            return unit
        }
        catalog.registry = UnitRegistry(version: catalog.registry.version, units: units)
        return catalog
    }()
    static let contact = SubmissionContact(office: "Bộ Nội vụ (Vụ Chính quyền địa phương)", uploadPage: "https://tonghop.example/upload")
    static let settings = NoticeSettings(from: MailAddress("tonghop@moha.example"), digestTo: [MailAddress("vu.cqdp@moha.example")!])
    static let writer = NoticeWriter(catalog: catalog, contact: contact, settings: settings)

    func sender(_ store: any Storage, _ server: SMTPServer, tls: String? = nil) -> MailSender {
        MailSender(
            outbox: store,
            transport: SMTPTransport(settings: SMTPSettings(host: "127.0.0.1", port: server.port, trustRoots: tls, timeout: .seconds(5))),
            from: Self.settings.from!, fromName: Self.contact.office)
    }

    func at(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    func submit(_ path: String, to store: any Storage, at time: String) throws -> FileVerdict {
        let service = SubmissionService(catalog: Self.catalog, storage: store, notices: Self.writer)
        let file = Repo.root.appendingPathComponent(path).path
        return try service.store(service.check(paths: [file], receivedAt: at(time)), names: [file])[0]
    }

    @Test func remindersGoOncePerOffsetAndNeverAfterTheUnitReported() async throws {
        let server = try SMTPServer()
        try server.start()
        defer { server.stop() }
        let store = try TonghopDatabase.inMemory()
        let reminders = Reminders(catalog: Self.catalog, storage: store, writer: Self.writer)
        // Week 47 is due 08:00 Thursday 27/11/2025. 25 hours before: nothing yet.
        #expect(try reminders.run(at: at("2025-11-26T07:00:00+07:00"), schedule: "province-weekly").queued["province-weekly", default: 0] == 0)
        // 24 hours before: TH and HN (the only units with addresses), once however often it runs.
        #expect(try reminders.run(at: at("2025-11-26T08:00:00+07:00"), schedule: "province-weekly").queued["province-weekly", default: 0] == 2)
        #expect(try reminders.run(at: at("2025-11-26T09:00:00+07:00"), schedule: "province-weekly").queued["province-weekly", default: 0] == 0)
        // Hà Nội reports; two hours before, only Thanh Hóa is reminded again.
        let week47 = "SampleReports/province-2025-W46/HN.json"
        let text = try String(contentsOf: Repo.root.appendingPathComponent(week47), encoding: .utf8).replacingOccurrences(
            of: "2025-W46", with: "2025-W47")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("HN-W47-\(UUID().uuidString).json")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let service = SubmissionService(catalog: Self.catalog, storage: store)
        #expect(
            try service.store(service.check(paths: [file.path], receivedAt: at("2025-11-26T10:00:00+07:00")), names: [file.path])[0].receipt != nil)
        #expect(try reminders.run(at: at("2025-11-27T06:00:00+07:00"), schedule: "province-weekly").queued["province-weekly", default: 0] == 1)
        // After the deadline: no reminder.
        #expect(try reminders.run(at: at("2025-11-27T08:00:00+07:00"), schedule: "province-weekly").queued["province-weekly", default: 0] == 0)
        let round = try await sender(store, server).sendDue(now: { Date() })
        #expect(round == MailSender.Round(sent: 3))
        let mail = try server.received()
        #expect(mail.count == 3)
        #expect(mail.filter { $0.recipients == ["vanphong@th.example"] }.count == 2)
        #expect(mail.filter { $0.recipients == ["vanphong@hn.example"] }.count == 1)
        let first = try #require(mail.first { $0.recipients == ["vanphong@th.example"] })
        #expect(first.subject == "Nhắc nộp báo cáo tuần 47 năm 2025 (hạn: 08:00 ngày 27/11/2025)")
        #expect(first.body.contains("Kính gửi: Ủy ban nhân dân tỉnh Thanh Hóa"))
        #expect(first.body.contains("tuần 47 năm 2025, hạn nộp 08:00 ngày 27/11/2025"))
        #expect(first.body.contains("Trang nộp báo cáo: https://tonghop.example/upload"))
        #expect(first.body.hasSuffix("Bộ Nội vụ (Vụ Chính quyền địa phương)"))
    }

    @Test func aReceiptAReturnAndADigestAreMailedOnceEach() async throws {
        let server = try SMTPServer()
        try server.start()
        defer { server.stop() }
        let store = try TonghopDatabase.inMemory()
        let verdict = try submit("SampleReports/province-2025-W46/TH.csv", to: store, at: "2025-11-20T07:00:00+07:00")
        let id = try #require(verdict.receipt?.submissionId)
        let reviews = SubmissionReviews(catalog: Self.catalog, storage: store, notices: Self.writer)
        _ = try reviews.decide(
            id, .return, reason: "Số người được tuyển dụng tăng bất thường; đề nghị rà soát.", criteria: ["hr.recruited"],
            by: Actor(name: "Nguyễn Văn A"), at: at("2025-11-20T10:00:00+07:00"))
        let check = try LateCheck(catalog: Self.catalog, storage: store).run(at: at("2025-11-20T09:00:00+07:00"), schedule: "province-weekly")
        let notice = LateNotice(at: at("2025-11-20T09:00:00+07:00"), result: check, registry: Self.catalog.registry)
        try store.enqueue([try #require(Self.writer.digest(notice))], at: at("2025-11-20T09:00:00+07:00"))
        let round = try await sender(store, server).sendDue(now: { Date() })
        #expect(round == MailSender.Round(sent: 3))
        // Sent once: a second round finds nothing due.
        #expect(try await sender(store, server).sendDue(now: { Date() }) == MailSender.Round())
        let mail = try server.received()
        let receipt = try #require(mail.first { $0.subject.hasPrefix("Biên nhận") })
        #expect(receipt.subject == "Biên nhận báo cáo số \(id): Tỉnh Thanh Hóa, tuần 46 năm 2025")
        #expect(receipt.body.contains("- Thời điểm nhận: 07:00 ngày 20/11/2025 (đúng hạn)"))
        let returned = try #require(mail.first { $0.subject.hasPrefix("Đề nghị chỉnh sửa") })
        #expect(returned.body.contains("Lý do: Số người được tuyển dụng tăng bất thường; đề nghị rà soát."))
        #expect(returned.body.contains("Chỉ tiêu cần rà soát: Số người được tuyển dụng trong kỳ."))
        #expect(returned.body.contains("Hạn gửi lại báo cáo đã chỉnh sửa: 10:00 ngày 24/11/2025."))
        let digest = try #require(mail.first { $0.recipients == ["vu.cqdp@moha.example"] })
        #expect(digest.subject == "Kết quả kiểm tra hạn nộp báo cáo lúc 09:00 ngày 20/11/2025")
        #expect(digest.body.contains("Mới ghi nhận chưa nộp"))
    }

    @Test func aServerDownIsTriedAgainAndTheMessageSentOnce() async throws {
        let server = try SMTPServer()
        let store = try TonghopDatabase.inMemory()
        _ = try submit("SampleReports/province-2025-W46/HN.json", to: store, at: "2025-11-20T07:00:00+07:00")
        // Down: the try fails, the message waits a minute.
        let down = try await sender(store, server).sendDue(now: { self.at("2025-11-20T07:00:00+07:00") })
        #expect(down == MailSender.Round(retrying: 1))
        let waiting = try #require(try store.unsentMessages().first)
        #expect(waiting.attempts == 1 && waiting.nextAttemptAt == at("2025-11-20T07:01:00+07:00") && waiting.lastError?.contains("connect") == true)
        try server.start()
        defer { server.stop() }
        // Up, but the minute not yet passed: nothing is tried; then it is sent, once.
        #expect(try await sender(store, server).sendDue(now: { self.at("2025-11-20T07:00:30+07:00") }) == MailSender.Round())
        #expect(try await sender(store, server).sendDue(now: { self.at("2025-11-20T07:01:00+07:00") }) == MailSender.Round(sent: 1))
        #expect(try await sender(store, server).sendDue(now: { self.at("2025-11-20T08:00:00+07:00") }) == MailSender.Round())
        #expect(try server.received().count == 1)
        #expect(try store.unsentMessages().isEmpty)
    }

    @Test func aRestartMidQueueLosesNothingAndSendsNothingTwice() async throws {
        let server = try SMTPServer()
        try server.start()
        defer { server.stop() }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tonghop-mail-\(UUID().uuidString).sqlite").path
        do {
            let store = try TonghopDatabase.open(path: path)
            _ = try submit("SampleReports/province-2025-W46/HN.json", to: store, at: "2025-11-20T07:00:00+07:00")
            _ = try submit("SampleReports/province-2025-W46/TH.csv", to: store, at: "2025-11-20T07:00:00+07:00")
            // The first process sends one message and stops.
            #expect(try await sender(store, server).sendDue(now: { Date() }, limit: 1) == MailSender.Round(sent: 1))
        }
        // The next process, on the same file, sends the other and only it.
        let reopened = try TonghopDatabase.open(path: path)
        #expect(try reopened.unsentMessages().count == 1)
        #expect(try await sender(reopened, server).sendDue(now: { Date() }) == MailSender.Round(sent: 1))
        #expect(try await sender(reopened, server).sendDue(now: { Date() }) == MailSender.Round())
        #expect(Set(try server.received().flatMap(\.recipients)) == ["vanphong@hn.example", "vanphong@th.example"])
        #expect(try server.received().count == 2)
    }

    @Test func overSTARTTLSWithTheServersOwnCertificate() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tonghop-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (cert, key) = (folder.appendingPathComponent("cert.pem").path, folder.appendingPathComponent("key.pem").path)
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0)
        let server = try SMTPServer(tls: (cert, key))
        try server.start()
        defer { server.stop() }
        let store = try TonghopDatabase.inMemory()
        _ = try submit("SampleReports/province-2025-W46/HN.json", to: store, at: "2025-11-20T07:00:00+07:00")
        // Not trusting it (the system's roots), the certificate is refused and the message waits.
        #expect(try await sender(store, server).sendDue(now: { Date() }) == MailSender.Round(retrying: 1))
        #expect(try server.received().isEmpty)
        // Trusting the server's certificate, the message goes over TLS (the server requires STARTTLS before MAIL).
        #expect(try await sender(store, server, tls: cert).sendDue(now: { Date().addingTimeInterval(120) }) == MailSender.Round(sent: 1))
        let unsent = try store.unsentMessages()
        #expect(unsent.isEmpty, "\(unsent.map { $0.lastError ?? "" })")
        #expect(try server.received().count == 1)
    }

    @Test func aReminderWaitingWhenItsUnitReportsIsWithdrawnAndTwoSendersNeverTakeTheSameMessage() async throws {
        let server = try SMTPServer()
        let store = try TonghopDatabase.inMemory()
        let reminders = Reminders(catalog: Self.catalog, storage: store, writer: Self.writer)
        #expect(try reminders.run(at: at("2025-11-19T08:00:00+07:00"), schedule: "province-weekly").queued["province-weekly", default: 0] == 2)
        // Two senders at once (the service and the timer's notify): the second finds nothing left to take.
        let first = try store.claimDueMessages(at: at("2025-11-19T08:00:00+07:00"), limit: 10, lease: MailSender.lease)
        #expect(first.count == 2)
        #expect(try store.claimDueMessages(at: at("2025-11-19T08:00:00+07:00"), limit: 10, lease: MailSender.lease).isEmpty)
        // The first sender died: after its lease the messages are due again. Meanwhile Thanh Hóa reported.
        _ = try submit("SampleReports/province-2025-W46/TH.csv", to: store, at: "2025-11-19T09:00:00+07:00")
        try server.start()
        defer { server.stop() }
        let sender = MailSender(
            outbox: store, transport: SMTPTransport(settings: SMTPSettings(host: "127.0.0.1", port: server.port, timeout: .seconds(5))),
            from: Self.settings.from!, fromName: Self.contact.office, withdrawal: { try reminders.withdrawal($0, at: $1) })
        let round = try await sender.sendDue(now: { self.at("2025-11-19T09:30:00+07:00") })
        // Hà Nội's reminder and Thanh Hóa's receipt go; Thanh Hóa's reminder, waiting when it reported, is withdrawn.
        #expect(round == MailSender.Round(sent: 2, withdrawn: 1))
        let mail = try server.received()
        #expect(mail.count == 2)
        #expect(mail.contains { $0.recipients == ["vanphong@hn.example"] && $0.subject.hasPrefix("Nhắc nộp báo cáo tuần 46") })
        #expect(mail.contains { $0.recipients == ["vanphong@th.example"] && $0.subject.hasPrefix("Biên nhận") })
        #expect(try store.unsentMessages().map(\.lastError) == ["withdrawn: the unit has reported"])
    }
}
