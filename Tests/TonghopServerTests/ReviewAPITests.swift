import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TonghopCore
import TonghopServer
import TonghopService
import TonghopTestSupport

/// `POST/GET /api/v1/submissions/{id}/review`: staff only, every refusal with its status, the audit log's who and where.
@Suite struct ReviewAPITests {
    @Test(arguments: [false, true])
    func staffReturnAReportWithAReasonAndTheRefusalsHaveTheirStatus(memoryStore: Bool) async throws {
        let fixture = try ServiceFixture(memoryStore: memoryStore)
        try await fixture.application().test(.router) { client in
            let sent = try await client.execute(
                uri: "/api/v1/submissions", method: .post, headers: headers(token: fixture.hanoi, contentType: "application/json"),
                body: reportJSON())
            let id = try #require((try sent.json()["receipt"] as? [String: Any])?["submissionId"] as? Int)
            func review(_ body: String, token: String? = nil, id: Int = id) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/submissions/\(id)/review", method: .post,
                    headers: headers(token: token ?? fixture.staff, contentType: "application/json"), body: ByteBuffer(string: body))
            }
            #expect(try await review(#"{"decision": "accept"}"#, token: fixture.hanoi).status == .forbidden)
            #expect(try await review(#"{"decision": "accept"}"#, id: 999).status == .notFound)
            #expect(try await review(#"{"decision": "return"}"#).status == .badRequest)
            #expect(try await review(#"{"decision": "approve"}"#).status == .badRequest)
            #expect(try await review(#"{"decision": "return", "reason": "x", "criteria": ["nope"]}"#).status == .badRequest)
            let returned = try await review(
                #"{"decision": "return", "reason": "Đề nghị rà soát số người được tuyển dụng.", "criteria": ["hr.recruited"]}"#)
            #expect(returned.status == .created)
            #expect(try returned.json()["state"] as? String == "returned")
            #expect(try returned.json()["correctionDue"] as? String == "2025-11-24T00:00:00Z")
            #expect(try await review(#"{"decision": "return", "reason": "again"}"#).status == .conflict)
            let trail = try await client.execute(uri: "/api/v1/submissions/\(id)/review", method: .get, headers: headers(token: fixture.staff))
            #expect(try trail.json()["state"] as? String == "returned")
            #expect((try trail.json()["reviews"] as? [[String: Any]])?.first?["by"] as? String == "Vụ Chính quyền địa phương")
            #expect(
                try await client.execute(uri: "/api/v1/submissions/\(id)/review", method: .get, headers: headers(token: fixture.hanoi)).status
                    == .forbidden)
            // The unit's correction replaces the returned report: reviewing the old one is a conflict.
            let corrected = try await client.execute(
                uri: "/api/v1/submissions", method: .post, headers: headers(token: fixture.hanoi, contentType: "application/json"),
                body: reportJSON { $0.results = ["general": "Đã rà soát, sửa số liệu."] })
            #expect(corrected.status == .created)
            let conflict = try await review(#"{"decision": "accept"}"#)
            #expect(conflict.status == .conflict)
            #expect(conflict.errorMessage?.contains("replaced") == true)
        }
        // Without a sender in synthesis.yaml, nothing is queued for mail.
        #expect(try fixture.database.unsentMessages().isEmpty)
        let audit = try fixture.database.auditEntries(since: nil, unit: "HN").filter { $0.action != .tokenCreated && $0.action != .tokenRevoked }
        #expect(audit.map(\.action) == [.submissionStored, .submissionReviewed, .submissionStored])
        #expect(audit[1].actor.name == "Vụ Chính quyền địa phương")
        #expect(audit[0].actor.name == "đơn vị HN")
    }

    @Test(arguments: [false, true])
    func anUploadQueuesItsReceiptAndAReturnItsNoticeInTheSameTransaction(memoryStore: Bool) async throws {
        let fixture = try ServiceFixture(memoryStore: memoryStore, mail: true)
        try await fixture.application().test(.router) { client in
            let sent = try await client.execute(
                uri: "/api/v1/submissions?fileName=HN.json", method: .post, headers: headers(token: fixture.hanoi, contentType: "application/json"),
                body: reportJSON())
            let id = try #require((try sent.json()["receipt"] as? [String: Any])?["submissionId"] as? Int)
            // A duplicate is no new receipt.
            _ = try await client.execute(
                uri: "/api/v1/submissions?fileName=HN.json", method: .post, headers: headers(token: fixture.hanoi, contentType: "application/json"),
                body: reportJSON())
            let returned = try await client.execute(
                uri: "/api/v1/submissions/\(id)/review", method: .post, headers: headers(token: fixture.staff, contentType: "application/json"),
                body: ByteBuffer(string: #"{"decision": "return", "reason": "Đề nghị rà soát."}"#))
            #expect(returned.status == .created)
        }
        let queued = try fixture.database.unsentMessages()
        #expect(queued.map(\.kind) == [.receipt, .return])
        #expect(queued.allSatisfy { $0.to == ["vanphong@hanoi.example"] })
        #expect(queued.first?.subject.hasPrefix("Biên nhận báo cáo số") == true)
        #expect(queued.last?.body.contains("Lý do: Đề nghị rà soát.") == true)
    }
}
