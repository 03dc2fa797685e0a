import Foundation
import Hummingbird
import TonghopCore
import TonghopIngest
import TonghopService

/// JSON as the API writes it: sorted keys, ISO 8601 instants, the same shape as the CLI's `--format json`, messages in
/// `language` (the request's `Accept-Language`: Vietnamese unless English is asked for first).
func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:], language: Language = .vi) throws -> Response
{
    jsonResponse(written: try JSONEncoder.tonghop(language: language).encode(value), status: status, headers: headers, language: language)
}

/// JSON already written in the API's form (`PrettyJSONWriter`).
func jsonResponse(written: some Collection<UInt8>, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:], language: Language = .vi) -> Response
{
    var fields = headers
    fields[.contentType] = "application/json; charset=utf-8"
    fields[.contentLanguage] = language.rawValue
    return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: written)))
}

/// A file to download, named so that the browser saves it under a useful name.
func downloadResponse(_ data: Data, mediaType: String, fileName: String) -> Response {
    var fields: HTTPFields = [:]
    fields[.contentType] = mediaType
    fields[.contentDisposition] = "attachment; filename=\"\(fileName)\""
    return Response(status: .ok, headers: fields, body: .init(byteBuffer: ByteBuffer(data: data)))
}

/// A server-rendered page.
func htmlResponse(_ html: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
    var fields = headers
    fields[.contentType] = "text/html; charset=utf-8"
    // The pages need nothing from elsewhere: no scripts at all, styles inline.
    fields[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"
    return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: html)))
}

extension Request {
    /// The language the caller reads messages in, from `Accept-Language`.
    var language: Language { Language(acceptLanguage: headers[.acceptLanguage]) }

    /// A query parameter, nil when absent or empty.
    func query(_ name: String) -> String? {
        uri.queryParameters[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// An instant from the query (`at`, `asOf`), ISO 8601 with its zone; a 400 when it is not one.
    func instantQuery(_ name: String) throws -> Date? {
        guard let text = query(name) else { return nil }
        guard let instant = TonghopCore.ISO8601.instant(text) else {
            throw APIError(.badRequest, Message(.apiBadInstant, ["name": .text(name), "value": .quoted(text)]))
        }
        return instant
    }
}
