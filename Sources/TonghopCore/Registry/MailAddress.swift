/// A mail address as tonghop sends to it: `local@domain`, ASCII, no spaces or brackets, at most 254 characters.
///
/// Deliberately narrow: an address goes into an SMTP command (`RCPT TO:<…>`) and a header, where a space, a line break
/// or a bracket would change what is sent. Government mailboxes are plain ASCII addresses.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    public let text: String

    public init?(_ text: String) {
        let text = text.trimmed
        let bytes = Array(text.utf8)
        guard (3...254).contains(bytes.count), let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1,
            bytes.filter({ $0 == UInt8(ascii: "@") }).count == 1
        else { return nil }
        let allowedLocal = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+-/=?^_`{|}~".utf8)
        let allowedDomain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-".utf8)
        let domain = bytes[(at + 1)...]
        guard bytes[..<at].allSatisfy(allowedLocal.contains), domain.allSatisfy(allowedDomain.contains), domain.contains(UInt8(ascii: ".")),
            domain.first != UInt8(ascii: "."), domain.last != UInt8(ascii: "."), domain.first != UInt8(ascii: "-")
        else { return nil }
        self.text = text
    }

    public var description: String { text }
}
