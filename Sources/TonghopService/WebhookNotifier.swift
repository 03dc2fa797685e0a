import AsyncHTTPClient
import Foundation
import NIOCore
import TonghopCore

/// Posts a JSON document to a webhook, retrying on network errors and server errors.
public struct WebhookNotifier: Sendable {
    public var url: URL
    /// How many times to try in all.
    public var attempts: Int
    /// How long one try may take, in seconds.
    public var timeout: TimeInterval
    /// Pause before the second try; doubled before each further one.
    public var backoff: TimeInterval

    public init(url: URL, attempts: Int = 3, timeout: TimeInterval = 10, backoff: TimeInterval = 2) {
        self.url = url
        self.attempts = attempts
        self.timeout = timeout
        self.backoff = backoff
    }

    /// What came of a notification.
    public struct Outcome: Sendable {
        public var delivered: Bool
        public var attempts: Int
        /// The last failure, for the operator: "HTTP 500", "timed out", ...
        public var failure: String?
    }

    /// Sends `body` as `application/json`. Client errors (4xx other than 408 and 429) are not retried: sending the
    /// same request again would fail the same way.
    public func post(_ body: Data) async -> Outcome {
        var failure: String?
        var pause = backoff
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.headers.add(name: "User-Agent", value: "tonghop")
        request.body = .bytes(ByteBuffer(bytes: body))
        for attempt in 1...max(attempts, 1) {
            if attempt > 1 {
                try? await Task.sleep(nanoseconds: UInt64(pause * 1_000_000_000))
                pause *= 2
            }
            var status: Int?
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
                status = Int(response.status.code)
                // Read to the end, so the connection is left clean; what the hook answers is not used.
                _ = try? await response.body.collect(upTo: 1 << 20)
            } catch {
                failure = Self.describe(error)
            }
            if let status, (200..<300).contains(status) { return Outcome(delivered: true, attempts: attempt, failure: nil) }
            if let status { failure = "HTTP \(status)" }
            if let status, (400..<500).contains(status), status != 408, status != 429 {
                return Outcome(delivered: false, attempts: attempt, failure: failure)
            }
        }
        return Outcome(delivered: false, attempts: max(attempts, 1), failure: failure ?? "no response")
    }

    /// A network error in words an operator can act on.
    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError, [.deadlineExceeded, .connectTimeout, .readTimeout].contains(error) { return "timed out" }
        return "\(error)"
    }
}
