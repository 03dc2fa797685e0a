/// The line on which each key and array element of a JSON text starts, and the keys written twice.
///
/// Foundation's JSON parser keeps neither line numbers nor repeated keys (the last one silently wins),
/// and a person fixing a file needs both; this single pass over the bytes recovers them.
struct JSONLineIndex {
    /// Line of each path: `unit`, `values.dc.tasks_received`, `difficulties[1]`, `difficulties[1].text`.
    private(set) var lines: [String: Int] = [:]
    /// Keys repeated within one object, with the line of the repetition.
    private(set) var duplicates: [(path: String, key: String, line: Int)] = []

    private struct Frame {
        var isObject: Bool
        var path: String
        var keys: Set<String> = []
        var currentKey: String?
        var expectingKey = true
        var index = 0
        var elementPending = true
    }

    init(_ text: String) {
        var stack: [Frame] = []
        var line = 1
        let bytes = Array(text.utf8)
        var i = 0

        func childPath(_ frame: Frame) -> String {
            if frame.isObject {
                let key = frame.currentKey ?? ""
                return frame.path.isEmpty ? key : "\(frame.path).\(key)"
            }
            return "\(frame.path)[\(frame.index)]"
        }
        /// Records the start of a value inside an array.
        func markElement() {
            guard var top = stack.last, !top.isObject, top.elementPending else { return }
            top.elementPending = false
            lines[childPath(top)] = line
            stack[stack.count - 1] = top
        }

        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
            case UInt8(ascii: "\""):
                let start = i + 1
                i += 1
                while i < bytes.count && bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\") { i += 1 } else if bytes[i] == UInt8(ascii: "\n") { line += 1 }
                    i += 1
                }
                let string = String(decoding: bytes[start..<min(i, bytes.count)], as: UTF8.self)
                if var top = stack.last, top.isObject, top.expectingKey {
                    top.expectingKey = false
                    top.currentKey = string
                    if !top.keys.insert(string).inserted { duplicates.append((top.path, string, line)) }
                    stack[stack.count - 1] = top
                    lines[childPath(top)] = line
                } else {
                    markElement()
                }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                markElement()
                let path = stack.last.map(childPath) ?? ""
                stack.append(Frame(isObject: byte == UInt8(ascii: "{"), path: path))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast()
            case UInt8(ascii: ","):
                if var top = stack.last {
                    if top.isObject { top.expectingKey = true } else { top.index += 1; top.elementPending = true }
                    stack[stack.count - 1] = top
                }
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: ":"):
                break
            default:
                markElement()
            }
            i += 1
        }
    }

    func line(_ path: String) -> Int? { lines[path] }
}
