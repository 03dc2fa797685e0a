import Foundation
import TonghopCore
import TonghopOffice

/// The file formats a report can come in.
public enum ReportFormat: String, Sendable, Codable, CaseIterable {
    case json
    case csv
    /// A filled report form (see `ReportFormLayout`).
    case xlsx

    /// The format a file name's extension names, if tonghop reads it.
    public init?(fileName: String) {
        self.init(rawValue: fileName.pathExtension)
    }
}

/// What reading a file gave: a draft to validate (unless the file could not be read at all) and the problems met.
public struct ReadResult: Sendable {
    public var draft: ReportDraft?
    public var issues: [ValidationIssue]
}

/// Reads report files of any supported format into drafts.
public enum ReportReader {
    /// The largest report file accepted: a week's report is a few kilobytes, long narratives included.
    public static let maximumBytes = 10 * 1024 * 1024

    /// The error for a file over `maximumBytes`.
    public static func tooLarge(fileName: String, bytes: Int) -> ValidationIssue {
        ValidationIssue(
            .error, .unreadableFile, at: SourceLocation(file: fileName),
            Message(.fileTooLarge, ["size": .size(bytes), "limit": .size(maximumBytes)]))
    }

    /// Reads `data` named `fileName` (the name is used in every message and to pick the format).
    public static func read(_ data: Data, fileName: String) -> ReadResult {
        let whole = SourceLocation(file: fileName)
        guard data.count <= maximumBytes else { return ReadResult(draft: nil, issues: [tooLarge(fileName: fileName, bytes: data.count)]) }
        guard let format = ReportFormat(fileName: fileName) else {
            let known = ReportFormat.allCases.map { ".\($0.rawValue)" }
            if ["xlsm", "xltm", "xlsb"].contains(fileName.pathExtension) {
                return fail(.unreadableFile, whole, Message(.fileMacroEnabledExtension, ["extension": .text(fileName.pathExtension)]))
            }
            if fileName.pathExtension == "xls" {
                return fail(.unreadableFile, whole, Message(.fileOldExcel))
            }
            return fail(.unreadableFile, whole, Message(.fileUnknownFormat, ["formats": .list(known)]))
        }
        guard !data.isEmpty else { return fail(.malformedFile, whole, Message(.fileEmpty)) }
        if format == .xlsx { return readWorkbook(data, fileName: fileName) }
        guard let text = decodeUTF8(data) else {
            return fail(.unreadableFile, whole, Message(.fileNotUTF8))
        }
        guard !text.allSatisfy(\.isWhitespace) else { return fail(.malformedFile, whole, Message(.fileBlank)) }
        switch format {
        case .json: return JSONReportReader.read(text, fileName: fileName)
        case .csv: return CSVReportReader.read(text, fileName: fileName)
        case .xlsx: return readWorkbook(data, fileName: fileName)
        }
    }

    private static func readWorkbook(_ data: Data, fileName: String) -> ReadResult {
        do {
            return XLSXReportReader.read(try WorkbookReader.read(data), fileName: fileName)
        } catch {
            let code: IssueCode = if case .notAWorkbook = error { .malformedFile } else { .unreadableFile }
            return fail(code, SourceLocation(file: fileName), error.message)
        }
    }

    /// UTF-8 with or without a byte-order mark; nil when the bytes are not UTF-8.
    static func decodeUTF8(_ data: Data) -> String? {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let body = data.starts(with: bom) ? data.dropFirst(3) : data[...]
        return String(validating: body, as: UTF8.self)
    }

    static func fail(_ code: IssueCode, _ location: SourceLocation, _ message: Message) -> ReadResult {
        ReadResult(draft: nil, issues: [ValidationIssue(.error, code, at: location, message)])
    }
}
