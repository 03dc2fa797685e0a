import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// The elements transformed on all cores at once, in their original order.
    public func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        // Deinitialized before it is freed: the results it holds are released (AddressSanitizer found them leaked, every
        // synthesis the service made kept its arrays for ever).
        defer {
            slots.deinitialize()
            slots.deallocate()
        }
        // Each iteration writes only its own slot, so the writes never overlap.
        nonisolated(unsafe) let shared = slots
        withoutActuallyEscaping(transform) { transform in
            DispatchQueue.concurrentPerform(iterations: count) { i in shared[i] = transform(self[i]) }
        }
        return slots.map { $0! }
    }
}

/// How many pieces of a document are held at a time, each made on a core of its own, before they are handed on: the
/// cores there are, but no more than four, so that what is held does not grow with the server's cores (a commune-scale
/// synthesis' values are cut into 32 pieces).
public let piecesWrittenAtOnce = min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 4)

/// Writes `count` rows of a document to `output` in at most 32 pieces of at least `minimum` rows, `rows` making each
/// piece's bytes on all cores, each handed on in order on the calling thread, no more than `piecesWrittenAtOnce` held at a
/// time (the one being handed on among them): a commune-scale document's rows are never held whole. The first error
/// `rows` throws, in order, stops the writing.
///
/// A line rather than rounds: made a round at a time and then handed on, the cores that had made the round's other
/// pieces waited while the calling thread handed them on (a JSON synthesis' 28 MB written to its file, a workbook's
/// sheets deflated), so other threads make the next pieces while it does, and it makes one itself when it has none to
/// hand on. `output` stays on the calling thread: it may be called only there (a part's deflater), and a thread making
/// pieces inside `concurrentPerform` would have the deflater's own `concurrentMap` run on that one thread alone.
public func writeRowsInPieces(
    count: Int, minimum: Int, to output: ByteOutput, _ rows: @escaping @Sendable (Range<Int>) throws -> [UInt8]
) throws {
    let pieces = chunks(of: count, parts: 32, minimum: minimum)
    let line = PieceLine(count: pieces.count, held: piecesWrittenAtOnce) { index in Result { try rows(pieces[index]) } }
    for _ in 0..<max(0, min(piecesWrittenAtOnce, pieces.count) - 1) {
        DispatchQueue.global().async { line.help() }
    }
    // Stopped whatever happens here, once the pieces being made are made: a helper that has not started by then (the
    // service's pool busy with other requests) finds the line stopped and does nothing, and is not waited for.
    defer { line.stop() }
    for index in pieces.indices {
        try line.piece(index).get().withUnsafeBytes(output)
        line.handedOn(index)
    }
}

/// What `writeRowsInPieces`' threads share: which piece is made next, which are handed on, the pieces made and not yet
/// handed on.
private final class PieceLine: @unchecked Sendable {
    private let count: Int
    private let held: Int
    private let condition = NSCondition()
    // Everything below is read and written with `condition` locked.
    /// How a piece is made; let go of when the line stops, so that a helper starting later holds nothing of the document.
    private var make: (@Sendable (Int) -> Result<[UInt8], any Error>)?
    private var made: [Int: Result<[UInt8], any Error>] = [:]
    private var nextToMake = 0
    private var handedOnBefore = 0
    /// Pieces being made now.
    private var making = 0
    private var stopped = false

    init(count: Int, held: Int, make: @escaping @Sendable (Int) -> Result<[UInt8], any Error>) {
        self.count = count
        self.held = max(held, 1)
        self.make = make
    }

    /// A helper's share: makes the next piece while fewer than `held` are made, being made or being handed on; waits
    /// otherwise, until every piece is taken or the line stops.
    func help() {
        condition.lock()
        defer { condition.unlock() }
        while !stopped && nextToMake < count {
            if !makeNext() { condition.wait() }
        }
    }

    /// Piece `index`, once made (by the calling thread itself when it may make the next piece and `index` is not made).
    func piece(_ index: Int) -> Result<[UInt8], any Error> {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let piece = made.removeValue(forKey: index) { return piece }
            if !makeNext() { condition.wait() }
        }
    }

    /// Piece `index` handed on: the next may be made.
    func handedOn(_ index: Int) {
        condition.lock()
        handedOnBefore = index + 1
        condition.broadcast()
        condition.unlock()
    }

    /// No more pieces to be made: returns once those being made are, and lets go of everything the line holds.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while making > 0 { condition.wait() }
        make = nil
        made = [:]
        condition.unlock()
    }

    /// Makes the next piece, unlocked while it is made, if the line has room for it; whether it did.
    private func makeNext() -> Bool {
        guard !stopped, let make, nextToMake < count && nextToMake < handedOnBefore + held else { return false }
        let index = nextToMake
        nextToMake += 1
        making += 1
        condition.unlock()
        let piece = make(index)
        condition.lock()
        making -= 1
        if !stopped { made[index] = piece }
        condition.broadcast()
        return true
    }
}

