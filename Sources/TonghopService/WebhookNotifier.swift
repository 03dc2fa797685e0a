import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
    public func post(_ body: Data) -> Outcome {
        var failure: String?
        var pause = backoff
        for attempt in 1...max(attempts, 1) {
            if attempt > 1 {
                Thread.sleep(forTimeInterval: pause)
                pause *= 2
            }
            var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
            request.httpMethod = "POST"
            request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
            request.setValue("tonghop", forHTTPHeaderField: "User-Agent")
            request.httpBody = body
            let (status, error) = send(request)
            if let status, (200..<300).contains(status) { return Outcome(delivered: true, attempts: attempt, failure: nil) }
            failure = status.map { "HTTP \($0)" } ?? error ?? "no response"
            if let status, (400..<500).contains(status), status != 408, status != 429 {
                return Outcome(delivered: false, attempts: attempt, failure: failure)
            }
        }
        return Outcome(delivered: false, attempts: max(attempts, 1), failure: failure)
    }

    private func send(_ request: URLRequest) -> (Int?, String?) {
        final class Box: @unchecked Sendable {
            var status: Int?
            var error: String?
        }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        session.dataTask(with: request) { _, response, error in
            box.status = (response as? HTTPURLResponse)?.statusCode
            box.error = error?.localizedDescription
            done.signal()
        }.resume()
        done.wait()
        session.finishTasksAndInvalidate()
        return (box.status, box.error)
    }
}
