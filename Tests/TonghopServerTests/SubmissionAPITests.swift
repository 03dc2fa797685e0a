import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TonghopCore
import TonghopServer
import TonghopService
import TonghopTestSupport

/// `POST /api/v1/submissions`: receipts, the CLI's own issues on a rejection, and the limits of what is accepted.
@Suite struct SubmissionAPITests {
    @Test(arguments: [false, true])
    func aReportGetsAReceiptThenADuplicateThenSupersedesAndTheHistoryKeepsBoth(memoryStore: Bool) async throws {
        let fixture = try ServiceFixture(memoryStore: memoryStore)
        try await fixture.application().test(.router) { client in
            let auth = headers(token: fixture.hanoi, contentType: "application/json")
            let first = try await client.execute(uri: "/api/v1/submissions?fileName=HN-W46.json", method: .post, headers: auth, body: reportJSON())
            #expect(first.status == .created)
            let receipt = try #require(try first.json()["receipt"] as? [String: Any])
            #expect(try first.json()["file"] as? String == "HN-W46.json")
            #expect(receipt["verdict"] as? String == "accepted")
            #expect(receipt["onTime"] as? Bool == true, "received at the fixed clock, an hour before the deadline")
            #expect(receipt["receivedAt"] as? String == "2025-11-20T00:00:00Z")
            #expect((receipt["sha256"] as? String)?.count == 64)

            let again = try await client.execute(uri: "/api/v1/submissions", method: .post, headers: auth, body: reportJSON())
            #expect(again.status == .ok)
            #expect(try again.json()["verdict"] as? String == "duplicate")

            let corrected = try await client.execute(
                uri: "/api/v1/submissions", method: .post, headers: auth,
                body: reportJSON { $0.results = ["general": "Đã sửa số liệu."] })
            #expect(corrected.status == .created)
            #expect(try corrected.json()["verdict"] as? String == "superseding")
            #expect((try corrected.json()["receipt"] as? [String: Any])?["supersedes"] as? Int == receipt["submissionId"] as? Int)

            let history = try await client.execute(
                uri: "/api/v1/units/HN/submissions?period=2025-W46", method: .get, headers: headers(token: fixture.hanoi))
            let entries = try history.jsonArray()
            #expect(entries.count == 2)
            #expect(entries.first?["supersededById"] as? Int != nil)
        }
    }

    @Test func aFileNameWithControlCharactersIsStoredAndShownWithoutThem() async throws {
        let fixture = try ServiceFixture()
        try await fixture.application().test(.router) { client in
            // An escape sequence that would turn a terminal red, and a NUL, in the name the sender gives.
            let response = try await client.execute(
                uri: "/api/v1/submissions?fileName=%1B%5B31mHN%00.json", method: .post,
                headers: headers(token: fixture.hanoi, contentType: "application/json"), body: reportJSON())
            #expect(response.status == .created)
            #expect(try response.json()["file"] as? String == "\u{FFFD}[31mHN\u{FFFD}.json")
        }
        let stored = try #require(try fixture.database.history(unit: "HN").first)
        #expect(stored.fileName == "\u{FFFD}[31mHN\u{FFFD}.json" && stored.fileName.forbiddenControlCharacter == nil)
    }

