/// Everything staff configure as data: schedules, criteria templates (all versions), the unit registry and the tasks the
/// directives assign.
public struct Catalog: Sendable {
    public var schedules: [String: Schedule]
    /// The schedules' ids in the order `schedules.yaml` lists them; the first is the default one (the provinces' week),
    /// where a command or a page is not told which.
    public var scheduleOrder: [String]
    /// Templates by id, each id's versions in the order they were loaded.
    public var templates: [String: [CriteriaTemplate]]
    public var registry: UnitRegistry
    public var tasks: TaskRegister

    public init(schedules: [Schedule], templates: [CriteriaTemplate], registry: UnitRegistry, tasks: TaskRegister = TaskRegister()) {
        self.schedules = Dictionary(schedules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.scheduleOrder = schedules.map(\.id)
        self.templates = Dictionary(grouping: templates, by: \.id)
        self.registry = registry
        self.tasks = tasks
    }

    /// A schedule as people name it ("Báo cáo tuần của tỉnh, …"), or its id when there is no such schedule.
    public func scheduleName(_ id: String) -> MessageArgument {
        schedules[id].map { .localized($0.name) } ?? .text(id)
    }

    /// Schedules as people name them, run together.
    public func scheduleNames(_ ids: [String]) -> MessageArgument {
        let names = ids.map { id in schedules[id]?.name ?? LocalizedText(vi: id, en: id) }
        return .localized(vi: Language.vi.list(names.map { "“\($0.vi)”" }), en: Language.en.list(names.map(\.en)))
    }

    /// The default schedule: the first `schedules.yaml` lists.
    public var defaultScheduleId: String { scheduleOrder.first ?? "" }

    /// The schedule a period key's form implies: the default one if the key is one of its periods ("2025-W47" for the
    /// provinces' week), else the first listed whose periods it names ("2025-11" for the month).
    public func scheduleImplied(by periodKey: String) -> Schedule? {
        let ordered = scheduleOrder.compactMap { schedules[$0] }
        return ordered.first { (try? $0.period(forKey: periodKey).get()) != nil }
    }

    public func template(_ id: String, version: String) -> CriteriaTemplate? {
        templates[id]?.first { $0.version == version }
    }

    /// The newest version of the template whose reports follow `scheduleId`: the one a synthesis lays out.
    public func latestTemplate(forSchedule scheduleId: String) -> CriteriaTemplate? {
        templates.values.joined().filter { $0.scheduleId == scheduleId }.max { Self.isOlder($0.version, than: $1.version) }
    }

    /// The newest version of the template `id`, nil when there is no such template.
    public func newestTemplate(_ id: String) -> CriteriaTemplate? {
        templates[id]?.max { Self.isOlder($0.version, than: $1.version) }
    }

    /// Compares versions number by number, so that 1.10 is newer than 1.9.
    public static func isOlder(_ a: String, than b: String) -> Bool {
        let x = a.split(separator: ".").map { Int($0) ?? 0 }
        let y = b.split(separator: ".").map { Int($0) ?? 0 }
        for i in 0..<max(x.count, y.count) where (i < x.count ? x[i] : 0) != (i < y.count ? y[i] : 0) {
            return (i < x.count ? x[i] : 0) < (i < y.count ? y[i] : 0)
        }
        return a < b
    }
}
