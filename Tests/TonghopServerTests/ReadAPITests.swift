import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TonghopOffice
import TonghopRendering
import TonghopServer
import TonghopTestSupport

/// The status board, the synthesis and the blank form, as the API serves them to staff and units.
@Suite struct ReadAPITests {
    /// Hà Nội reports for 2025-W46 through the API, an hour before the deadline.
    func submitHanoi(_ client: some TestClientProtocol, _ fixture: ServiceFixture) async throws {
        let response = try await client.execute(
            uri: "/api/v1/submissions", method: .post,
            headers: headers(token: fixture.hanoi, contentType: "application/json"), body: reportJSON())
        #expect(response.status == .created)
    }

    @Test func theStatusBoardShowsTheCurrentPeriodFillingUpAndTheLatestClosedOne() async throws {
        let fixture = try ServiceFixture()
        try await fixture.application().test(.router) { client in
            try await submitHanoi(client, fixture)
            let staff = headers(token: fixture.staff)
            // At 07:00 on Thursday the week due at 08:00 is the current one: Hà Nội on time, the other 33 not yet due.
            let current = try await client.execute(uri: "/api/v1/status/province-weekly", method: .get, headers: staff).json()
            #expect(current["periodKey"] as? String == "2025-W46")
            let counts = try #require(current["counts"] as? [String: Int])
            #expect(counts == ["expected": 34, "onTime": 1, "late": 0, "missing": 0, "pending": 33, "untracked": 0, "accepted": 0, "returned": 0])
            #expect((current["nextDeadline"] as? [String: Any])?["secondsLeft"] as? Double == 3600)

            // One second after the deadline the same period shows 33 missing; `current` has moved on to the next week.
            let after = try await client.execute(
                uri: "/api/v1/status/province-weekly?period=latest&at=2025-11-20T08:00:00%2B07:00",
                method: .get, headers: staff
            ).json()
            #expect(after["periodKey"] as? String == "2025-W46")
            #expect((after["counts"] as? [String: Int])?["missing"] == 33)
            let next = try await client.execute(uri: "/api/v1/status/province-weekly?at=2025-11-20T08:00:00%2B07:00", method: .get, headers: staff)
                .json()
            #expect(next["periodKey"] as? String == "2025-W47")

            for (uri, status, mentions) in [
                ("/api/v1/status/yearly", HTTPResponse.Status.notFound, "province-weekly"),
                ("/api/v1/status/province-weekly?period=2025-W54", .badRequest, "2025-W54"),
                ("/api/v1/status/province-weekly?at=yesterday", .badRequest, "ISO 8601"),
            ] {
                let response = try await client.execute(uri: uri, method: .get, headers: staff)
                #expect(response.status == status, "\(uri)")
                #expect(response.errorMessage?.contains(mentions) == true, "\(uri): \(response.errorMessage ?? "")")
            }
        }
    }

    @Test func theSynthesisComesInEveryFormatWithItsMediaTypeAndAFileName() async throws {
        let fixture = try ServiceFixture()
        try await fixture.application().test(.router) { client in
            try await submitHanoi(client, fixture)
            for format in SynthesisFormat.allCases {
                let response = try await client.execute(
                    uri: "/api/v1/synthesis/province-weekly/2025-W46?format=\(format.rawValue)&asOf=2025-11-20T09:00:00%2B07:00",
                    method: .get, headers: headers(token: fixture.staff))
                #expect(response.status == .ok, "\(format)")
                #expect(response.headers[.contentType] == format.mediaType)
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"tong-hop-province-weekly-2025-W46.\(format.rawValue)\"")
                let data = Data(buffer: response.body)
                if format.isBinary {
                    let parts = try officeParts(data)
                    #expect(parts[format == .xlsx ? "xl/workbook.xml" : "word/document.xml"] != nil, "\(format)")
                } else {
                    // People's formats name the week; the machines' keep its key.
                    #expect(response.text.contains(format == .md || format == .html ? "tuần 46 năm 2025" : "2025-W46"), "\(format)")
                }
            }
            let json = try await client.execute(
                uri: "/api/v1/synthesis/province-weekly/2025-W46?asOf=2025-11-20T09:00:00%2B07:00",
                method: .get, headers: headers(token: fixture.staff)
            ).json()
            let summary = try #require((json["compliance"] as? [String: Any])?["summary"] as? [String: Any])
            #expect(summary["onTime"] as? Int == 1, "Hà Nội is the one report on time")
            #expect(summary["missing"] as? Int == 33)

            let wrong = try await client.execute(
                uri: "/api/v1/synthesis/province-weekly/2025-W46?format=pdf", method: .get, headers: headers(token: fixture.staff))
            #expect(wrong.status == .badRequest)
            #expect(wrong.errorMessage?.contains("md, html, csv, json, xlsx and docx") == true)
        }
    }

    @Test func aUnitDownloadsItsBlankFormAndOnlyItsOwn() async throws {
        let fixture = try ServiceFixture()
        try await fixture.application().test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/forms/HN/2025-W47", method: .get, headers: headers(token: fixture.hanoi))
            #expect(response.status == .ok)
            #expect(response.headers[.contentDisposition] == "attachment; filename=\"bao-cao-HN-2025-W47.xlsx\"")
            let strings = try #require(try officeParts(Data(buffer: response.body))["xl/sharedStrings.xml"])
            #expect(String(decoding: strings, as: UTF8.self).contains("2025-W47"))

            let monthly = try await client.execute(uri: "/api/v1/forms/HN/2025-11", method: .get, headers: headers(token: fixture.hanoi))
            #expect(monthly.status == .ok)
            for (uri, status) in [
                ("/api/v1/forms/XX/2025-W47", HTTPResponse.Status.notFound), ("/api/v1/forms/HN/2025-W99", .badRequest),
                ("/api/v1/forms/HN/2025-W47?schedule=central-weekly", .badRequest),
            ] {
                let refused = try await client.execute(uri: uri, method: .get, headers: headers(token: fixture.staff))
                #expect(refused.status == status, "\(uri): \(refused.text)")
            }
        }
    }
}
