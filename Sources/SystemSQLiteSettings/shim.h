// SQLite's process-wide settings, which must be made before its first connection opens. `sqlite3_config` takes a variable
// list of arguments, which Swift cannot call: each setting is wrapped here.
#include <sqlite3.h>

/// Turns off SQLite's memory statistics, which take a process-wide mutex around every allocation SQLite makes and frees
/// (nothing in tonghop reads them). SQLITE_MISUSE once SQLite is initialised (by a first connection, say): the setting
/// then stays as it was, which changes nothing but speed.
static inline int tonghop_sqlite_no_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