/// `0..<count` cut into at most `parts` ranges in order, each of at least `minimum` (the last may be shorter): the
/// pieces of a long loop to hand to `concurrentMap`.
public func chunks(of count: Int, parts: Int, minimum: Int = 1) -> [Range<Int>] {
    let size = max(minimum, (count + parts - 1) / max(parts, 1), 1)
    return stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
}

extension Array where Element: Sendable {
    /// Each element written by `text`, in chunks on all cores, and the texts joined in order: the rows of a table or
    /// the receipts of a week, thousands of small texts.
    public func concurrentJoined(_ text: @Sendable (Element) -> String) -> String {
        chunks(of: count, parts: 8).concurrentMap { range in self[range].map(text).joined() }.joined()
    }

    /// Each element written by `write` into its chunk's bytes, in chunks on all cores, and the chunks' bytes joined in
    /// order: the rows of a worded synthesis, each written where it goes rather than made a string of its own first
    /// (3,300 rows and 16,000 results a commune-scale week, 170,000 appends to Swift strings at some 400 instructions
    /// each, against a copy of bytes). Bytes, not a String: making one checks every byte again, and these are written
    /// out as bytes.
    public func concurrentlyWritten(_ write: @Sendable (Element, inout ByteWriter) -> Void) -> [UInt8] {
        let written = chunks(of: count, parts: 8).concurrentMap { range in
            var writer = ByteWriter(capacity: 1 << 16)
            for element in self[range] { write(element, &writer) }
            return writer.bytes
        }
        // Chunk by chunk: joined as a flattened sequence, the bytes were copied one at a time.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(written.reduce(0) { $0 + $1.count })
        for chunk in written { bytes.append(contentsOf: chunk) }
        return bytes
    }
}

/// Runs independent pieces of work on all cores at once and returns their results, in the order given.
///
/// For work that is neither a loop over one collection nor worth tasks: the parts of a synthesis, each a few
/// milliseconds, that a command-line call computes once. The cores take the pieces in the order given, each the next
/// one when it is free: the longest first keeps them busy to the end. The first piece (in that order) that throws
/// decides the error. A piece's own `concurrentMap` gets only the cores left over from the pieces (libdispatch shares a
/// nested `dispatch_apply`'s width among the outer one's): with as many pieces as cores, it runs one iteration after
/// another. Work that spreads itself over the cores is started beside these, not as one of them.
public func concurrently<each T: Sendable>(_ work: repeat @escaping @Sendable () throws -> each T) throws -> (repeat each T) {
    var pieces: [@Sendable () throws -> any Sendable] = []
    for piece in repeat each work { pieces.append(piece) }
    let results = pieces.concurrentMap { piece in Result<any Sendable, any Error> { try piece() } }
    var next = 0
    // Each result is its own piece's, taken in the same order: the casts cannot fail.
    func take<Value>(_: Value.Type) throws -> Value {
        defer { next += 1 }
        return try results[next].get() as! Value
    }
    return (repeat try take((each T).self))
}

/// Work started on another thread at once, its result waited for where it is needed: what can be done beside the
/// calling thread's own work (the next batch of files checked while one is stored, the output templates parsed while a
/// synthesis is made).
public final class Background<Value: Sendable>: @unchecked Sendable {
    private let group = DispatchGroup()
    // Written once by the work before the group leaves; read only after `wait`.
    private var result: Result<Value, any Error>?

    public init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global().async(group: group) { [self] in result = Result { try work() } }
    }

    /// The work's result, or what it threw, once it is done.
    public func wait() throws -> Value {
        group.wait()
        return try result!.get()
    }
}

/// Lets go of `value` on another thread: a value of many small parts is freed part by part by the thread that lets go of
/// it last, and a thread whose time is what matters (a submit's storing thread) should not be that one.
public func letGoOnAnotherThread<Value: Sendable>(_ value: consuming Value) {
    let held = Held(value)
    DispatchQueue.global().async { held.value = nil }
}

/// What `letGoOnAnotherThread` hands over: emptied on the other thread, so that whoever lets go of the box last frees
/// nothing but the box.
private final class Held<Value>: @unchecked Sendable {
    // Set once here and emptied once there: never read.
    var value: Value?

    init(_ value: consuming Value) { self.value = value }
}
