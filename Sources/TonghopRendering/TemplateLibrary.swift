import Foundation
import Mustache

/// Why a folder's Mustache templates cannot be used: the file, and the line where one does not parse.
public struct TemplateError: Error, CustomStringConvertible {
    public var description: String
}

extension MustacheLibrary {
    /// Loads `<name>.mustache` for each name from `directory`, checking each parses, so that a broken template stops
    /// the program at start-up rather than a request later.
    public static func load(_ names: some Sequence<String>, from directory: URL) throws(TemplateError) -> MustacheLibrary {
        var templates: [String: MustacheTemplate] = [:]
        for name in names {
            let url = directory.appendingPathComponent(name + ".mustache")
            guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                throw TemplateError(description: "\(url.path): cannot read the template")
            }
            do {
                templates[name] = try MustacheTemplate(string: text)
            } catch let error as MustacheTemplate.ParserError {
                throw TemplateError(description: "\(url.path), line \(error.context.lineNumber): \(error.error)")
            } catch {
                throw TemplateError(description: "\(url.path): \(error)")
            }
        }
        return MustacheLibrary(templates: templates)
    }
}
