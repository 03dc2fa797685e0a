import Foundation
import Testing
import TonghopCore

/// Numbers and texts read from files: one strict grammar, and what a message may quote.
@Suite struct TextTests {
    @Test func decimalsFollowOneStrictGrammar() {
        #expect(NumberText.decimal("12") == 12 && NumberText.decimal("-3.25") == -3.25 && NumberText.decimal("0.5") == 0.5)
        for bad in ["", "-", "+1", "1.", ".5", "1,5", "NaN", "nan", "inf", "Infinity", "0x1p3", "1e5", " 1", "1 ", "1..2", "--1", "١"] {
            #expect(NumberText.decimal(bad) == nil, "\(bad)")
        }
        #expect(NumberText.decimal("1.5E-3", exponent: true) == 0.0015 && NumberText.decimal("2e+2", exponent: true) == 200)
        for bad in ["1e", "1e+", "e5", "1e999", "-1e400"] { #expect(NumberText.decimal(bad, exponent: true) == nil, "\(bad)") }
        #expect(NumberText.decimal(String(repeating: "9", count: 400)) == nil, "too large to be finite")
    }

    @Test func digitsRefuseSignsAndOverflow() {
        #expect(NumberText.digits("0042") == 42 && NumberText.digits("9223372036854775807") == Int.max)
        for bad in ["", "+1", "-1", "9223372036854775808", "99999999999999999999", "1 ", "٣"] { #expect(NumberText.digits(bad) == nil, "\(bad)") }
    }

    @Test func percentagesAndFractionsConvertWithoutTheLastBitsError() {
        #expect(NumberText.percent(fromFraction: 0.934) == 93.4 && NumberText.percent(fromFraction: 0.93400000000000005) == 93.4)
        #expect(NumberText.percent(fromFraction: 0.07) == 7 && NumberText.fraction(fromPercent: 93.4) == 0.934)
        #expect(NumberText.fraction(fromPercent: 7) == 0.07 && NumberText.percent(fromFraction: NumberText.fraction(fromPercent: 33.33)) == 33.33)
    }

    @Test func controlCharactersOtherThanTabAndLineBreaksAreFound() {
        #expect("Hà Nội\tngày 1\r\ndòng 2".forbiddenControlCharacter == nil)
        #expect("a\u{0}b".forbiddenControlCharacter == "\u{0}" && "\u{1B}[31m".forbiddenControlCharacter == "\u{1B}")
        #expect(
            "x\u{7F}".forbiddenControlCharacter == "\u{7F}" && "x\u{85}y".forbiddenControlCharacter == "\u{85}"
                && "\u{9F}".forbiddenControlCharacter == "\u{9F}")
        // Vietnamese letters whose UTF-8 has 0xC2 or bytes 0x80–0x9F are not controls.
        #expect("Â ơ ư đ ề ộ ¡ ©".forbiddenControlCharacter == nil)
        #expect("tệp\u{1B}.json".withoutControlCharacters == "tệp\u{FFFD}.json")
        // Printable ASCII, and Vietnamese letters whichever way their marks are written, are left as they are.
        #expect("values.dc.tasks_received ~!".withoutControlCharacters == "values.dc.tasks_received ~!")
        #expect("Báo cáo tuần Hà Nội ỹ".withoutControlCharacters == "Báo cáo tuần Hà Nội ỹ")
        let decomposed = "Ha\u{0300} N\u{00F4}\u{0323}i"
        #expect(decomposed.withoutControlCharacters.unicodeScalars.elementsEqual(decomposed.unicodeScalars))
        // Invisible characters among Vietnamese letters and after plain ones are still named.
        #expect("Hà\u{00A0}Nội\u{200B}".withoutControlCharacters == "HàU+00A0NộiU+200B" && "ab\u{AD}".withoutControlCharacters == "abU+00AD")
    }

    @Test func messagesQuoteFileTextSafelyAndShortly() {
        #expect("HN".quotedForMessage() == "\"HN\"")
        #expect("a\u{1B}[2Jb\n".quotedForMessage() == "\"aU+001B[2JbU+000A\"")
        let long = String(repeating: "x", count: 300_000).quotedForMessage()
        #expect(long.count == 83 && long.hasSuffix("…\""))
    }

    @Test func sizesReadLikePeople() {
        #expect(sizeForPeople(10 * 1024 * 1024) == "10 MiB" && sizeForPeople(11 * 1024 * 1024 + 512 * 1024) == "11.5 MiB")
        #expect(sizeForPeople(512 * 1024) == "512 KiB" && sizeForPeople(100) == "100 bytes")
    }
}

/// Work spread over the cores gives back what it made, and frees it afterwards.
@Suite struct ConcurrencyTests {
    final class Tracked: Sendable {
        static let freed = Counter()
        deinit { Self.freed.add() }
    }

