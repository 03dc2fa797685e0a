import Foundation

extension JSONEncoder {
    /// JSON as tonghop prints and serves it (`--format json`, the API): sorted keys, ISO 8601 instants.
    public static func tonghop() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
