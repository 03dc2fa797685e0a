import Foundation
import TonghopCore

extension JSONEncoder {
    /// JSON as tonghop prints and serves it (`--format json`, the API): sorted keys, ISO 8601 instants, messages in
    /// `language` (codes stay the same in both).
    public static func tonghop(language: Language = .vi) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.userInfo[.language] = language
        return encoder
    }
}
