import CSQLite

/// A failure of SQLite, with its result code and message (`sqlite3_errmsg`).
struct SQLiteError: Error, Equatable, CustomStringConvertible {
    /// The primary result code (`SQLITE_BUSY`, `SQLITE_NOTADB`, ...).
    let code: Int32
    /// SQLite's message, such as "database is locked" or "file is not a database".
    let message: String

    /// The database is locked by another connection (a running browser).
    var isLocked: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }
    /// The file is not an SQLite database, or is damaged.
    var isNotADatabase: Bool { code == SQLITE_NOTADB || code == SQLITE_CORRUPT }

    var description: String { message }
}

/// A read-only SQLite database: the one file that imports CSQLite.
///
/// Only what the cookie readers need: open with `SQLITE_OPEN_READONLY`, run a query and read
/// each row's columns as text, bytes or integers.
@safe
final class SQLiteDatabase {
    /// The version of the SQLite library in use, such as `3.40.1`: for `iron --version`.
    static var libraryVersion: String { unsafe String(cString: sqlite3_libversion()) }

    private var handle: OpaquePointer?

    /// Opens `path` read-only. Nothing is read until a query runs, so a file that is not a
    /// database fails at the first query.
    init(readOnlyPath path: String) throws {
        var opened: OpaquePointer?
        let code = unsafe sqlite3_open_v2(path, &opened, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let opened = unsafe opened else {
            let message = unsafe opened.map { unsafe String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            unsafe sqlite3_close_v2(opened)
            throw SQLiteError(code: code & 0xFF, message: message)
        }
        unsafe handle = unsafe opened
    }

    deinit { close() }

    /// Closes the database; later queries fail.
    func close() {
        if let handle = unsafe handle { unsafe sqlite3_close_v2(handle) }
        unsafe handle = nil
    }

    /// Runs `sql` and calls `body` with each row.
    func query(_ sql: String, _ body: (SQLiteRow) throws -> Void) throws {
        let statement = try prepare(sql)
        defer { statement.finalize() }
        while try statement.step() {
            try body(SQLiteRow(statement: statement))
        }
    }

    /// Whether the database has a table of this name (a well-formed query of `sqlite_master`).
    func hasTable(_ name: String) throws -> Bool {
        var found = false
        try query("SELECT name FROM sqlite_master WHERE type = 'table'") { row in
            if row.text(0) == name { found = true }
        }
        return found
    }

    /// Prepares one statement.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        guard let handle = unsafe handle else { throw SQLiteError(code: SQLITE_MISUSE, message: "the database is closed") }
        var statement: OpaquePointer?
        let code = unsafe sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement = unsafe statement else {
            let error = lastError(code)
            unsafe sqlite3_finalize(statement)
            throw error
        }
        return unsafe SQLiteStatement(database: self, statement: statement)
    }

    fileprivate func lastError(_ code: Int32) -> SQLiteError {
        let message = unsafe handle.map { unsafe String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        return SQLiteError(code: code & 0xFF, message: message)
    }
}

/// A prepared statement; finalized by ``finalize()`` or when released.
@safe
final class SQLiteStatement {
    private let database: SQLiteDatabase
    private var statement: OpaquePointer?

    fileprivate init(database: SQLiteDatabase, statement: OpaquePointer) {
        self.database = database
        unsafe self.statement = unsafe statement
    }

    deinit { finalize() }

    /// Advances to the next row: `true` when there is one, `false` when done.
    func step() throws -> Bool {
        guard let statement = unsafe statement else { return false }
        let code = unsafe sqlite3_step(statement)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.lastError(code)
        }
    }

    func finalize() {
        if let statement = unsafe statement { unsafe sqlite3_finalize(statement) }
        unsafe statement = nil
    }

    fileprivate func text(_ column: Int32) -> String? {
        guard let statement = unsafe statement, unsafe sqlite3_column_type(statement, column) != SQLITE_NULL else { return nil }
        return String(decoding: bytes(column), as: UTF8.self)
    }

    fileprivate func bytes(_ column: Int32) -> [UInt8] {
        guard let statement = unsafe statement else { return [] }
        // The blob pointer is valid until the next step; sqlite3_column_bytes after it, as documented.
        guard let pointer = unsafe sqlite3_column_blob(statement, column) else { return [] }
        let count = unsafe Int(sqlite3_column_bytes(statement, column))
        return unsafe Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    fileprivate func int64(_ column: Int32) -> Int64? {
        guard let statement = unsafe statement, unsafe sqlite3_column_type(statement, column) != SQLITE_NULL else { return nil }
        return unsafe sqlite3_column_int64(statement, column)
    }
}

/// The current row of a query, valid inside the query's closure only.
struct SQLiteRow {
    fileprivate let statement: SQLiteStatement

    /// A column as text (UTF-8, invalid sequences replaced), or `nil` for NULL.
    func text(_ column: Int) -> String? { statement.text(Int32(column)) }
    /// A column's bytes (a blob, or text's UTF-8); empty for NULL.
    func blob(_ column: Int) -> [UInt8] { statement.bytes(Int32(column)) }
    /// A column as an integer, or `nil` for NULL.
    func int64(_ column: Int) -> Int64? { statement.int64(Int32(column)) }
}
