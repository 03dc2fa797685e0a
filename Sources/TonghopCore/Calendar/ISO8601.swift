import Foundation

/// Instants as people and machines write them.
public enum ISO8601 {
    /// Parses an ISO 8601 instant with its zone, e.g. 2025-11-13T07:59:59+07:00 or 2025-11-13T00:59:59.250Z.
    public static func instant(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
