import Foundation
import Hummingbird
import Mustache
import TonghopCore
import TonghopRendering

/// The service's HTML pages, from the Mustache templates in `Templates/pages/`; everything from a report is escaped.
public struct PageRenderer: Sendable {
    /// The pages and partials the service needs.
    public static let templateNames = ["header", "footer", "index", "upload", "signin", "board", "tasks", "error"]

    private let library: MustacheLibrary

    /// Loads each page template from `directory`, naming the file and line of a template that does not parse.
    public init(directory: URL) throws {
        library = try MustacheLibrary.load(Self.templateNames, from: directory)
    }

    /// A page rendered with the layout's values (title, who is signed in) added to `view`.
    func render(_ name: String, title: String, caller: AccessRole?, view: [String: Any] = [:]) -> String {
        var view = view
        view["title"] = title
        view["caller"] = caller.map(Self.describe) ?? false
        // Every template is loaded and checked at start-up, so a missing one here is a programming error.
        guard let html = library.render(view, withTemplate: name) else { preconditionFailure("no page template \(name)") }
        return html
    }

    func errorPage(_ error: APIError, caller: AccessRole?) -> Response {
        let heading: MessageKey =
            switch error.status {
            case .unauthorized: .pageUnauthorized
            case .forbidden: .pageForbidden
            case .notFound: .pageNotFound
            case .contentTooLarge: .pageTooLarge
            case .unsupportedMediaType: .pageUnsupported
            case .badRequest: .pageBadRequest
            case .requestTimeout: .pageTimeout
            default: .pageError
            }
        let title = Message(heading).text(in: .vi)
        let html = render(
            "error", title: title, caller: caller,
            view: [
                "heading": title, "message": error.message.text(in: .vi), "status": Int(error.status.code), "signIn": error.status == .unauthorized,
            ])
        return htmlResponse(html, status: error.status)
    }

    static func describe(_ role: AccessRole) -> String {
        role.unitCode.map { "đơn vị \($0)" } ?? "cán bộ Bộ Nội vụ"
    }
}
