import Foundation
import FuzzSupport

@testable import TonghopOffice

/// The parts of a filled form, to put a mutated part among good ones: mutating the archive itself mostly breaks its
/// checksums, which would keep the fuzzer away from the XML readers behind them.
nonisolated(unsafe) let formParts: [(path: String, bytes: [UInt8])] = {
    let form = templates.deletingLastPathComponent().appendingPathComponent("SampleReports/forms/province-2025-W47-HN.xlsx")
    guard let data = FileManager.default.contents(atPath: form.path), var archive = try? SafeArchive(data) else {
        fatalError("the XLSX harness needs SampleReports/forms/province-2025-W47-HN.xlsx")
    }
    return archive.paths.compactMap { path in (try? archive.part(path)).flatMap { $0 }.map { (path, Array($0)) } }
}()

/// The parts an input's first byte may replace.
let fuzzedParts = [
    "", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
    "xl/worksheets/sheet2.xml", "[Content_Types].xml",
]

// The first byte chooses what the rest is: the whole archive (0), or one part of a good form.
runFuzzer { data, size in
    let bytes = input(data, size)
    guard let mode = bytes.first else { return 0 }
    let rest = UnsafeRawBufferPointer(rebasing: bytes.dropFirst())
    let target = fuzzedParts[Int(mode) % fuzzedParts.count]
    if target.isEmpty {
        checkReport(rest, fileName: "form.xlsx")
        return 0
    }
    var package = ZipPackage(modified: Date(timeIntervalSince1970: 1_763_596_800))
    for part in formParts { package.add(part.path, bytes: part.path == target ? Array(rest) : part.bytes) }
    guard let archive = try? package.data() else { return 0 }
    archive.withUnsafeBytes { checkReport($0, fileName: "form.xlsx") }
    return 0
}
