import Foundation
import ZIPFoundation

/// An Office Open XML package (.xlsx, .docx): named parts in a ZIP archive.
public struct ZipPackage: Sendable {
    /// Parts in the order they are written; `[Content_Types].xml` should come first.
    public var parts: [(path: String, data: Data)] = []
    /// The time stamped on every entry: a fixed instant gives the same bytes every time.
    public var modified: Date

    public init(modified: Date) {
        self.modified = modified
    }

    public mutating func add(_ path: String, _ text: String) {
        parts.append((path, Data(text.utf8)))
    }

    /// The archive's bytes, every part deflated.
    public func data() throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, data) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: modified,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let bytes = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return bytes
    }
}
