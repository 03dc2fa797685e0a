import Foundation
import TonghopCore

/// A document written for people to open: never seen half-written.
public enum OutputFile {
    /// Why an output file could not be written.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String

        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes `data` beside `path` and renames it over `path`, so that no one ever opens a half-written file.
    ///
    /// Not flushed to disk, unlike Foundation's `Data.write`, which syncs every file it writes (50 ms for a commune-scale
    /// JSON synthesis): an output file can always be written again, so a power cut may cost it but never a stored report.
    public static func write(_ data: Data, to path: String) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        let file = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        do {
            try file.write(contentsOf: data)
            // A full disk may show only now.
            try file.close()
        } catch {
            try? file.close()
            unlink(temporary)
            throw Failure(path: path, reason: error.localizedDescription)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(path: path, reason: reason)
        }
    }
}
