import CYaml
import TonghopCore

/// Reads the unit registry (`units.yaml`) from libyaml's events, naming the file and line of every problem.
///
/// The one reader of the registry. It reads libyaml's events through `CYaml`, the C module inside Yams, because Yams
/// offers no event API of its own and its node tree is too slow for a commune-scale registry: `tonghop init` on a
/// registry of 3,378 units took 76–89 ms reading it through `Yams.compose`, 38–41 ms through these events (release build,
/// run side by side), and every command loads the registry, the late check (100 ms at most) included. The registry is a list of flat mappings of text, so
/// the events are all it needs: every value is read as text (no YAML type guessing), anchors and aliases of values and
/// lists are followed, and anything else is a problem with its line.
enum RegistryReader {
    static let rootKeys = ["units", "version"]
    static let unitKeys = ["code", "kind", "name", "nameEn", "schedules", "validFrom", "validTo", "mail"]

    /// The registry's version and units, or every problem found (file, line, key), as `CatalogLoader` reports them.
    static func read(_ text: String, file: String) -> Result<(version: String, units: [ReportingUnit]), CatalogError> {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else { return .failure(CatalogError(["\(file): the YAML parser could not start"])) }
        defer { yaml_parser_delete(parser) }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            var reader = Events(parser: parser, file: file)
            let result = reader.registry()
            guard reader.problems.isEmpty, let result else {
                return .failure(CatalogError(reader.problems.isEmpty ? ["\(file): not a unit registry"] : reader.problems))
            }
            return .success(result)
        }
    }

    /// One event, as far as the registry cares.
    private enum Event: Equatable {
        case mappingStart, mappingEnd, sequenceStart, sequenceEnd
        case scalar(String)
        case alias(String)
        case documentStart, documentEnd, streamStart, streamEnd
        /// The parser stopped: the file is not YAML.
        case broken
    }

    /// A value as the registry reads it: a text or a list of texts.
    private enum Value {
        case text(String)
        case list([String])
    }

    private struct Events {
        let parser: UnsafeMutablePointer<yaml_parser_t>
        let file: String
        var problems: [String] = []
        /// The line (1-based) of the last event read.
        var line = 1
        /// The anchor of the last event read, if any.
        var anchor: String?
        /// Values and lists anchored so far, for the aliases that follow.
        var anchored: [String: Value] = [:]

        mutating func next() -> Event {
            var event = yaml_event_t()
            guard yaml_parser_parse(parser, &event) == 1 else {
                let problem = parser.pointee.problem.map { String(cString: $0) } ?? "unreadable"
                problems.append("\(file), line \(parser.pointee.problem_mark.line + 1): not valid YAML: \(problem)")
                return .broken
            }
            defer { yaml_event_delete(&event) }
            line = event.start_mark.line + 1
            anchor = nil
            func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? { pointer.map { String(cString: $0) } }
            switch event.type {
            case YAML_STREAM_START_EVENT: return .streamStart
            case YAML_STREAM_END_EVENT: return .streamEnd
            case YAML_DOCUMENT_START_EVENT: return .documentStart
            case YAML_DOCUMENT_END_EVENT: return .documentEnd
            case YAML_MAPPING_START_EVENT:
                anchor = text(event.data.mapping_start.anchor)
                return .mappingStart
            case YAML_MAPPING_END_EVENT: return .mappingEnd
            case YAML_SEQUENCE_START_EVENT:
                anchor = text(event.data.sequence_start.anchor)
                return .sequenceStart
            case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                anchor = text(scalar.anchor)
                return .scalar(String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self))
            case YAML_ALIAS_EVENT: return .alias(text(event.data.alias.anchor) ?? "")
            default: return .broken
            }
        }

        mutating func problem(_ text: String, line: Int? = nil) {
            problems.append("\(file), line \(line ?? self.line): \(text)")
        }

        /// Skips a value the registry does not use (after its key was reported), keeping the events in step.
        mutating func skip(_ first: Event) {
            var depth = first == .mappingStart || first == .sequenceStart ? 1 : 0
            while depth > 0 {
                switch next() {
                case .mappingStart, .sequenceStart: depth += 1
                case .mappingEnd, .sequenceEnd: depth -= 1
                case .broken, .streamEnd: return
                default: break
                }
            }
        }

        /// A value that is text or a list of texts, following aliases and remembering anchors.
        mutating func value(_ first: Event, key: String) -> Value? {
            let anchor = self.anchor
            let result: Value?
            switch first {
            case .scalar(let text): result = .text(text)
            case .alias(let name):
                result = anchored[name]
                if result == nil { problem("`\(key)` refers to *\(name), which no earlier value anchors as &\(name)") }
            case .sequenceStart:
                var list: [String] = []
                var ok = true
                loop: while true {
                    switch next() {
                    case .sequenceEnd: break loop
                    case .scalar(let text): list.append(text)
                    case .alias(let name):
                        if case .text(let text)? = anchored[name] { list.append(text) } else { ok = false }
                    case .broken: return nil
                    case let other:
                        ok = false
                        skip(other)
                    }
                }
                if !ok { problem("`\(key)` must be a list of texts") }
                result = ok ? .list(list) : nil
            default:
                problem("`\(key)` must be text")
                skip(first)
                result = nil
            }
            if let anchor, let result { anchored[anchor] = result }
            return result
        }

        mutating func registry() -> (version: String, units: [ReportingUnit])? {
            guard next() == .streamStart else { return nil }
            let start = next()
            if start == .streamEnd {
                problems.append("\(file): the file is empty")
                return nil
            }
            guard start == .documentStart else { return nil }
            guard next() == .mappingStart else {
                problem("the registry must be a mapping with `version` and `units`")
                return nil
            }
            var version: String?
            var units: [ReportingUnit]?
            var seen: Set<String> = []
            while true {
                let event = next()
                switch event {
                case .mappingEnd:
                    guard next() == .documentEnd else {
                        problem("the registry must hold one document")
                        return nil
                    }
                    if version == nil { problems.append("\(file): missing key `version`") }
                    if units == nil { problems.append("\(file): missing key `units`") }
                    guard let version, let units else { return nil }
                    return (version, units)
                case .scalar(let key):
                    let keyLine = line
                    guard Self.isNew(key, in: &seen) else {
                        problem("the key `\(key)` is given twice", line: keyLine)
                        skip(next())
                        continue
                    }
                    switch key {
                    case "version":
                        if case .text(let text)? = value(next(), key: key) { version = text }
                    case "units":
                        let list = next()
                        guard list == .sequenceStart else {
                            problem("`units` must be a list of units")
                            skip(list)
                            continue
                        }
                        units = unitList()
                    default:
                        problem(
                            "unknown key `\(key)` at the top level; expected one of: \(RegistryReader.rootKeys.joined(separator: ", "))",
                            line: keyLine)
                        skip(next())
                    }
                case .broken:
                    return nil
                default:
                    problem("the registry's keys must be plain text")
                    return nil
                }
            }
        }

        static func isNew(_ key: String, in seen: inout Set<String>) -> Bool { seen.insert(key).inserted }

        mutating func unitList() -> [ReportingUnit]? {
            var units: [ReportingUnit] = []
            while true {
                let event = next()
                switch event {
                case .sequenceEnd: return units
                case .mappingStart:
                    if let unit = unit() { units.append(unit) }
                case .broken: return nil
                default:
                    problem("each entry of `units` must be a unit: code, name, kind, schedules, validFrom")
                    skip(event)
                }
            }
        }

        /// One unit; its problems are reported, and nil returned, when it cannot be read.
        mutating func unit() -> ReportingUnit? {
            let unitLine = line
            // Plain variables rather than a dictionary of fields: thousands of units make the difference.
            var code: String?, name: String?, nameEn: String?, kind: String?, validFrom: String?, validTo: String?
            var schedules: [String]?
            var mail: [String] = []
            // Which of `unitKeys` were given, as bits: thousands of units, each a set of its own, cost a fifth of the read.
            var seen: UInt8 = 0
            var ok = true
            while true {
                let event = next()
                guard case .scalar(let key) = event else {
                    if event == .mappingEnd { break }
                    if event == .broken { return nil }
                    problem("a unit's keys must be plain text")
                    skip(event)
                    ok = false
                    continue
                }
                let keyLine = line
                guard let index = RegistryReader.unitKeys.firstIndex(of: key) else {
                    problem("unknown key `\(key)` in units[]; expected one of: \(RegistryReader.unitKeys.joined(separator: ", "))", line: keyLine)
                    skip(next())
                    ok = false
                    continue
                }
                guard seen & (1 << index) == 0 else {
                    problem("the key `\(key)` is given twice in this unit", line: keyLine)
                    skip(next())
                    ok = false
                    continue
                }
                seen |= 1 << index
                let value = value(next(), key: key)
                if key == "schedules" {
                    switch value {
                    case .list(let list)?: schedules = list
                    case .text?:
                        problem("`schedules` must be a list, e.g. [province-weekly, monthly]", line: keyLine)
                        ok = false
                    case nil: ok = false
                    }
                    continue
                }
                if key == "mail" {
                    // One address or a list; each checked, so that a typo is found when the file is loaded, not when a
                    // reminder bounces.
                    let addresses: [String]
                    switch value {
                    case .list(let list)?: addresses = list
                    case .text(let text)?: addresses = [text]
                    case nil:
                        ok = false
                        continue
                    }
                    for address in addresses {
                        guard let checked = MailAddress(address) else {
                            problem("`mail` must be mail addresses such as vanphong@hanoi.gov.vn, found \(address.quotedForMessage())", line: keyLine)
                            ok = false
                            continue
                        }
                        mail.append(checked.text)
                    }
                    continue
                }
                guard case .text(let text)? = value else {
                    if value != nil { problem("`\(key)` must be text", line: keyLine) }
                    ok = false
                    continue
                }
                switch key {
                case "code": code = text
                case "name": name = text
                case "nameEn": nameEn = text
                case "kind": kind = text
                case "validFrom": validFrom = text
                default: validTo = text
                }
            }
            let missing = ["code", "name", "kind", "schedules", "validFrom"].filter { seen & (1 << RegistryReader.unitKeys.firstIndex(of: $0)!) == 0 }
            if !missing.isEmpty {
                problem("a unit needs \(missing.joined(separator: ", "))", line: unitLine)
                return nil
            }
            let unitKind = kind.flatMap(UnitKind.init(rawValue:))
            if unitKind == nil, let kind {
                problem(
                    "kind must be one of \(UnitKind.allCases.map(\.rawValue).joined(separator: ", ")), found \(kind.quotedForMessage())",
                    line: unitLine)
            }
            func date(_ text: String?, _ key: String) -> LocalDate? {
                guard let text else { return nil }
                guard let date = LocalDate(iso: text) else {
                    problem("`\(key)` must be a date YYYY-MM-DD, found \(text.quotedForMessage())", line: unitLine)
                    return nil
                }
                return date
            }
            let from = date(validFrom, "validFrom")
            let to = date(validTo, "validTo")
            guard ok, let code, let name, let unitKind, let schedules, let from, validTo == nil || to != nil else { return nil }
            return ReportingUnit(
                code: code, name: name, nameEn: nameEn, kind: unitKind, scheduleIds: schedules, validFrom: from, validTo: to, mail: mail)
        }
    }
}
