import Iron

/// The formats of files that hold cookies.
enum CookieFileFormat: String, Equatable, Sendable {
    case cookieJar = "cookie jar"
    case har = "HAR"
    case storageState = "storage state"
    case jsonArray = "JSON array"
    case jsonObject = "JSON object"
    /// Firefox's cookies.sqlite or Chromium's Cookies: read by path (``BrowserCookieStore``).
    case browserStore = "browser cookie store"
}

/// Tells the cookie formats apart and reads them: the one entry point for files.
enum CookieFile {
    /// The first 16 bytes of every SQLite database.
    static let sqliteHeader = Array("SQLite format 3".utf8) + [0]

    /// The format of a file's bytes, or `nil` when it is none of them.
    static func format(of bytes: [UInt8]) -> CookieFileFormat? {
        if bytes.starts(with: sqliteHeader) { return .browserStore }
        if let json = parseJSON(bytes) {
            if HARCookies.isHAR(json) { return .har }
            switch JSONCookies.shape(of: json) {
            case .storageState?: return .storageState
            case .array?: return .jsonArray
            case .object?: return .jsonObject
            case nil: return nil
            }
        }
        return NetscapeCookieJar.isJar(bytes) ? .cookieJar : nil
    }

    /// The cookies of a file's bytes, or `nil` when it is no cookie file. An SQLite store is
    /// read by path, not from bytes: ``cookies(atPath:temporaryDirectory:limit:home:)``.
    static func cookies(in bytes: [UInt8]) -> (format: CookieFileFormat, cookies: [FoundCookie])? {
        if bytes.starts(with: sqliteHeader) { return nil }
        if let json = parseJSON(bytes) {
            if let found = HARCookies.cookies(in: json) { return (.har, found) }
            guard let shape = JSONCookies.shape(of: json), let found = JSONCookies.cookies(in: json) else { return nil }
            switch shape {
            case .storageState: return (.storageState, found)
            case .array: return (.jsonArray, found)
            case .object: return (.jsonObject, found)
            }
        }
        guard NetscapeCookieJar.isJar(bytes) else { return nil }
        return (.cookieJar, NetscapeCookieJar.cookies(in: bytes))
    }

    /// The cookies of a named file of any format, browser stores included (their `-wal` beside
    /// them is read too).
    ///
    /// - Throws: ``CLIError``: unreadable (66), or not a cookie file (65).
    static func cookies(atPath path: String, temporaryDirectory: String, limit: Int, home: String? = nil) throws -> (format: CookieFileFormat, cookies: [FoundCookie]) {
        let bytes = try Files.read(path, limit: limit, what: "cookie file")
        if bytes.starts(with: sqliteHeader) {
            return (.browserStore, try BrowserCookieStore.cookies(inDatabaseAt: path, temporaryDirectory: temporaryDirectory, home: home))
        }
        guard let found = cookies(in: bytes) else {
            throw CLIError(.dataError, "\(path) is not a cookie file: not a cookie jar, HAR, storage state, JSON of cookies or browser cookie store")
        }
        return found
    }

    private static func parseJSON(_ bytes: [UInt8]) -> JSONValue? {
        // Only text that starts like JSON is parsed: a cookie jar never does.
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }),
              first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return nil }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        return try? JSONValue(parsing: body)
    }
}