    final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func add() { lock.withLock { value += 1 } }
        var count: Int { lock.withLock { value } }
    }

    struct Refused: Error, Equatable { var piece: Int }

    /// Pieces of different types come back each in its place, however many there are; the first that throws, in the
    /// order given, is the error.
    @Test func concurrentlyReturnsEachPieceInItsPlaceAndTheFirstError() throws {
        let (a, b, c, d, e) = try concurrently({ 1 }, { "hai" }, { [3.5] }, { (4, "bốn") }, { Set([5]) })
        #expect(a == 1 && b == "hai" && c == [3.5] && d == (4, "bốn") && e == [5])
        let single = try concurrently({ "một" })
        #expect(single == "một")
        #expect(throws: Refused(piece: 2)) {
            _ = try concurrently({ 1 }, { () throws -> Int in throw Refused(piece: 2) }, { () throws -> Int in throw Refused(piece: 3) })
        }
    }

    @Test func concurrentMapKeepsOrderAndReleasesItsResults() {
        let before = Tracked.freed.count
        do {
            let made = Array(0..<1_000).concurrentMap { _ in Tracked() }
            #expect(made.count == 1_000)
            #expect(Array(0..<100).concurrentMap { $0 * 2 } == Array(0..<100).map { $0 * 2 })
        }
        // Every object is freed once the array holding it is gone (the slots were once freed without releasing them).
        #expect(Tracked.freed.count - before == 1_000)
    }

    /// What is let go on another thread is freed there, whole, and not by the thread that let go of it.
    @Test func whatIsLetGoOnAnotherThreadIsFreedThere() {
        final class Threads: @unchecked Sendable {
            private var list: [pthread_t] = []
            private let lock = NSLock()
            let all = DispatchSemaphore(value: 0)
            func add(_ thread: pthread_t) {
                let count = lock.withLock {
                    list.append(thread)
                    return list.count
                }
                if count == 256 { all.signal() }
            }
            var recorded: [pthread_t] { lock.withLock { list } }
        }
        final class Freed: Sendable {
            let threads: Threads
            init(_ threads: Threads) { self.threads = threads }
            deinit { threads.add(pthread_self()) }
        }
        let threads = Threads()
        let batch = (0..<256).map { _ in Freed(threads) }
        letGoOnAnotherThread(consume batch)
        #expect(threads.all.wait(timeout: .now() + 10) == .success)
        let caller = pthread_self()
        #expect(threads.recorded.count == 256 && threads.recorded.allSatisfy { pthread_equal($0, caller) == 0 })
    }

    /// A document's rows written in pieces made on other threads come out whole and in order, all on the calling thread,
    /// with no more pieces held at once than `piecesWrittenAtOnce`; the first piece that fails, in order, stops the writing
    /// after the pieces before it, and a failing output stops it too.
    @Test func rowsWrittenInPiecesComeOutInOrderOnTheCallingThread() throws {
        final class Line: @unchecked Sendable {
            private let lock = NSLock()
            private var started = 0
            private(set) var bytes: [UInt8] = []
            private(set) var pieces = 0
            private(set) var mostHeld = 0
            func start() {
                lock.withLock {
                    started += 1
                    mostHeld = max(mostHeld, started - pieces)
                }
            }
            func handOn(_ piece: UnsafeRawBufferPointer) {
                lock.withLock {
                    bytes += piece
                    pieces += 1
                }
            }
        }
        let caller = pthread_self()
        @Sendable func rows(_ range: Range<Int>) -> [UInt8] { range.flatMap { [UInt8(truncatingIfNeeded: $0), 0x2C] } }
        @discardableResult
        func write(_ line: Line, count: Int, failing: Set<Int> = [], outputFailsAt: Int? = nil) throws -> Line {
            let output: ByteOutput = { piece in
                #expect(pthread_equal(pthread_self(), caller) != 0)
                if line.pieces == outputFailsAt { throw Refused(piece: -1) }
                line.handOn(piece)
            }
            try writeRowsInPieces(count: count, minimum: 3, to: output) { range in
                line.start()
                // Pieces finish out of order: the later ones of each forty rows sooner.
                usleep(UInt32(100 * (40 - range.lowerBound % 40)))
                if let failed = failing.sorted().first(where: range.contains) { throw Refused(piece: failed) }
                return rows(range)
            }
            return line
        }
        let whole = try write(Line(), count: 1_000)
        #expect(whole.bytes == rows(0..<1_000) && whole.pieces == 32)
        #expect(whole.mostHeld <= piecesWrittenAtOnce)
        #expect(try write(Line(), count: 0).bytes.isEmpty)
        #expect(try write(Line(), count: 2).bytes == rows(0..<2))
        // Rows 500 and 700 both fail: the first in order is the error, and the pieces before its piece, and only they,
        // are written (pieces of 32 rows: 500 is in the sixteenth).
        let failed = Line()
        #expect(throws: Refused(piece: 500)) { try write(failed, count: 1_000, failing: [700, 500]) }
        #expect(failed.bytes == rows(0..<480))
        let refusedOutput = Line()
        #expect(throws: Refused(piece: -1)) { try write(refusedOutput, count: 1_000, outputFailsAt: 5) }
        #expect(refusedOutput.bytes == rows(0..<160))
    }

    /// With every thread of the shared pool busy (the service answering other requests), the calling thread writes the
    /// document alone and returns: it never waits for a helper that has not started.
    @Test func rowsWrittenInPiecesDoNotWaitForHelpersThatNeverStarted() throws {
        let release = DispatchSemaphore(value: 0)
        let blockers = 4 * ProcessInfo.processInfo.activeProcessorCount + 8
        for _ in 0..<blockers {
            DispatchQueue.global().async { _ = release.wait(timeout: .now() + 10) }
        }
        defer { for _ in 0..<blockers { release.signal() } }
        let start = DispatchTime.now()
        var bytes: [UInt8] = []
        let output: ByteOutput = { bytes += $0 }
        try writeRowsInPieces(count: 1_000, minimum: 3, to: output) { range in range.map { UInt8(truncatingIfNeeded: $0) } }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        #expect(bytes == (0..<1_000).map { UInt8(truncatingIfNeeded: $0) })
        #expect(seconds < 3, "took \(seconds) s")
    }

    /// A quotation and a name stay short and on their line, however the file builds its characters.
    @Test func quotationsAndNamesAreBoundedAndKeepToTheirLine() {
        // One character stacking 100,000 accents: cut by its code points, not counted as one.
        let stacked = "H" + String(repeating: "\u{0301}", count: 100_000)
        #expect(stacked.quotedForMessage().unicodeScalars.count < 400)
        #expect(stacked.cut(toScalars: 64).unicodeScalars.count == 65)
        #expect("Hà Nội".cut(toScalars: 6) == "Hà Nội" && "Hà Nội".cut(toScalars: 5) == "Hà Nộ…" && "HN".cut(toScalars: 2) == "HN")
        // A name from a file cannot add a line to what is printed.
        #expect("báo cáo\ntuần\r\t.json".withoutControlCharacters == "báo cáoU+000AtuầnU+000DU+0009.json")
        let place = SourceLocation(file: "f.xlsx", cell: String(repeating: "x", count: 500) + "\n!D14", path: "a\nb")
        #expect(place.cell?.hasSuffix("…!D14") == true && place.path == "aU+000Ab")
    }
}
