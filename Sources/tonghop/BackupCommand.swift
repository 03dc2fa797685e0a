import ArgumentParser
import Foundation
import TonghopCore
import TonghopService

extension Tonghop {
    /// `tonghop backup`: a consistent copy of the database, while the service runs.
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Copy the database to a file, consistently, while the service goes on (SQLite's online backup).",
            discussion: """
                The copy is checked and synced, then renamed into place: a backup at FILE is always whole. To restore, stop \
                the service, copy the backup over the database file (removing its -wal and -shm files) and start it again. \
                --format json prints the file, its size, the number of submissions and the time.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var language: LanguageOption

        @Option(help: ArgumentHelp("The backup file to write (replaced if it exists).", valueName: "file"))
        var to: String

        @Option(help: ArgumentHelp("The time to record for the backup, ISO 8601 with zone; default now.", valueName: "instant"))
        var at: Date?

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        func run() throws {
            let folder = URL(fileURLWithPath: to).deletingLastPathComponent().path
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError(Message(.backupNoFolder, ["folder": .text(folder)]).text(in: language.language))
            }
            let backups = Backups(database: try store.openDatabase())
            let summary: BackupSummary
            do {
                summary = try backups.take(to: to, at: at ?? Date())
            } catch {
                printError(Message(.backupFailed, ["file": .text(to), "detail": .text("\(error)")]).text(in: language.language))
                throw ExitCode(ExitStatus.cannotWrite)
            }
            switch format {
            case .json: try printJSON(summary)
            case .text:
                print(
                    Message(
                        .backupDone,
                        [
                            "database": .text(store.databasePath), "file": .text(summary.path), "instant": .instant(summary.takenAt),
                            "submissions": .count(summary.submissions), "size": .size(summary.bytes),
                        ]
                    ).text(in: language.language))
            }
        }
    }
}
