// SQLite from Debian's libsqlite3-dev, used only by DataSources/LibSQLite.swift.
#include <sqlite3.h>