    @Test func aRejectedReportAnswers422WithTheSameIssuesAsTheCLIAndStoresNothing() async throws {
        let fixture = try ServiceFixture()
        let file = "invalid-out-of-bounds.json"
        let bytes = try Repo.sample("invalid/\(file)")
        // What `tonghop validate` reports for the same bytes.
        let expected = SubmissionService(catalog: shippedCatalog).check(bytes: bytes, fileName: file, receivedAt: ServiceFixture.now).outcome.issues
        #expect(!expected.isEmpty)
        try await fixture.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/api/v1/submissions?fileName=\(file)", method: .post,
                headers: headers(token: fixture.hanoi, contentType: "application/json"),
                body: ByteBuffer(data: bytes))
            #expect(response.status == .unprocessableContent)
            #expect(response.errorMessage?.contains("nothing was stored") == true)
            let issues = try JSONDecoder().decode(Reply.self, from: Data(buffer: response.body)).issues
            #expect(issues.map(\.code) == expected.map(\.code.rawValue))
            #expect(issues.map(\.message) == expected.map(\.message.en))
            #expect(issues.map(\.location) == expected.map(\.location))
        }
        #expect(try fixture.storedCount("HN") == 0)
    }

    struct Reply: Decodable {
        struct Issue: Decodable {
            var code: String
            var message: String
            var location: TonghopCore.SourceLocation
        }

        var issues: [Issue]
    }

    @Test func aMultipartFormWithACSVOrAnXLSXFormIsReadByItsFileName() async throws {
        // On the afternoon the sample form was filled: it reports on Dispatch 171's tasks, assigned on 23 November.
        let fixture = try ServiceFixture(clock: ISO8601DateFormatter().date(from: "2025-11-26T15:10:00+07:00")!)
        var report = ReportBuilder()
        report.period = "2025-W45"
        let csv = multipart(fileName: "C:\\Users\\van-thu\\Desktop\\HN tuần 45.csv", file: ByteBuffer(string: report.csv()))
        let form = multipart(fileName: "province-2025-W47-HN.xlsx", file: ByteBuffer(data: try Repo.sample("forms/province-2025-W47-HN.xlsx")))
        try await fixture.application().test(.router) { client in
            let sentCSV = try await client.execute(
                uri: "/api/v1/submissions", method: .post,
                headers: headers(token: fixture.hanoi, contentType: csv.contentType), body: csv.body)
            #expect(sentCSV.status == .created, "\(sentCSV.text)")
            #expect(try sentCSV.json()["file"] as? String == "HN tuần 45.csv", "the sender's folders are dropped, Vietnamese kept")
            let sentForm = try await client.execute(
                uri: "/api/v1/submissions", method: .post,
                headers: headers(token: fixture.hanoi, contentType: form.contentType), body: form.body)
            #expect(sentForm.status == .created, "\(sentForm.text)")
            #expect(try sentForm.json()["period"] as? String == "2025-W47")
            // The raw form as the body, with its own content type, is a duplicate of the same bytes.
            let raw = try await client.execute(
                uri: "/api/v1/submissions", method: .post,
                headers: headers(token: fixture.hanoi, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                body: ByteBuffer(data: try Repo.sample("forms/province-2025-W47-HN.xlsx")))
            #expect(try raw.json()["verdict"] as? String == "duplicate")
        }
        #expect(try fixture.storedCount("HN") == 2)
    }

    @Test func requestsOutsideTheLimitsGetAClearJSONErrorAndStoreNothing() async throws {
        let fixture = try ServiceFixture(maxUploadBytes: 4096)
        let huge = reportJSON { $0.results = ["general": String(repeating: "Báo cáo dài. ", count: 1000)] }
        let pdf = multipart(fileName: "bao-cao.pdf", file: ByteBuffer(string: "%PDF-1.7"))
        let noFile = multipart(fields: ["token": fixture.hanoi], fileName: nil, file: ByteBuffer())
        let cases: [(String, String?, ByteBuffer?, HTTPResponse.Status, String)] = [
            ("a body over the limit", "application/json", huge, .contentTooLarge, "4 KiB"),
            ("a PDF", "application/pdf", ByteBuffer(string: "%PDF-1.7"), .unsupportedMediaType, "application/json"),
            ("no content type", nil, reportJSON(), .unsupportedMediaType, "multipart/form-data"),
            ("a form with a PDF", pdf.contentType, pdf.body, .unsupportedMediaType, "bao-cao.pdf"),
            ("a form without a file", noFile.contentType, noFile.body, .badRequest, "`file`"),
            ("a form without a boundary", "multipart/form-data", noFile.body, .badRequest, "boundary"),
            ("a malformed form", "multipart/form-data; boundary=xyz", ByteBuffer(string: "--xyz\r\nbroken"), .badRequest, "form"),
            ("an empty body", "application/json", ByteBuffer(), .badRequest, "no body"),
        ]
        try await fixture.application().test(.router) { client in
            for (name, contentType, body, status, mentions) in cases {
                let response = try await client.execute(
                    uri: "/api/v1/submissions", method: .post,
                    headers: headers(token: fixture.hanoi, contentType: contentType), body: body)
                #expect(response.status == status, "\(name): \(response.text)")
                #expect(response.errorMessage?.contains(mentions) == true, "\(name): \(response.errorMessage ?? "no message")")
                #expect(response.headers[.contentType] == "application/json; charset=utf-8", "\(name)")
            }
            let unknownRoute = try await client.execute(uri: "/api/v1/nothing-here", method: .get, headers: headers(token: fixture.staff))
            #expect(unknownRoute.status == .notFound)
            #expect(unknownRoute.errorMessage != nil)
        }
        #expect(try fixture.storedCount("HN") == 0)
    }

    /// A file of 100,000 repeated rows: the answer lists the first 200 problems and counts the rest, in JSON and on the
    /// page, a few dozen kilobytes rather than fifty megabytes.
    @Test func aFileOfAHundredThousandProblemsIsAnsweredBriefly() async throws {
        let fixture = try ServiceFixture()
        let csv = String(decoding: try Repo.sample("province-2025-W46/HP.csv"), as: UTF8.self)
        let row = try #require(csv.split(whereSeparator: \.isNewline).first { $0.hasPrefix("value,hr.recruited,") })
        let body = ByteBuffer(
            string: csv.replacingOccurrences(of: "meta,unit,HP", with: "meta,unit,HN") + String(repeating: row + "\r\n", count: 100_000))
        try await fixture.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/api/v1/submissions?fileName=HN.csv", method: .post, headers: headers(token: fixture.hanoi, contentType: "text/csv"), body: body
            )
            #expect(response.status == .unprocessableContent)
            #expect(response.body.readableBytes < 200_000, "\(response.body.readableBytes) bytes")
            let json = try response.json()
            #expect((json["issues"] as? [Any])?.count == 200)
            let more = try #require(json["moreIssues"] as? [[String: Any]])
            #expect(more.count == 1 && more[0]["code"] as? String == "duplicate-criterion" && (more[0]["count"] as? Int ?? 0) > 99_000)
            #expect((json["message"] as? String)?.contains("100000 errors") == true, "\(json["message"] ?? "")")
            // The upload page, with a token pasted: the 200 rows, then the count of the rest in Vietnamese.
            let form = multipart(fields: ["token": fixture.hanoi], fileName: "HN.csv", file: body)
            let page = try await client.execute(uri: "/upload", method: .post, headers: headers(contentType: form.contentType), body: form.body)
            #expect(page.status == .unprocessableContent && page.body.readableBytes < 300_000, "\(page.body.readableBytes) bytes")
            #expect(page.text.contains("Ngoài ra còn 99800 vấn đề khác chưa liệt kê chi tiết"), "\(page.text.suffix(2000))")
            #expect(page.text.components(separatedBy: "<tr><td class=\"severity-").count - 1 == 200)
        }
        #expect(try fixture.storedCount("HN") == 0)
    }
}
