/// Text being written straight into bytes: the one writer under the JSON, CSV and sheet writers and the ZIP package.
///
/// A value of its own rather than a class's property, so that appending to it needs none of the run-time exclusivity
/// checks a class's property pays (a quarter of the time of writing half a million strings), and inlinable, so that the
/// writers' hot loops in other modules are specialized rather than calling through for each byte.
public struct ByteWriter: Sendable {
    public var bytes: [UInt8]

    @inlinable
    public init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// A literal, copied whole.
    @inlinable
    public mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A text's UTF-8 bytes, copied whole.
    @inlinable
    public mutating func text(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    @inlinable
    public mutating func byte(_ byte: UInt8) { bytes.append(byte) }

    /// A whole number in decimal, written without making a String.
    @inlinable
    public mutating func integer(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // Digits written backwards into a buffer on the stack, then appended in one copy.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// A number as `NumberText` writes it, whole numbers without making a String.
    @inlinable
    public mutating func number(_ value: Double) {
        if value == value.rounded() && abs(value) < 1e15 { integer(Int(value)) } else { text(NumberText.text(value)) }
    }

    /// A 16-bit and a 32-bit number, little-endian (the fields of a ZIP archive).
    @inlinable
    public mutating func uint16LE(_ value: UInt16) {
        bytes.append(UInt8(value & 0xFF))
        bytes.append(UInt8(value >> 8))
    }

    @inlinable
    public mutating func uint32LE(_ value: UInt32) {
        uint16LE(UInt16(value & 0xFFFF))
        uint16LE(UInt16(value >> 16))
    }
}

/// Where a document's bytes go as they are written, piece by piece: a file, standard output or memory. A large document
/// (a commune-scale synthesis) is then never whole in memory.
public typealias ByteOutput = (UnsafeRawBufferPointer) throws -> Void

extension ByteWriter {
    /// Hands the bytes written so far to `output` and starts again, keeping the room already made.
    @inlinable
    public mutating func flush(to output: ByteOutput) throws {
        guard !bytes.isEmpty else { return }
        try bytes.withUnsafeBytes(output)
        bytes.removeAll(keepingCapacity: true)
    }
}
