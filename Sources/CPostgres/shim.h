// libpq from Debian's libpq-dev (PostgreSQL 15), used only by DataSources/LibPQ.swift.
#include <postgresql/libpq-fe.h>
