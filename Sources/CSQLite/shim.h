#ifndef IRON_CSQLITE_SHIM_H
#define IRON_CSQLITE_SHIM_H

#include <sqlite3.h>

#endif
