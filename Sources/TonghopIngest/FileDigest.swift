import Crypto
import Foundation
import TonghopCore

extension ReceivedFile {
    /// Wraps bytes just received, computing their SHA-256.
    public init(fileName: String, bytes: Data, receivedAt: Date) {
        let digest = SHA256.hash(data: bytes)
        self.init(fileName: fileName, bytes: bytes, sha256: digest.map { String(format: "%02x", $0) }.joined(), receivedAt: receivedAt)
    }
}
