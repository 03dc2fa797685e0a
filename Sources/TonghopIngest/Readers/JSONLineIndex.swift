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
        // Frames are changed in place (never copied out and back), so their key sets are not copied.
        /// Records the start of a value inside an array.
        func markElement() {
            guard let top = stack.indices.last, !stack[top].isObject, stack[top].elementPending else { return }
            stack[top].elementPending = false
            lines[childPath(stack[top])] = line
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
                if let top = stack.indices.last, stack[top].isObject, stack[top].expectingKey {
                    let key = String(decoding: bytes[start..<min(i, bytes.count)], as: UTF8.self)
                    stack[top].expectingKey = false
                    stack[top].currentKey = key
                    if !stack[top].keys.insert(key).inserted { duplicates.append((stack[top].path, key, line)) }
                    lines[childPath(stack[top])] = line
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
                if let top = stack.indices.last {
                    if stack[top].isObject {
                        stack[top].expectingKey = true
                    } else {
                        stack[top].index += 1
                        stack[top].elementPending = true
                    }
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
