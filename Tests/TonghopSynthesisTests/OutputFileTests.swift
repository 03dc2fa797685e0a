import Foundation
import Testing
import TonghopIngest

/// A document is written beside its path piece by piece and renamed over it: never seen half-written.
@Suite struct OutputFileTests {
    struct Stopped: Error {}

    @Test func aDocumentWrittenInPiecesIsWholeAndOneThatFailsLeavesTheOldOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tonghop-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("tong-hop.json").path
        // Small pieces and one larger than the writer's buffer, in order.
        let pieces = [Array("{\"đơn vị\":".utf8), [UInt8](repeating: UInt8(ascii: "x"), count: 200_000), Array("}\n".utf8)]
        try OutputFile.write(to: path) { output in for piece in pieces { try piece.withUnsafeBytes(output) } }
        #expect(FileManager.default.contents(atPath: path) == Data(pieces.joined()))
        // A writer that stops half-way: the file is the one before, and nothing else is left in the folder.
        #expect(throws: Stopped.self) {
            try OutputFile.write(to: path) { output in
                try Array("{\"mới\":".utf8).withUnsafeBytes(output)
                throw Stopped()
            }
        }
        #expect(FileManager.default.contents(atPath: path) == Data(pieces.joined()))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["tong-hop.json"])
        // A folder that does not exist: the file's failure, naming it.
        #expect(throws: OutputFile.Failure.self) {
            try OutputFile.write(to: folder.appendingPathComponent("không/có").path) { output in try pieces[0].withUnsafeBytes(output) }
        }
    }
}
