import Foundation

/// A file as it arrived: its bytes, their SHA-256 and the server's time of receipt.
///
/// The receipt time is the server's own clock (or the `--received-at` replay time), never a time written in the file,
/// so timeliness cannot be back-dated by the sender.
public struct ReceivedFile: Sendable, Hashable {
    public var fileName: String
    public var bytes: Data
    /// Lower-case hex SHA-256 of `bytes`.
    public var sha256: String
    public var receivedAt: Date
    /// Who sent it, as the audit log names them.
    public var sender: Actor

    public init(fileName: String, bytes: Data, sha256: String, receivedAt: Date, sender: Actor = .commandLine) {
        self.fileName = fileName
        self.bytes = bytes
        self.sha256 = sha256
        self.receivedAt = receivedAt
        self.sender = sender
    }
}
