import Foundation
import Testing
import TonghopCore
import TonghopTestSupport

@testable import TonghopIngest
@testable import TonghopMail

/// Addresses are checked where they are written (units.yaml, synthesis.yaml), and a message is written as mail servers
/// and readers expect it.
@Suite struct MailAddressTests {
    @Test(arguments: ["vanphong@hanoi.gov.vn", "a.b+c@x.example", "  tonghop@moha.gov.vn "])
    func anAddressIsTaken(_ text: String) {
        #expect(MailAddress(text)?.text == text.trimmingCharacters(in: .whitespaces))
    }

    @Test(arguments: [
        "", "vanphong", "@hanoi.gov.vn", "vanphong@", "a@b@c.vn", "văn.phòng@hanoi.gov.vn", "a b@x.vn", "a@x", "a@-x.vn", "a@x.vn.",
        "a@x.vn>\r\nRCPT TO:<b@y.vn", "<a@x.vn>",
    ])
    func anythingElseIsRefused(_ text: String) {
        #expect(MailAddress(text) == nil)
    }

    @Test func aUnitsAddressesAreCheckedWhenTheRegistryIsRead() throws {
        let good = """
            version: "1"
            units:
              - code: HN
                name: Thành phố Hà Nội
                kind: city
                schedules: [province-weekly]
                validFrom: "2025-07-01"
                mail: [vanphong@hanoi.gov.vn, tonghop@hanoi.gov.vn]
              - code: HP
                name: Thành phố Hải Phòng
                kind: city
                schedules: [province-weekly]
                validFrom: "2025-07-01"
                mail: vanphong@haiphong.gov.vn
            """
        let registry = try CatalogLoader.units(name: "units.yaml", text: good)
        #expect(registry.unit("HN")?.mail == ["vanphong@hanoi.gov.vn", "tonghop@hanoi.gov.vn"])
        #expect(registry.unit("HP")?.mail == ["vanphong@haiphong.gov.vn"])
        let bad = good.replacingOccurrences(of: "mail: vanphong@haiphong.gov.vn", with: "mail: văn phòng Hải Phòng")
        #expect(throws: CatalogError.self) { try CatalogLoader.units(name: "units.yaml", text: bad) }
        do {
            _ = try CatalogLoader.units(name: "units.yaml", text: bad)
        } catch {
            #expect("\(error)".contains("units.yaml, line 14: `mail` must be mail addresses such as vanphong@hanoi.gov.vn"))
        }
    }

    @Test func aMessageIsBase64TextWithItsSubjectInEncodedWords() throws {
        let mail = OutgoingMail(
            from: MailAddress("tonghop@moha.example")!, fromName: "Bộ Nội vụ", to: [MailAddress("a@x.example")!, MailAddress("b@y.example")!],
            subject: "Nhắc hạn nộp báo cáo tuần 47 năm 2025, hạn nộp 08:00 ngày 27/11/2025",
            body: "Kính gửi: Tỉnh Thanh Hóa\n\n.Dòng bắt đầu bằng dấu chấm",
            messageKey: "reminder:province-weekly:2025-W47:TH:24h", date: ISO8601DateFormatter().date(from: "2025-11-26T01:00:00Z")!)
        let text = MailFormat.message(mail)
        #expect(text.contains("Date: Wed, 26 Nov 2025 08:00:00 +0700\r\n"))
        #expect(text.contains("To: a@x.example,\r\n b@y.example\r\n"))
        #expect(text.contains("Auto-Submitted: auto-generated\r\n"))
        #expect(MailFormat.encodedWord("Vu CQDP, Bo Noi vu").hasPrefix("=?utf-8?B?"))
        #expect(text.contains("Message-ID: <reminder.province.weekly.2025.W47.TH.24h@moha.example>\r\n"))
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 998 && !$0.hasPrefix(".") })
        let subject = lines.drop { !$0.hasPrefix("Subject: ") }.prefix { $0.hasPrefix("Subject: ") || $0.hasPrefix(" ") }
        #expect(subject.allSatisfy { $0.utf8.count <= 76 })
        let body = lines.drop { !$0.isEmpty }.dropFirst().joined()
        #expect(String(decoding: Data(base64Encoded: body) ?? Data(), as: UTF8.self) == "Kính gửi: Tỉnh Thanh Hóa\r\n\r\n.Dòng bắt đầu bằng dấu chấm")
    }
}
