import Foundation
import TonghopCore

/// A document written for people to open: never seen half-written.
public enum OutputFile {
    /// Why an output file could not be written.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }

        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes what `produce` hands its output beside `path`, piece by piece, then renames it over `path`: a large
    /// document is never whole in memory, and no one ever opens a half-written file. An error `produce` throws leaves
    /// `path` as it was and is thrown again; one of the file's as `Failure`.
    ///
    /// Not flushed to disk, unlike Foundation's `Data.write`, which syncs every file it writes (50 ms for a commune-scale
    /// JSON synthesis): an output file can always be written again, so a power cut may cost it but never a stored report.
    public static func write(to path: String, _ produce: (ByteOutput) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        do {
            var file = Descriptor(descriptor, path: path)
            try produce { try file.send($0) }
            try file.flush()
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        // A full disk may show only now.
        guard close(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(path: path, reason: reason)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(path: path, reason: reason)
        }
    }

    /// Writes what `produce` hands its output to standard output, piece by piece.
    public static func writeToStandardOutput(_ produce: (ByteOutput) throws -> Void) throws {
        var output = Descriptor(STDOUT_FILENO, path: "standard output")
        try produce { try output.send($0) }
        try output.flush()
    }

    /// A file descriptor written through a buffer: the pieces of a document range from a ZIP header's few bytes to
    /// megabytes of values, and a system call for each of the small ones would cost more than the writing.
    private struct Descriptor {
        let descriptor: Int32
        let path: String
        var buffer = ByteWriter(capacity: 1 << 16)

        init(_ descriptor: Int32, path: String) {
            (self.descriptor, self.path) = (descriptor, path)
        }

        mutating func send(_ bytes: UnsafeRawBufferPointer) throws {
            if buffer.bytes.count + bytes.count > buffer.bytes.capacity { try flush() }
            if bytes.count >= buffer.bytes.capacity {
                try Self.writeAll(bytes, to: descriptor, path: path)
            } else {
                buffer.bytes.append(contentsOf: bytes)
            }
        }

        mutating func flush() throws {
            let (descriptor, path) = (self.descriptor, self.path)
            try buffer.flush { try Self.writeAll($0, to: descriptor, path: path) }
        }

        private static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: String) throws {
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else {
                    throw Failure(path: path, reason: written == 0 ? "nothing more could be written" : String(cString: strerror(errno)))
                }
                offset += written
            }
        }
    }
}

/// The system's `write`, which `OutputFile`'s own `write` hides inside it.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
