import Foundation
import TonghopCore

@testable import TonghopIngest

// Shared by every harness: the shipped catalog, loaded once, and the check of one input.

/// The repository's Templates folder, found from this file's path.
public let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Templates")

public let catalog: Catalog = {
    do { return try CatalogLoader.load(directory: templates) } catch { fatalError("the fuzz harness needs the Templates folder: \(error)") }
}()

/// The instant every input is received at: within the sample weeks, so that reports reach every check.
public let receivedAt = Date(timeIntervalSince1970: 1_763_596_800)  // 2025-11-20 07:00 in Vietnam

/// Reads and checks bytes as a report file named `fileName`; any trap here is what the fuzzer looks for. What comes
/// back must name the file in every issue and never hold a control character a terminal would act on.
public func checkReport(_ bytes: UnsafeRawBufferPointer, fileName: String) {
    let outcome = ReportValidator(catalog: catalog).check(Data(bytes), fileName: fileName, receivedAt: receivedAt)
    for issue in outcome.issues {
        precondition(issue.location.file == fileName, "an issue names another file: \(issue)")
        // In both languages: each is written from the same arguments, and every blank must be filled.
        for language in Language.allCases {
            let text = issue.message.text(in: language)
            precondition(text.forbiddenControlCharacter == nil, "a message holds a control character: \(text)")
            precondition(!text.unicodeScalars.contains(where: \.isInvisible), "a message holds an invisible character: \(text)")
            precondition(text.utf8.count < 4_000, "a message of \(text.utf8.count) bytes")
            // The whole line as printed, its place included (a field's name, a sheet's, from the file).
            let line = issue.line(in: language)
            precondition(line.forbiddenControlCharacter == nil, "a printed line holds a control character: \(line)")
            precondition(line.utf8.count < 5_000, "a printed line of \(line.utf8.count) bytes")
        }
        precondition(issue.message.unfilledBlanks.isEmpty, "a message leaves blanks: \(issue.message.key)")
    }
    precondition(outcome.report == nil || !outcome.issues.contains { $0.severity == .error }, "a report with errors passed")
}

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// Runs libFuzzer over `test` with the command line's options, then exits.
///
/// Through libFuzzer's driver rather than its own `main`: SwiftPM links an executable's entry point as `main` itself.
public func runFuzzer(_ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(runDriver(&argc, &argv, test))
}

/// An input as a buffer (libFuzzer passes a null pointer for the empty input).
public func input(_ data: UnsafePointer<UInt8>?, _ size: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
}
