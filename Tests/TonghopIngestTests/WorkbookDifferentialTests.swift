import Foundation
import Testing
import TonghopCore
import TonghopOffice
import TonghopTestSupport

@testable import TonghopIngest

/// Every workbook the tests hold, read by tonghop and by a second reader (openpyxl, through `scripts/xlsx-cells.py`), cell
/// by cell. A difference fails the test unless tonghop refused the file with a message saying why.
///
/// openpyxl is installed by `.ci/run`, which sets `TONGHOP_SECOND_READER=required`; on a machine without it the
/// comparison is left out (the README's `swift test` needs nothing but Swift), and the variants are still read below.
@Suite struct WorkbookDifferentialTests {
    static let secondReaderRequired = ProcessInfo.processInfo.environment["TONGHOP_SECOND_READER"] == "required"

    static let secondReaderAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import openpyxl"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// The workbooks: the sample forms (saved again by LibreOffice and openpyxl), the regression files of the fuzzer and
    /// of hostile uploads, and the variants of one form as other writers store it (`scripts/make-workbook-variants.py`).
    static var fixtures: [URL] {
        let folders = [
            Repo.samples.appendingPathComponent("forms"), Repo.root.appendingPathComponent("Tests/Regressions"),
            Repo.root.appendingPathComponent("Tests/Workbooks"),
        ]
        return folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
                .filter { $0.pathExtension == "xlsx" }.sorted { $0.path < $1.path }
        }
    }

    /// A cell as the second reader prints it: its kind and value.
    enum Cell: Equatable, CustomStringConvertible {
        case text(String)
        case number(Double)
        case bool(Bool)
        case date(String)
        case other(String)

        init(_ value: CellValue) {
            switch value {
            case .text(let s), .error(let s): self = .text(s)
            case .number(let n): self = .number(n)
            // openpyxl gives the fraction the workbook stores, as tonghop's cell holds it.
            case .percent(let f): self = .number(f)
            case .bool(let b): self = .bool(b)
            case .date(let d): self = .date(d.description)
            }
        }

        init(_ json: Any) {
            guard let pair = json as? [Any], pair.count == 2, let kind = pair[0] as? String else {
                self = .other("\(json)")
                return
            }
            switch kind {
            case "text": self = .text(pair[1] as? String ?? "")
            case "number": self = .number((pair[1] as? NSNumber)?.doubleValue ?? .nan)
            case "bool": self = .bool((pair[1] as? Bool) ?? false)
            case "date": self = .date(pair[1] as? String ?? "")
            default: self = .other("\(pair)")
            }
        }

        var description: String {
            switch self {
            case .text(let s): "text \(s.debugDescription)"
            case .number(let n): "number \(n)"
            case .bool(let b): "yes/no \(b)"
            case .date(let d): "date \(d)"
            case .other(let o): o
            }
        }
    }

    static func secondReading(_ files: [URL]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Repo.root.appendingPathComponent("scripts/xlsx-cells.py").path] + files.map(\.path)
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "scripts/xlsx-cells.py failed")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test(.enabled(if: secondReaderAvailable || secondReaderRequired))
    func everyWorkbookReadsCellByCellAsTheSecondReaderReadsItOrIsRefusedWithAReason() throws {
        let files = Self.fixtures
        #expect(files.count >= 35, "\(files.count) workbooks")
        let second = try Self.secondReading(files)
        var compared = 0
        var refused: [String] = []
        for file in files {
            let name = file.lastPathComponent
            let other = try #require(second[file.path] as? [String: Any], "\(name): no answer from the second reader")
            let data = try Data(contentsOf: file)
            let sheets: [ReadSheet]
            do {
                sheets = try WorkbookReader.read(data)
            } catch {
                // Explained: tonghop says why, in both languages.
                #expect(!error.message.text(in: .vi).isEmpty && !error.message.text(in: .en).isEmpty, "\(name)")
                refused.append(name)
                continue
            }
            guard let otherSheets = other["sheets"] as? [[String: Any]] else {
                // The second reader cannot read it (a number cell holding "INF", say): tonghop reads the cells, and must
                // then refuse the file as a report, saying where and why.
                let outcome = ReportValidator(catalog: shippedCatalog).check(data, fileName: name, receivedAt: sampleReceipt)
                #expect(
                    outcome.report == nil && outcome.errors.allSatisfy { !$0.message.vi.isEmpty },
                    "\(name): tonghop takes a file the second reader cannot read (\(other["error"] ?? ""))")
                refused.append(name)
                continue
            }
            #expect(sheets.map(\.name) == otherSheets.map { $0["name"] as? String ?? "" }, "\(name): the sheets")
            for (sheet, otherSheet) in zip(sheets, otherSheets) {
                var mine: [String: Cell] = [:]
                for (row, columns) in sheet.cells {
                    for (column, value) in columns where value != .text("") {
                        mine[CellReference.cell(column: column, row: row + 1)] = Cell(value)
                    }
                }
                let theirs = (otherSheet["cells"] as? [String: Any] ?? [:]).mapValues(Cell.init)
                for reference in Set(mine.keys).union(theirs.keys).sorted() where mine[reference] != theirs[reference] {
                    Issue.record(
                        "\(name), \(sheet.name)!\(reference): tonghop reads \(mine[reference]?.description ?? "nothing"), the second reader \(theirs[reference]?.description ?? "nothing")"
                    )
                }
                compared += mine.count
            }
        }
        // The variants that give a cell, a row or a sheet twice, and the damaged regression files, are the refused ones.
        #expect(["refused-cell-twice.xlsx", "refused-row-twice.xlsx", "refused-sheet-twice.xlsx"].allSatisfy(refused.contains))
        #expect(compared > 5_000, "\(compared) cells compared")
    }

    /// Each variant of the form is the same report as the form tonghop wrote; those that give a place twice are refused
    /// with the place named.
    @Test(arguments: [
        "libreoffice-saved", "openpyxl-saved", "date-system-1904", "namespace-prefixes", "text-in-cdata", "excel-escapes", "phonetic-hints",
        "formula-noise",
    ])
    func eachWriterOfTheFormGivesTheSameReport(variant: String) throws {
        let received = ISO8601.instant("2025-11-26T15:00:00+07:00")!
        let validator = ReportValidator(catalog: shippedCatalog)
        func report(_ name: String) throws -> CheckedReport {
            let data = try Data(contentsOf: Repo.root.appendingPathComponent("Tests/Workbooks/\(name).xlsx"))
            let outcome = validator.check(data, fileName: "\(name).xlsx", receivedAt: received)
            return try #require(outcome.report, "\(name): \(outcome.errors)")
        }
        let original = try report("tonghop-form")
        let read = try report(variant)
        #expect(original.values.count > 30 && original.topicResults.count == 5 && original.taskProgress.count == 5)
        #expect(read.values == original.values)
        #expect(read.topicResults == original.topicResults && read.results == original.results)
        #expect(read.difficulties == original.difficulties && read.recommendations == original.recommendations)
        #expect(read.taskProgress == original.taskProgress)
        #expect(read.preparedBy == original.preparedBy)
    }

    @Test func variantsThatGiveAPlaceTwiceAreRefusedWithThePlace() throws {
        let expected = [
            "refused-cell-twice": "ô Báo cáo!D12 có hai giá trị", "refused-row-twice": "trang \"Báo cáo\" có hai hàng cùng số 12",
            "refused-sheet-twice": "hai trang cùng tên \"báo cáo\"",
        ]
        for (name, words) in expected {
            let data = try Data(contentsOf: Repo.root.appendingPathComponent("Tests/Workbooks/\(name).xlsx"))
            let read = ReportReader.read(data, fileName: "\(name).xlsx")
            #expect(read.draft == nil, "\(name)")
            let issue = try #require(read.issues.first)
            #expect(issue.code == .unreadableFile && issue.message.vi.contains(words), "\(name): \(issue.message.vi)")
        }
    }
}
