import Foundation
import Hummingbird
import TonghopCore

/// `GET/POST /signin`, `POST /signout`: a token checked once and kept in a cookie that reads only (see `TokenMiddleware`).
struct SignInPage: Sendable {
    let environment: ServiceEnvironment

    struct View: Sendable {
        /// Why the token pasted was not taken.
        var message: String?
    }

    @Sendable func show(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        htmlResponse(environment.pages.render("signin", title: "Đăng nhập", caller: context.signedIn, view: View()))
    }

    @Sendable func signIn(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        struct Form: Decodable { var token: String }
        let body = try await request.body.collect(upTo: 4096)
        guard let form = try? URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body)) else {
            throw APIError(.badRequest, Message(.apiSignInNoToken))
        }
        let token = form.token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let role = try await environment.role(of: token) else {
            let view = View(message: APIError.badToken.message.text(in: .vi))
            return htmlResponse(environment.pages.render("signin", title: "Đăng nhập", caller: nil, view: view), status: .unauthorized)
        }
        var response = Response.redirect(to: role == .staff ? "/board" : "/upload", type: .found)
        response.status = .seeOther
        response.setCookie(cookie(value: token, maxAge: 12 * 3600))
        return response
    }

    @Sendable func signOut(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        var response = Response.redirect(to: "/", type: .found)
        response.status = .seeOther
        response.setCookie(cookie(value: "", maxAge: 0))
        return response
    }

    private func cookie(value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: TokenMiddleware.cookieName, value: value, maxAge: maxAge, path: "/", secure: environment.secureCookies, httpOnly: true,
            sameSite: .strict)
    }
}
