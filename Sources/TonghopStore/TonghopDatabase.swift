import Foundation
import GRDB
import SystemSQLiteSettings
import TonghopCore

/// The SQLite database of submissions: opened once, migrated on open, every write one transaction; the store behind
/// every protocol of `Storage`.
public struct TonghopDatabase: Sendable {
    let writer: any DatabaseWriter

    /// Wraps an open connection and brings its schema up to date.
    public init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        // Two commands opening the same new database at once both look at which migrations are applied, then apply each
        // in a transaction: the one that loses the race applies one the other has just committed ("duplicate column").
        // Looking again finds it done; a fault of the database itself fails every time and is thrown.
        var attempt = 1
        while true {
            do {
                try Migrations.migrator.migrate(writer)
                return
            } catch  where attempt < Migrations.migrator.migrations.count + 1 {
                attempt += 1
            }
        }
    }

    /// Opens (creating if needed) the database file at `path`, in WAL mode with foreign keys on.
    public static func open(path: String) throws(StoreError) -> TonghopDatabase {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: directory) else {
            throw .cannotOpen(path: path, reason: "the folder \(directory) does not exist")
        }
        Self.configureSQLite()
        do {
            var config = Configuration()
            config.foreignKeysEnabled = true
            config.busyMode = .timeout(10)
            config.prepareDatabase { db in
                // Each submission of a batch has its own savepoint, whose undo journal SQLite writes to a temporary
                // file page by page unless told to keep it in memory (measured: 126k writes for one commune-scale week).
                // Pages of 16 KiB for a new database (an existing one keeps its own): a report's raw file, 2–8 KB,
                // then shares a page with others instead of filling one of 4 KiB alone, and a commune-scale week is
                // stored in fewer pages, written faster (measured: 10–15% less time to store one).
                try db.execute(sql: "PRAGMA page_size = 16384")
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
                // Every connection copies the pages it reads out of the kernel's cache into a cache of its own rather than
                // reading them through a memory map. Through a map, a commune-scale synthesis kept 72 MB of the file
                // resident (the kernel maps 64 KB around each page touched) for some 30 MB it read: 221 MB at its peak
                // against 158, in the same time; and the service's writer, which reads index pages all over a file that
                // grows for months, kept more of it resident the longer it ran (http.sh's 20 seconds of uploads: 85 MiB at
                // the service's peak against 74–75), with the same uploads a second and the same submit time without
                // (measured in turns, release build).
                try db.execute(sql: "PRAGMA mmap_size = 0")
                if db.configuration.readonly {
                    // A synthesis reads on several connections at once (one a core, up to GRDB's five readers), each holding
                    // its cache full to the end: 2 MB each, not 4, in the same time.
                    try db.execute(sql: "PRAGMA cache_size = -2048")
                } else {
                    // The writer keeps what it wrote in its cache: the pages of the last commits are in the WAL, and the
                    // duplicate check reads them again. 16 MB of cache, not 64: the service under wrk's uploads held 157–161
                    // MB at its peak against 110, and a submit of a commune-scale week 89 against 68, with new and duplicate
                    // uploads a second and the submit's time the same (measured in turns, release build, `http.sh`).
                    try db.execute(sql: "PRAGMA cache_size = -16384")
                }
            }
            let pool = try Self.pool(path: path, configuration: config)
            // A receipt is a promise: every commit syncs the WAL before it returns, so that what was acknowledged survives
            // a power cut. GRDB's pool sets `synchronous = NORMAL` on its writer, which syncs only at checkpoints and
            // may lose the last commits; FULL costs one fdatasync per commit, which batches and group commits share.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            return try TonghopDatabase(pool)
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// A pool on `path`, created again while another process is making the same new file.
    ///
    /// The first connection to a new file turns it to WAL mode, which takes the file's exclusive lock: two commands started
    /// at once on a database not yet made both try, and the one that loses is refused at once (SQLite does not wait on a
    /// lock that would deadlock) rather than after the busy timeout. The file is in WAL mode a moment later; trying again
    /// finds it so. Bounded by time, not tries: a refusal that came after the busy timeout (a file another program keeps
    /// locked) is past the second already and reported as the error it is.
    private static func pool(path: String, configuration: Configuration) throws -> DatabasePool {
        let giveUp = ContinuousClock.now + .seconds(1)
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError
                where ContinuousClock.now < giveUp
                && (error.resultCode == .SQLITE_BUSY || error.message?.hasPrefix("could not activate WAL") == true)
            {
                usleep(20_000)
            }
        }
    }

    /// SQLite's process-wide settings, made once before the process's first connection.
    ///
    /// Its memory statistics, on by default, take a process-wide mutex around every allocation: a sixth of the storing
    /// thread's samples in a commune-scale submit were that mutex's lock and unlock (`perf`), for figures nothing reads.
    private static let sqliteConfigured: Void = { _ = tonghop_sqlite_no_memory_statistics() }()

    static func configureSQLite() { Self.sqliteConfigured }

    /// A private database in memory, for tests.
    public static func inMemory() throws -> TonghopDatabase {
        Self.configureSQLite()
        var config = Configuration()
        config.foreignKeysEnabled = true
        return try TonghopDatabase(DatabaseQueue(configuration: config))
    }

    /// The journal mode in force ("wal" for a file database).
    public func journalMode() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// How the writer syncs its commits: 2 (FULL, every commit synced) for a file database.
    public func synchronousMode() throws -> Int {
        try writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? 0 }
    }
}

/// Why the database could not be used.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the database \(path): \(reason)"
        }
    }
}

// Every protocol of the core's `Storage`, by the extensions of this folder (one file a concern).
extension TonghopDatabase: Storage {}
