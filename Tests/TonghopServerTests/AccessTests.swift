import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TonghopServer
import TonghopTestSupport

/// Every endpoint with no token, a bad token, a revoked one, the wrong unit's (or a unit's where staff is needed) and
/// the right one: against the router, and live on loopback.
@Suite struct AccessTests {
    enum Setup: String, CaseIterable, CustomTestStringConvertible {
        case router, live
        var testing: TestingSetup { self == .router ? .router : .live }
        var testDescription: String { rawValue }
    }

    enum Caller: CaseIterable {
        case none, bad, revoked, hanoi, haiphong, staff
    }

    /// One endpoint and the status each caller gets.
    struct Endpoint {
        var method: HTTPRequest.Method
        var uri: String
        var contentType: String?
        var body: ByteBuffer?
        var expected: [Caller: HTTPResponse.Status]
    }

    static let endpoints: [Endpoint] = {
        let refusedWithoutToken: [Caller: HTTPResponse.Status] = [.none: .unauthorized, .bad: .unauthorized, .revoked: .unauthorized]
        func with(_ more: [Caller: HTTPResponse.Status]) -> [Caller: HTTPResponse.Status] { refusedWithoutToken.merging(more) { $1 } }
        return [
            Endpoint(method: .get, uri: "/api/v1/me", expected: with([.hanoi: .ok, .haiphong: .ok, .staff: .ok])),
            // Hà Nội's report: Hải Phòng's token may not send it, staff do not submit; only Hà Nội's own token stores it.
            Endpoint(
                method: .post, uri: "/api/v1/submissions", contentType: "application/json", body: reportJSON(),
                expected: with([.haiphong: .forbidden, .staff: .forbidden, .hanoi: .created])),
            Endpoint(method: .get, uri: "/api/v1/units/HN/submissions", expected: with([.haiphong: .forbidden, .hanoi: .ok, .staff: .ok])),
            Endpoint(method: .get, uri: "/api/v1/status/province-weekly", expected: with([.hanoi: .forbidden, .haiphong: .forbidden, .staff: .ok])),
            Endpoint(
                method: .get, uri: "/api/v1/synthesis/province-weekly/2025-W46?format=csv",
                expected: with([.hanoi: .forbidden, .haiphong: .forbidden, .staff: .ok])),
            Endpoint(method: .get, uri: "/api/v1/forms/HN/2025-W47", expected: with([.haiphong: .forbidden, .hanoi: .ok, .staff: .ok])),
            Endpoint(method: .get, uri: "/board", expected: with([.hanoi: .forbidden, .haiphong: .forbidden, .staff: .ok])),
            Endpoint(
                method: .get, uri: "/synthesis/province-weekly/2025-W46",
                expected: with([.hanoi: .forbidden, .haiphong: .forbidden, .staff: .ok])),
            // Public: no token reads these; a bad header token is still refused, so its holder learns it.
            Endpoint(method: .get, uri: "/health", expected: with([.none: .ok, .hanoi: .ok, .haiphong: .ok, .staff: .ok])),
            Endpoint(method: .get, uri: "/upload", expected: with([.none: .ok, .hanoi: .ok, .haiphong: .ok, .staff: .ok])),
        ]
    }()

    @Test(arguments: Setup.allCases)
    func everyEndpointAnswersEachCallerAsItsRoleAllows(_ setup: Setup) async throws {
        let fixture = try ServiceFixture()
        let tokens: [Caller: String] = [
            .bad: "thp_not-a-token-anyone-was-given", .revoked: fixture.revoked, .hanoi: fixture.hanoi,
            .haiphong: fixture.haiphong, .staff: fixture.staff,
        ]
        try await fixture.application().test(setup.testing) { client in
            for endpoint in Self.endpoints {
                for caller in Caller.allCases {
                    guard let expected = endpoint.expected[caller] else { continue }
                    let response = try await client.execute(
                        uri: endpoint.uri, method: endpoint.method, headers: headers(token: tokens[caller], contentType: endpoint.contentType),
                        body: endpoint.body)
                    #expect(response.status == expected, "\(endpoint.method) \(endpoint.uri) as \(caller): \(response.text.prefix(300))")
                    if response.status.code >= 400, endpoint.uri.hasPrefix("/api/") {
                        #expect(response.errorMessage?.isEmpty == false, "\(endpoint.uri) as \(caller) gives a JSON error with a message")
                    }
                    if response.status == .unauthorized, endpoint.uri.hasPrefix("/api/") {
                        #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"tonghop\"")
                    }
                }
            }
        }
        // Only the right token's upload stored anything.
        #expect(try fixture.storedCount("HN") == 1)
        #expect(try fixture.storedCount("HP") == 0)
    }

    @Test func aPageRefusedForWantOfATokenOffersTheSignInPage() async throws {
        let fixture = try ServiceFixture()
        try await fixture.application().test(.router) { client in
            let response = try await client.execute(uri: "/board", method: .get)
            #expect(response.status == .unauthorized)
            #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(response.text.contains("href=\"/signin\""))
        }
    }

    @Test func signingInKeepsTheTokenInAStrictCookieThatReadsButDoesNotSubmit() async throws {
        let fixture = try ServiceFixture()
        try await fixture.application().test(.router) { client in
            let wrong = try await client.execute(
                uri: "/signin", method: .post, headers: headers(contentType: "application/x-www-form-urlencoded"),
                body: ByteBuffer(string: "token=thp_wrong"))
            #expect(wrong.status == .unauthorized)
            #expect(wrong.headers[.setCookie] == nil)

            let signIn = try await client.execute(
                uri: "/signin", method: .post, headers: headers(contentType: "application/x-www-form-urlencoded"),
                body: ByteBuffer(string: "token=\(fixture.staff)"))
            #expect(signIn.status == .seeOther)
            #expect(signIn.headers[.location] == "/board")
            let cookie = try #require(signIn.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))

            var withCookie: HTTPFields = [:]
            withCookie[.cookie] = "tonghop_token=\(fixture.staff)"
            #expect(try await client.execute(uri: "/board", method: .get, headers: withCookie).status == .ok)

            // A unit's cookie does not submit: a POST must carry its token itself.
            var unitCookie: HTTPFields = [:]
            unitCookie[.cookie] = "tonghop_token=\(fixture.hanoi)"
            unitCookie[.contentType] = "application/json"
            let post = try await client.execute(uri: "/api/v1/submissions", method: .post, headers: unitCookie, body: reportJSON())
            #expect(post.status == .unauthorized)

            // A revoked token's cookie counts as none rather than locking the browser out of the public pages.
            var stale: HTTPFields = [:]
            stale[.cookie] = "tonghop_token=\(fixture.revoked)"
            #expect(try await client.execute(uri: "/signin", method: .get, headers: stale).status == .ok)
            #expect(try await client.execute(uri: "/board", method: .get, headers: stale).status == .unauthorized)
        }
        #expect(try fixture.storedCount("HN") == 0)
    }
}
