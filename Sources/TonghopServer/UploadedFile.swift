import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import TonghopCore
import TonghopIngest

/// A report file taken out of a request: the raw body with its content type, or the `file` part of a multipart form.
struct UploadedFile: Sendable {
    var fileName: String
    var bytes: Data
    /// The `token` field of a multipart form (the upload page sends it that way).
    var formToken: String?
    /// The `check` field of the upload page's form, which lets a signed-in browser submit without its token.
    var formCheck: String?

    static let xlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// The content types of a raw body, and the format each is read as.
    static let mediaTypes: [String: ReportFormat] = [
        "application/json": .json,
        "text/csv": .csv,
        "application/csv": .csv,
        xlsxMediaType: .xlsx,
    ]

    static let unsupported = APIError(.unsupportedMediaType, Message(.apiUnsupportedMediaType))

    /// Reads the body (at most `limit` bytes: 413 beyond; within `timeout`: 408 beyond, and the connection is closed)
    /// and finds the file in it; 400 and 415 say what is wrong.
    static func from(_ request: Request, context: TonghopRequestContext, limit: Int, timeout: Duration) async throws -> UploadedFile {
        guard let contentType = request.headers[.contentType] else { throw unsupported }
        let (mediaType, parameters) = headerValue(contentType)
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge(limit) }
        let body = try await collect(request.body, limit: limit, timeout: timeout, channel: context.channel)
        if mediaType == "multipart/form-data" {
            guard let boundary = parameters["boundary"], !boundary.isEmpty else {
                throw APIError(.badRequest, Message(.apiNoBoundary))
            }
            return try fromForm(body, boundary: boundary)
        }
        guard let format = mediaTypes[mediaType] else { throw unsupported }
        guard body.readableBytes > 0 else { throw APIError(.badRequest, Message(.apiNoBody)) }
        let named =
            request.query("fileName")
            ?? request.headers[.contentDisposition].flatMap { headerValue($0).parameters["filename"] }
        return UploadedFile(fileName: fileName(named, format: format), bytes: Data(buffer: body), formToken: nil, formCheck: nil)
    }

    private static func fromForm(_ body: ByteBuffer, boundary: String) throws -> UploadedFile {
        var parts: [(name: String?, fileName: String?, body: ByteBuffer)] = []
        var disposition: String?
        var partBody = ByteBuffer()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { field, value in if field.lowercased() == "content-disposition" { disposition = value } }
        parser.onBody = { chunk in partBody.writeBuffer(&chunk) }
        parser.onPartComplete = {
            let parameters = disposition.map { headerValue($0).parameters } ?? [:]
            parts.append((parameters["name"], parameters["filename"], partBody))
            disposition = nil
            partBody = ByteBuffer()
        }
        do {
            try parser.execute(body)
        } catch {
            throw APIError(.badRequest, Message(.apiMalformedMultipart))
        }
        func field(_ name: String) -> String? {
            parts.first { $0.name == name }.map { String(buffer: $0.body).trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap {
                $0.isEmpty ? nil : $0
            }
        }
        guard let file = parts.first(where: { $0.name == "file" }) else {
            throw APIError(.badRequest, Message(.apiNoFileField))
        }
        guard file.body.readableBytes > 0 else { throw APIError(.badRequest, Message(.apiNoFileChosen)) }
        let name = file.fileName ?? ""
        guard let format = ReportFormat(fileName: name) else {
            throw APIError(.unsupportedMediaType, Message(.apiNotAReportFile, ["file": .text(name.isEmpty ? "?" : name.withoutControlCharacters)]))
        }
        return UploadedFile(
            fileName: fileName(name, format: format), bytes: Data(buffer: file.body), formToken: field("token"), formCheck: field("check"))
    }

    /// The sender's name without folders (Windows' too) and control characters (it is logged, stored and printed), with
    /// the format's extension added when it has another.
    private static func fileName(_ given: String?, format: ReportFormat) -> String {
        let base = (given ?? "").withoutControlCharacters.replacingOccurrences(of: "\\", with: "/").lastPathComponent
        guard !base.isEmpty else { return "upload.\(format.rawValue)" }
        return ReportFormat(fileName: base) == format ? base : base + "." + format.rawValue
    }

    private static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, Message(.apiTooLarge, ["limit": .size(limit)]))
    }

    /// The whole body, unless it is larger than `limit` or takes longer than `timeout` to arrive. On a timeout the
    /// connection is closed for reading: the 408 is still written, then the connection ends instead of waiting for
    /// the rest of a body that is not coming.
    private static func collect(_ body: RequestBody, limit: Int, timeout: Duration, channel: any Channel) async throws -> ByteBuffer {
        do {
            return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
                group.addTask { try await body.collect(upTo: limit) }
                group.addTask {
                    // The event loop's timer, not `Task.sleep`: on Linux a cancelled `Task.sleep` keeps its timer and task
                    // until the deadline (swiftlang/swift#60441), some 430 bytes of every upload for 30 seconds, which
                    // under wrk's thousands of uploads a second was most of the service's memory. This one is removed
                    // from the loop's timers as soon as the body has arrived.
                    let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {}
                    do {
                        try await withTaskCancellationHandler {
                            try await timer.futureResult.get()
                        } onCancel: {
                            timer.cancel()
                        }
                    } catch EventLoopError.cancelled {
                        throw CancellationError()
                    } catch {
                        // A loop shutting down takes no new timer: the body gets its time all the same.
                        try await Task.sleep(for: timeout)
                    }
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let body = first else {
                    channel.close(mode: .input, promise: nil)
                    throw APIError(.requestTimeout, Message(.apiTimeout, ["seconds": .count(Int(timeout.components.seconds))]))
                }
                return body
            }
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw tooLarge(limit)
        }
    }
}

/// A header value's main part, lowercased, and its `key=value` parameters (keys lowercased, quotes removed).
func headerValue(_ value: String) -> (value: String, parameters: [String: String]) {
    var pieces = value.split(separator: ";", omittingEmptySubsequences: true)[...]
    let main = pieces.popFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    var parameters: [String: String] = [:]
    for piece in pieces {
        guard let equals = piece.firstIndex(of: "=") else { continue }
        let key = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
        var text = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
        parameters[key] = text
    }
    return (main, parameters)
}
