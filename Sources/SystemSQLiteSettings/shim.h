// SQLite's process-wide settings, which must be made before its first connection opens. `sqlite3_config` takes a variable
// list of arguments, which Swift cannot call: each setting is wrapped here.
#include <sqlite3.h>

/// Turns off SQLite's memory statistics, which take a process-wide mutex around every allocation SQLite makes and frees
/// (nothing in tonghop reads them). SQLITE_MISUSE if a connection was opened before: the setting then stays as it was.
static inline int tonghop_sqlite_no_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
