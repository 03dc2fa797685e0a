import Crypto
import Foundation
import TonghopCore

extension ReceivedFile {
    /// Wraps bytes just received, computing their SHA-256.
    public init(fileName: String, bytes: Data, receivedAt: Date, sender: Actor = .commandLine) {
        self.init(fileName: fileName, bytes: bytes, sha256: sha256Hex(bytes), receivedAt: receivedAt, sender: sender)
    }
}

/// The SHA-256 of bytes in lowercase hex, as receipts and token records show it.
public func sha256Hex(_ bytes: some DataProtocol) -> String {
    let hexDigits = Array("0123456789abcdef".utf8)
    var hex: [UInt8] = []
    hex.reserveCapacity(64)
    for byte in SHA256.hash(data: bytes) {
        hex.append(hexDigits[Int(byte >> 4)])
        hex.append(hexDigits[Int(byte & 0x0F)])
    }
    return String(decoding: hex, as: UTF8.self)
}
