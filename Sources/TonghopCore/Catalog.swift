/// Everything staff configure as data: schedules, criteria templates (all versions) and the unit registry.
public struct Catalog: Sendable {
    public var schedules: [String: Schedule]
    /// Templates by id, each id's versions in the order they were loaded.
    public var templates: [String: [CriteriaTemplate]]
    public var registry: UnitRegistry

    public init(schedules: [Schedule], templates: [CriteriaTemplate], registry: UnitRegistry) {
        self.schedules = Dictionary(schedules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.templates = Dictionary(grouping: templates, by: \.id)
        self.registry = registry
    }

    public func template(_ id: String, version: String) -> CriteriaTemplate? {
        templates[id]?.first { $0.version == version }
    }
}
