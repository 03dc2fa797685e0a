import Foundation
import ZIPFoundation

/// The parts of a ZIP package read with limits, so that a damaged archive or a zip bomb is refused with a clear
/// reason before it can fill the memory.
struct SafeArchive {
    /// How much an archive may hold: a filled form is a few tens of kilobytes.
    struct Limits {
        var entries = 500
        var entryBytes = 20 * 1024 * 1024
        var totalBytes = 50 * 1024 * 1024
        /// Uncompressed size over compressed size; ordinary XML deflates ten to twenty times, a bomb thousands.
        var ratio = 200
    }

    private let archive: Archive
    private let limits: Limits
    private var extracted = 0
    let paths: [String]

    init(_ data: Data, limits: Limits = Limits()) throws(WorkbookReadError) {
        guard data.starts(with: [0x50, 0x4B]) else {
            throw .notAnArchive("the file is not a ZIP package as .xlsx files are (an old .xls, or another kind of file renamed?)")
        }
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw .damaged("the ZIP package cannot be opened (\(error)); the file may be truncated or damaged")
        }
        self.limits = limits
        var paths: [String] = []
        var declared: UInt64 = 0
        for entry in archive {
            paths.append(entry.path)
            guard paths.count <= limits.entries else { throw .tooLarge("the package has more than \(limits.entries) parts") }
            declared += entry.uncompressedSize
            if entry.uncompressedSize > UInt64(limits.entryBytes) || declared > UInt64(limits.totalBytes) {
                throw .tooLarge("the part \(entry.path) would unpack to \(entry.uncompressedSize) bytes; a form holds at most \(limits.totalBytes) in all")
            }
            if entry.compressedSize > 0, entry.uncompressedSize / max(entry.compressedSize, 1) > UInt64(limits.ratio), entry.uncompressedSize > 1 << 20 {
                throw .tooLarge("the part \(entry.path) is compressed \(entry.uncompressedSize / entry.compressedSize) times over, as a zip bomb is")
            }
        }
        guard !paths.isEmpty else { throw .damaged("the ZIP package is empty") }
        self.paths = paths
    }

    /// A part's bytes, or nil when there is no such part. The bytes actually unpacked are counted too, since the sizes
    /// an archive declares can lie.
    mutating func part(_ path: String) throws(WorkbookReadError) -> Data? {
        guard let entry = archive[path] else { return nil }
        var bytes = Data()
        let limit = min(limits.entryBytes, limits.totalBytes - extracted)
        do {
            _ = try archive.extract(entry) { chunk in
                bytes.append(chunk)
                if bytes.count > limit { throw WorkbookReadError.tooLarge("the part \(path) unpacks to more than it declared") }
            }
        } catch let error as WorkbookReadError {
            throw error
        } catch {
            throw .damaged("the part \(path) cannot be unpacked (\(error)); the file may be damaged")
        }
        extracted += bytes.count
        return bytes
    }
}

/// Why a workbook could not be read.
public enum WorkbookReadError: Error, Sendable, CustomStringConvertible {
    case notAnArchive(String)
    case damaged(String)
    case tooLarge(String)
    case macroEnabled
    case notAWorkbook(String)

    public var description: String {
        switch self {
        case .notAnArchive(let reason), .damaged(let reason), .tooLarge(let reason), .notAWorkbook(let reason): reason
        case .macroEnabled:
            "the workbook carries macros (VBA); tonghop does not accept macro-enabled files: save it as an Excel Workbook (.xlsx)"
        }
    }
}
