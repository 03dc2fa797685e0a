import Foundation
import TonghopCore

/// Reads `Templates/tasks/*.yaml`, one directive and its tasks per file, checking every task against the registry and
/// the schedules as the templates are checked: a typo in a unit's code must not leave a task with no one to do it.
enum TaskRegisterLoader {
    /// The register in `directory` (empty when there is no such folder).
    static func load(directory: URL, cache: CatalogFileCache? = nil) throws -> [(Directive, [AssignedTask])] {
        let fm = FileManager.default
        let files = ((try? fm.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        var problems: [String] = []
        var directives: [(Directive, [AssignedTask])] = []
        for file in files {
            do {
                let (name, text) = try CatalogLoader.read(directory.appendingPathComponent(file))
                directives.append(try directive(name: name, text: text, cache: cache))
            } catch let error as CatalogError {
                problems += error.problems
            }
        }
        guard problems.isEmpty else { throw CatalogError(problems) }
        return directives
    }

    /// The directive and tasks of a file named `name`.
    static func directive(name: String, text: String, cache: CatalogFileCache? = nil) throws -> (Directive, [AssignedTask]) {
        let file = try decodeStrictYAML(TaskRegisterFile.self, file: name, text: text, allowedKeys: TaskRegisterFile.allowedKeys, cache: cache)
        let id = String(name.split(separator: ".").first ?? "")
        var problems: [String] = []
        if file.unreported == .error { problems.append("tasks/\(name): `unreported:` must be warning or note") }
        for (field, value) in [("kind", file.directive.kind), ("issuer", file.directive.issuer), ("subject", file.directive.subject)]
        where value.isBlank {
            problems.append("tasks/\(name): directive.\(field) is empty")
        }
        if file.tasks.isEmpty { problems.append("tasks/\(name): no tasks") }
        let tasks = file.tasks.compactMap { entry -> AssignedTask? in
            let at = "tasks/\(name): task \(entry.id)"
            guard AssignedTask.isValidId(entry.id) else {
                problems.append("\(at): an id is lower-case letters, digits and hyphens, at most 64 characters")
                return nil
            }
            if entry.text.isBlank { problems.append("\(at): `text:` is empty") }
            if entry.product.isBlank { problems.append("\(at): `product:` is empty (say what shows the task done)") }
            let assignees = Assignees(
                units: entry.assignees.units ?? [], kinds: entry.assignees.kinds ?? [], schedules: entry.assignees.schedules ?? [])
            if assignees.isEmpty { problems.append("\(at): `assignees:` names no units, kinds or schedules") }
            let assignedOn = entry.assigned ?? file.directive.date
            var deadline: TaskDeadline?
            if let text = entry.deadline {
                deadline = TaskDeadline(parsing: text)
                if deadline == nil { problems.append("\(at): deadline \"\(text)\" is not YYYY-MM-DD or YYYY-MM-DD HH:MM") }
            }
            if let deadline, deadline.day < assignedOn { problems.append("\(at): its deadline is before the day it was assigned") }
            return AssignedTask(
                id: entry.id, directiveId: id, text: entry.text, assignees: assignees, lead: entry.lead,
                coordinating: entry.coordinating ?? [], deadline: deadline, product: entry.product, assignedOn: assignedOn)
        }
        guard problems.isEmpty else { throw CatalogError(problems) }
        let directive = Directive(
            id: id, symbol: file.directive.symbol, kind: file.directive.kind, date: file.directive.date, issuer: file.directive.issuer,
            subject: file.directive.subject, unreportedSeverity: file.unreported)
        return (directive, tasks)
    }

    /// Problems across files: a task id used twice, a unit or schedule that does not exist, a task no unit could do.
    static func checkReferences(_ register: TaskRegister, _ catalog: Catalog) -> [String] {
        let counts = Dictionary(register.tasks.map { ($0.id, 1) }, uniquingKeysWith: +)
        var problems = counts.filter { $0.value > 1 }.keys.sorted().map { "tasks: task id \($0) is used twice" }
        for task in register.tasks {
            let at = "tasks/\(task.directiveId).yaml: task \(task.id)"
            for code in task.assignees.units + [task.lead].compactMap({ $0 }) + task.coordinating where catalog.registry.unit(code) == nil {
                problems.append("\(at): unit \(code) is not in units.yaml")
            }
            for id in task.assignees.schedules where catalog.schedules[id] == nil { problems.append("\(at): unknown schedule \(id)") }
            if !catalog.registry.units.contains(where: task.assignees.include) {
                problems.append("\(at): no unit of units.yaml is among its assignees")
            }
        }
        return problems
    }
}
