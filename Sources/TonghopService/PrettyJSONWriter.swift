import Foundation
import TonghopCore
import TonghopRendering

/// JSON written straight into bytes in the form `JSONEncoder.tonghop` writes it: indented by two spaces, `"key" : value`,
/// empty containers on two lines, strings escaped as Foundation escapes them, instants in ISO 8601 (UTC, whole seconds).
///
/// For the answers written thousands of times a second, the upload's verdict above all: Foundation's encoder builds a
/// tree of the value, sorts each object's keys and looks up its containers' generic types at run time, a tenth of the
/// service's time under uploads. Whoever writes an object names its keys in the order `.sortedKeys` gives (by their
/// UTF-8 bytes); tests hold each writing to `JSONEncoder.tonghop`'s bytes. A value Foundation would refuse (a number
/// that is not finite) marks the writing `unwritable`, and the caller encodes with Foundation instead.
public struct PrettyJSONWriter {
    public private(set) var out = ByteWriter(capacity: 2048)
    /// Set when a value was met that Foundation's encoder writes otherwise, or not at all.
    public private(set) var unwritable = false
    private var depth = 0
    /// Whether the open container has no element yet: the next one comes without a comma.
    private var empty = true

    public init() {}

    /// An object, its members written by `members` (each through `key`), in sorted order.
    public mutating func object(_ members: (inout PrettyJSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        let outer = empty
        empty = true
        members(&self)
        empty = outer
        close(UInt8(ascii: "}"))
    }

    /// An array of `elements`, each written by `element`.
    public mutating func array<Elements: Sequence>(_ elements: Elements, _ element: (inout PrettyJSONWriter, Elements.Element) -> Void) {
        open(UInt8(ascii: "["))
        let outer = empty
        empty = true
        for value in elements {
            startElement()
            element(&self, value)
        }
        empty = outer
        close(UInt8(ascii: "]"))
    }

    /// A member's key; its value is written next. Keys are the types' own, which need no escaping.
    public mutating func key(_ name: StaticString) {
        startElement()
        out.byte(UInt8(ascii: "\""))
        out.raw(name)
        out.raw("\" : ")
    }

    public mutating func string(_ text: String) { out.jsonString(text, shortEscapes: true) }

    public mutating func integer(_ value: Int) { out.integer(value) }

    public mutating func bool(_ value: Bool) { value ? out.raw("true") : out.raw("false") }

    /// A number as Foundation writes a `Double`: its `description`, without a trailing ".0".
    public mutating func number(_ value: Double) {
        guard value.isFinite else {
            unwritable = true
            return
        }
        let text = value.description
        out.text(text.hasSuffix(".0") ? String(text.dropLast(2)) : text)
    }

    /// An instant as the `.iso8601` strategy writes it: its whole seconds counted as Foundation counts them, from its
    /// reference date (2001), since an instant a hair before a whole second there is that second itself once counted
    /// from 1970. Outside the years 1600–9999 Foundation's own formatter writes it: its calendar is the Julian one
    /// before 1582, which the project's dates never use.
    public mutating func instant(_ instant: Date) {
        let sinceReference = instant.timeIntervalSinceReferenceDate
        guard sinceReference.isFinite else {
            unwritable = true
            return
        }
        let seconds = sinceReference.rounded(.down) + Date.timeIntervalBetween1970AndReferenceDate
        if seconds >= -11_676_096_000, seconds < 253_402_300_800 {
            string(VietnamTime.utcISO8601(Date(timeIntervalSince1970: seconds)))
        } else {
            string(instant.formatted(.iso8601))
        }
    }

    /// A member whose value may be absent: left out when it is, as `encodeIfPresent` leaves it.
    public mutating func key<Value>(_ name: StaticString, ifPresent value: Value?, _ write: (inout PrettyJSONWriter, Value) -> Void) {
        guard let value else { return }
        key(name)
        write(&self, value)
    }

    private mutating func startElement() {
        if !empty { out.raw(",\n") }
        empty = false
        indent()
    }

    private mutating func open(_ bracket: UInt8) {
        out.byte(bracket)
        out.byte(UInt8(ascii: "\n"))
        depth += 1
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        out.byte(UInt8(ascii: "\n"))
        indent()
        out.byte(bracket)
    }

    private mutating func indent() {
        for _ in 0..<depth { out.raw("  ") }
    }
}

extension PrettyJSONWriter {
    /// A receipt as its own encoding writes it.
    public mutating func receipt(_ receipt: Receipt) {
        object { json in
            json.key("counts")
            json.bool(receipt.counts)
            json.key("lateBySeconds")
            json.number(receipt.lateBySeconds)
            json.key("onTime")
            json.bool(receipt.onTime)
            json.key("onTimeLimit")
            json.instant(receipt.onTimeLimit)
            json.key("receivedAt")
            json.instant(receipt.receivedAt)
            json.key("sha256")
            json.string(receipt.sha256)
            json.key("submissionId")
            json.integer(Int(receipt.submissionId))
            json.key("supersedes", ifPresent: receipt.supersedes) { $0.integer(Int($1)) }
            json.key("templateVersion")
            json.string(receipt.templateVersion)
            json.key("verdict")
            json.string(receipt.verdict.rawValue)
        }
    }

    /// A problem as its own encoding writes it, its message in `language`.
    public mutating func issue(_ issue: ValidationIssue, language: Language) {
        object { json in
            json.key("code")
            json.string(issue.code.rawValue)
            json.key("criterionId", ifPresent: issue.criterionId) { $0.string($1) }
            json.key("location")
            json.location(issue.location)
            json.key("message")
            json.string(issue.message.text(in: language))
            json.key("severity")
            json.string(issue.severity.rawValue)
        }
    }

    /// A place in a file as its synthesized encoding writes it.
    public mutating func location(_ location: SourceLocation) {
        object { json in
            json.key("cell", ifPresent: location.cell) { $0.string($1) }
            json.key("column", ifPresent: location.column) { $0.string($1) }
            json.key("file")
            json.string(location.file)
            json.key("line", ifPresent: location.line) { $0.integer($1) }
            json.key("path", ifPresent: location.path) { $0.string($1) }
            json.key("row", ifPresent: location.row) { $0.integer($1) }
        }
    }

    /// Problems counted by severity and code, as their synthesized encoding writes them.
    public mutating func issueCount(_ count: IssueCount) {
        object { json in
            json.key("code")
            json.string(count.code.rawValue)
            json.key("count")
            json.integer(count.count)
            json.key("severity")
            json.string(count.severity.rawValue)
        }
    }
}
