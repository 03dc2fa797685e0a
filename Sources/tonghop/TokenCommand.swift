import ArgumentParser
import Foundation
import TonghopCore
import TonghopService

extension Tonghop {
    /// `tonghop token`: the access tokens of the HTTP service.
    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token",
            abstract: "Create, list and revoke the access tokens of the HTTP service.",
            subcommands: [Create.self, List.self, Revoke.self])

        /// `tonghop token create`.
        struct Create: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "create",
                abstract: "Create a token for a unit (submits and reads for that unit only) or for staff (reads everything).",
                discussion: "The token is printed once and cannot be shown again: only its SHA-256 is stored.")

            @OptionGroup var store: StoreOptions

            @OptionGroup var language: LanguageOption

            @Option(help: ArgumentHelp("The unit the token submits for, e.g. HN.", valueName: "code"))
            var unit: String?

            @Option(help: ArgumentHelp("`staff` for a MoHA officer's token.", valueName: "role"))
            var role: String?

            @Option(
                help: ArgumentHelp(
                    "Who holds the token: for staff the person, as the audit log will name them (required), e.g. \"Nguyễn Văn A, Vụ Chính quyền địa phương\".",
                    valueName: "text"))
            var label = ""

            @Option(help: ArgumentHelp("Time of creation to record, ISO 8601 with zone; default now.", valueName: "instant"))
            var at: Date?

            @Option(help: "Output format.")
            var format: OutputFormat = .text

            func validate() throws {
                switch (unit, role) {
                case (_?, nil): return
                case (nil, "staff"?):
                    if label.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("\(AccessTokenError.staffWithoutName)") }
                case (nil, let role?): throw ValidationError("--role takes only `staff` (a unit's token is made with --unit), not \"\(role)\"")
                case (_?, _?): throw ValidationError("give either --unit or --role staff, not both")
                case (nil, nil): throw ValidationError("give --unit CODE for a unit's token or --role staff for a MoHA officer's")
                }
            }

            func run() throws {
                let catalog = try store.loadCatalog()
                let tokens = AccessTokens(database: try store.openDatabase())
                let issued: AccessTokens.Issued
                do {
                    issued = try tokens.issue(role: unit.map(AccessRole.unit) ?? .staff, label: label, registry: catalog.registry, at: at ?? Date())
                } catch let error as AccessTokenError {
                    throw ValidationError("\(error)")
                } catch {
                    printError("tonghop: cannot use the database: \(error)")
                    throw ExitCode(ExitStatus.databaseUnavailable)
                }
                switch format {
                case .json:
                    struct Created: Encodable {
                        var token: String
                        var id: Int64
                        var role: String
                        var unit: String?
                        var label: String
                        var createdAt: Date
                    }
                    let r = issued.record
                    try printJSON(
                        Created(
                            token: issued.token, id: r.id, role: r.role.name, unit: r.role.unitCode,
                            label: r.label, createdAt: r.createdAt))
                case .text:
                    print(issued.token)
                    let notice = Message(.tokenCreatedNotice, ["id": .count(Int(issued.record.id)), "holder": holder(issued.record.role, catalog)])
                    printError(notice.text(in: language.language))
                }
            }
        }

        /// `tonghop token list`.
        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List every token issued (never the tokens themselves).")

            @OptionGroup var store: StoreOptions

            @OptionGroup var language: LanguageOption

            func run() throws {
                let records = try readingDatabase { try AccessTokens(database: try store.openDatabase()).list() }
                let catalog = try? store.loadCatalog()
                for r in records {
                    let state = r.revokedAt.map { Message(.tokenStateRevoked, ["at": .instant($0)]) } ?? Message(.tokenStateActive)
                    let line = Message(
                        .tokenListLine,
                        [
                            "id": .count(Int(r.id)), "holder": holder(r.role, catalog), "created": .instant(r.createdAt), "state": .message(state),
                            "label": .text(r.label.isEmpty ? "" : "  \(r.label)"),
                        ])
                    print(line.text(in: language.language))
                }
                if records.isEmpty { print(Message(.tokenNone).text(in: language.language)) }
            }
        }

        /// `tonghop token revoke`.
        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token by its id: it stops working at once.")

            @OptionGroup var store: StoreOptions

            @OptionGroup var language: LanguageOption

            @Argument(help: ArgumentHelp("The token's id, as `token create` and `token list` show it.", valueName: "id"))
            var id: Int64

            @Option(help: ArgumentHelp("Time of revocation to record, ISO 8601 with zone; default now.", valueName: "instant"))
            var at: Date?

            func run() throws {
                let tokens = AccessTokens(database: try store.openDatabase())
                do {
                    let record = try tokens.revoke(id: id, at: at ?? Date())
                    let line = Message(
                        .tokenRevokedLine,
                        ["id": .count(Int(record.id)), "holder": holder(record.role, try? store.loadCatalog()), "at": .instant(record.revokedAt!)])
                    print(line.text(in: language.language))
                } catch let error as AccessTokenError {
                    throw ValidationError("\(error)")
                } catch {
                    printError("tonghop: cannot use the database: \(error)")
                    throw ExitCode(ExitStatus.databaseUnavailable)
                }
            }
        }
    }
}

/// Whom a token is for, as a line names them: the unit's name (its code too in English), or MoHA's staff.
private func holder(_ role: AccessRole, _ catalog: Catalog?) -> MessageArgument {
    guard let code = role.unitCode else { return .message(Message(.tokenHolderStaff)) }
    let name = catalog?.registry.name(of: code) ?? code
    return .localized(vi: name == code ? "đơn vị \(code)" : name, en: "unit \(code)")
}
