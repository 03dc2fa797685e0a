import CYaml
import TonghopCore

/// Reads a unit registry of the usual shape straight from libyaml's events (libyaml being the parser inside Yams).
///
/// At commune scale the registry has thousands of units, and building Yams' node tree for it (with its check for
/// repeated keys in every mapping) was the largest fixed cost of every command. This reader knows only the plain
/// shape `version:` + `units:` of mappings of text; on anything else (an unknown or repeated key, a missing field,
/// a bad date or kind, an anchor, alias or tag) it gives up and the node-based reader, whose messages name the file,
/// line and key, reads the file instead. So it changes how fast a good file is read, never what any file means.
enum RegistryEvents {
    static func read(_ text: String) -> (version: String, units: [ReportingUnit])? {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else { return nil }
        defer { yaml_parser_delete(parser) }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            var events = Events(parser: parser)
            return events.registry()
        }
    }

    private enum Token: Equatable {
        case mappingStart, mappingEnd, sequenceStart, sequenceEnd, scalar(String), documentStart, documentEnd, streamStart, streamEnd
        /// An alias, an anchor, an explicit tag or a parse error: not the plain shape.
        case unsupported
    }

    private struct Events {
        let parser: UnsafeMutablePointer<yaml_parser_t>

        mutating func next() -> Token {
            var event = yaml_event_t()
            guard yaml_parser_parse(parser, &event) == 1 else { return .unsupported }
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_STREAM_START_EVENT: return .streamStart
            case YAML_STREAM_END_EVENT: return .streamEnd
            case YAML_DOCUMENT_START_EVENT: return .documentStart
            case YAML_DOCUMENT_END_EVENT: return .documentEnd
            case YAML_MAPPING_START_EVENT:
                let m = event.data.mapping_start
                return m.anchor == nil && m.tag == nil ? .mappingStart : .unsupported
            case YAML_MAPPING_END_EVENT: return .mappingEnd
            case YAML_SEQUENCE_START_EVENT:
                let s = event.data.sequence_start
                return s.anchor == nil && s.tag == nil ? .sequenceStart : .unsupported
            case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
            case YAML_SCALAR_EVENT:
                let s = event.data.scalar
                guard s.anchor == nil, s.tag == nil else { return .unsupported }
                return .scalar(String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self))
            default: return .unsupported
            }
        }

        mutating func scalar() -> String? {
            if case .scalar(let text) = next() { text } else { nil }
        }

        mutating func registry() -> (version: String, units: [ReportingUnit])? {
            guard next() == .streamStart, next() == .documentStart, next() == .mappingStart else { return nil }
            var version: String?
            var units: [ReportingUnit]?
            while true {
                switch next() {
                case .mappingEnd:
                    guard next() == .documentEnd, next() == .streamEnd, let version, let units else { return nil }
                    return (version, units)
                case .scalar("version") where version == nil:
                    guard let text = scalar() else { return nil }
                    version = text
                case .scalar("units") where units == nil:
                    guard next() == .sequenceStart, let list = unitList() else { return nil }
                    units = list
                default:
                    return nil
                }
            }
        }

        mutating func unitList() -> [ReportingUnit]? {
            var units: [ReportingUnit] = []
            while true {
                switch next() {
                case .sequenceEnd: return units
                case .mappingStart:
                    guard let unit = unit() else { return nil }
                    units.append(unit)
                default: return nil
                }
            }
        }

        mutating func unit() -> ReportingUnit? {
            // Plain variables rather than a dictionary of fields: thousands of units make the difference.
            var code: String?, name: String?, nameEn: String?, kind: String?, validFrom: String?, validTo: String?
            var schedules: [String]?
            while true {
                switch next() {
                case .mappingEnd:
                    guard let code, let name, let kind = kind.flatMap(UnitKind.init(rawValue:)), let schedules,
                          let validFrom = validFrom.flatMap(LocalDate.init(iso:)) else { return nil }
                    var validToDate: LocalDate?
                    if let validTo {
                        guard let date = LocalDate(iso: validTo) else { return nil }
                        validToDate = date
                    }
                    return ReportingUnit(code: code, name: name, nameEn: nameEn, kind: kind, scheduleIds: schedules,
                                         validFrom: validFrom, validTo: validToDate)
                case .scalar("schedules") where schedules == nil:
                    guard next() == .sequenceStart else { return nil }
                    var list: [String] = []
                    loop: while true {
                        switch next() {
                        case .scalar(let id): list.append(id)
                        case .sequenceEnd: break loop
                        default: return nil
                        }
                    }
                    schedules = list
                case .scalar(let key):
                    guard let value = scalar() else { return nil }
                    // An unknown or repeated key is not the plain shape.
                    switch key {
                    case "code" where code == nil: code = value
                    case "name" where name == nil: name = value
                    case "nameEn" where nameEn == nil: nameEn = value
                    case "kind" where kind == nil: kind = value
                    case "validFrom" where validFrom == nil: validFrom = value
                    case "validTo" where validTo == nil: validTo = value
                    default: return nil
                    }
                default:
                    return nil
                }
            }
        }
    }
}
