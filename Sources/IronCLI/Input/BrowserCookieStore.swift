import Iron

/// A browser named on the command line: `firefox[:PROFILE]`, `chromium[:PROFILE]`,
/// `chrome[:PROFILE]`. PROFILE is a profile's name (Firefox: its `Name=` in profiles.ini or its
/// folder's name; Chromium: its folder, such as `Profile 1`, or its name in `Local State`) or a
/// path (containing `/`, or starting with `~`) to a profile folder or a database file.
struct BrowserStoreSpec: Equatable, Sendable {
    enum Browser: String, Equatable, Sendable {
        case firefox, chromium, chrome

        var displayName: String {
            switch self {
            case .firefox: return "Firefox"
            case .chromium: return "Chromium"
            case .chrome: return "Google Chrome"
            }
        }
    }

    var browser: Browser
    var profile: String?

    init(browser: Browser, profile: String? = nil) {
        self.browser = browser
        self.profile = profile
    }

    /// Parses `firefox`, `firefox:PROFILE`, ... (the browser's name in any case; `google-chrome`
    /// is `chrome`); `nil` for anything else.
    init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = parts[0].lowercased()
        switch name {
        case "firefox", "firefox-esr": browser = .firefox
        case "chromium", "chromium-browser": browser = .chromium
        case "chrome", "google-chrome": browser = .chrome
        default: return nil
        }
        profile = parts.count == 2 && !parts[1].isEmpty ? String(parts[1]) : nil
    }
}

/// Reads cookies straight from Firefox's `cookies.sqlite` and Chromium's or Chrome's `Cookies`.
///
/// The browser's files are never opened: the database (and Firefox's `-wal` and `-shm`, where a
/// running Firefox keeps its newest cookies) is copied into a private temporary folder (0700),
/// read there read-only and deleted. Chromium's `v10` values are decrypted by the library's
/// ``ChromiumCookieCipher``; `v11` values (a desktop keyring's key) are refused with an
/// explanation.
enum BrowserCookieStore {
    /// The cookies of a browser's profile.
    ///
    /// - Parameters:
    ///   - spec: The browser and profile.
    ///   - home: The user's home folder (`$HOME`), where the profiles are looked for.
    ///   - temporaryDirectory: Where the private copy is made (`$TMPDIR` or `/tmp`).
    ///   - name: Only cookies of this name (and only they are decrypted), or all.
    /// - Throws: ``CLIError`` naming what is missing or unreadable.
    ///   - unreadable: Given each cookie that cannot be decrypted when `name` is `nil`, which is
    ///     then left out; without it the first such cookie ends the reading.
    static func cookies(from spec: BrowserStoreSpec, home: String, temporaryDirectory: String, named name: String? = nil,
                        unreadable: ((CLIError) -> Void)? = nil) throws -> [FoundCookie] {
        let database = try databasePath(for: spec, home: home)
        return try cookies(inDatabaseAt: database, temporaryDirectory: temporaryDirectory, named: name, home: home, unreadable: unreadable)
    }

    /// The database file a spec names.
    static func databasePath(for spec: BrowserStoreSpec, home: String) throws -> String {
        switch spec.browser {
        case .firefox: return try firefoxDatabase(profile: spec.profile, home: home)
        case .chromium, .chrome: return try chromiumDatabase(browser: spec.browser, profile: spec.profile, home: home)
        }
    }

    /// The cookies of a Firefox or Chromium database file (told apart by their tables).
    static func cookies(inDatabaseAt path: String, temporaryDirectory: String, named name: String? = nil, home: String? = nil,
                        unreadable: ((CLIError) -> Void)? = nil) throws -> [FoundCookie] {
        let shown = display(path, home: home)
        let copy: PrivateDirectory
        do {
            copy = try PrivateDirectory(under: temporaryDirectory)
        } catch let error as SystemError {
            throw CLIError(.ioError, "cannot make a private temporary folder to copy the cookie store into: \(error)")
        }
        defer { copy.remove() }
        do {
            guard try copy.copy(path, as: "store") else {
                throw CLIError(.noInput, "cannot read the cookie store \(shown): it does not exist")
            }
            // A running Firefox keeps new cookies only in the write-ahead log.
            try copy.copy(path + "-wal", as: "store-wal")
            try copy.copy(path + "-shm", as: "store-shm")
        } catch let error as SystemError {
            throw CLIError(.noInput, "cannot copy the cookie store \(shown): \(error.reason)")
        }
        do {
            let database = try SQLiteDatabase(readOnlyPath: copy.path + "/store")
            defer { database.close() }
            if try database.hasTable("moz_cookies") {
                return try firefoxCookies(database, shown: shown, named: name)
            }
            if try database.hasTable("cookies"), try database.hasTable("meta") {
                return try chromiumCookies(database, shown: shown, named: name, unreadable: name == nil ? unreadable : nil)
            }
            throw CLIError(.dataError, "\(shown) is an SQLite database but not a Firefox or Chromium cookie store (no moz_cookies or cookies table)")
        } catch let error as SQLiteError {
            if error.isNotADatabase {
                throw CLIError(.dataError, "\(shown) is not a cookie store: \(error.message)")
            }
            if error.isLocked {
                throw CLIError(.noInput, "the cookie store \(shown) is locked: \(error.message)", hints: ["close the browser and try again"])
            }
            throw CLIError(.noInput, "cannot read the cookie store \(shown): \(error.message)")
        }
    }

    // MARK: Reading

    private static func firefoxCookies(_ database: SQLiteDatabase, shown: String, named wanted: String?) throws -> [FoundCookie] {
        var found: [FoundCookie] = []
        try database.query("SELECT id, name, value, host FROM moz_cookies ORDER BY id") { row in
            guard let name = row.text(1), wanted == nil || name == wanted else { return }
            let id = row.int64(0).map(String.init) ?? "?"
            found.append(FoundCookie(name: name, value: row.text(2) ?? "", origin: "row \(id) of the Firefox store \(shown)", domain: row.text(3)))
        }
        return found
    }

    private static func chromiumCookies(_ database: SQLiteDatabase, shown: String, named wanted: String?, unreadable: ((CLIError) -> Void)?) throws -> [FoundCookie] {
        var version = 0
        try database.query("SELECT value FROM meta WHERE key = 'version'") { row in
            version = Int(row.text(0) ?? "") ?? 0
        }
        let cipher: ChromiumCookieCipher
        do {
            cipher = try ChromiumCookieCipher()
        } catch let error as IronError {
            throw CLIError(error.exitCode, error.reason)
        }
        var found: [FoundCookie] = []
        try database.query("SELECT rowid, host_key, name, value, encrypted_value FROM cookies ORDER BY rowid") { row in
            guard let name = row.text(2), wanted == nil || name == wanted else { return }
            let host = row.text(1) ?? ""
            let origin = "row \(row.int64(0).map(String.init) ?? "?") of the Chromium store \(shown)"
            let encrypted = row.blob(4)
            var value = row.text(3) ?? ""
            if !encrypted.isEmpty {
                do {
                    value = String(decoding: try cipher.decrypt(encrypted, hostKey: host, databaseVersion: version), as: UTF8.self)
                } catch {
                    let failure = (error as? ChromiumCookieCipherError).map { chromiumFailure($0, name: name, host: host, shown: shown) }
                        ?? CLIError((error as? IronError)?.exitCode ?? .software, (error as? IronError)?.reason ?? "\(error)")
                    guard let unreadable else { throw failure }
                    unreadable(failure)
                    return
                }
            }
            found.append(FoundCookie(name: name, value: value, origin: origin, domain: host))
        }
        return found
    }

    static func chromiumFailure(_ error: ChromiumCookieCipherError, name: String, host: String, shown: String) -> CLIError {
        switch error {
        case .keyringKey:
            return CLIError(.dataError,
                            "the Chromium store is encrypted with a key held by the desktop keyring (GNOME Keyring/KWallet); iron cannot read \(shown) (cookie \(name) of \(host) is v11)",
                            hints: ["copy the cookie from the browser's developer tools, or save a HAR there, and give iron that instead",
                                    "a Chromium started with --password-store=basic writes values iron can read"])
        case .unknownScheme(let prefix):
            return CLIError(.dataError, "cookie \(name) of \(host) in \(shown) is encrypted with a scheme iron does not know (it starts with \"\(prefix)\"; Linux Chromium writes v10 or v11)")
        case .undecryptable(let reason):
            return CLIError(.dataError, "cannot decrypt cookie \(name) of \(host) in \(shown): \(reason)")
        }
    }

    // MARK: Firefox profiles

    /// Where Firefox keeps profiles.ini: the XDG folder new profiles get (Firefox 153 ESR here), the classic
    /// one, and the snap's and flatpak's.
    static func firefoxRoots(home: String) -> [String] {
        [home + "/.config/mozilla/firefox", home + "/.mozilla/firefox",
         home + "/snap/firefox/common/.mozilla/firefox", home + "/.var/app/org.mozilla.firefox/.mozilla/firefox"]
    }

    static func firefoxDatabase(profile: String?, home: String) throws -> String {
        if let profile, isPath(profile) {
            return try databaseAtPath(expand(profile, home: home), names: ["cookies.sqlite"], browser: "Firefox", home: home)
        }
        let roots = firefoxRoots(home: home)
        guard let root = roots.first(where: { FileSystem.isFile($0 + "/profiles.ini") }) else {
            // No profiles.ini: a profile folder's name still works.
            if let profile, let root = roots.first(where: { FileSystem.isDirectory($0 + "/" + profile) }) {
                return try databaseAtPath(root + "/" + profile, names: ["cookies.sqlite"], browser: "Firefox", home: home)
            }
            throw CLIError(.noInput, "no Firefox profile found: there is no profiles.ini in \(roots.prefix(2).map { display($0, home: home) }.joined(separator: " or "))",
                           hints: ["name the profile's folder: firefox:PATH"])
        }
        let ini = try IniFile(bytes: Files.read(root + "/profiles.ini", limit: 1 << 20, what: "Firefox's profiles.ini"))
        let profiles = ini.sections.filter { $0.name.lowercased().hasPrefix("profile") }.compactMap { section -> (name: String, folder: String)? in
            guard let path = section["Path"], !path.isEmpty else { return nil }
            let folder = section["IsRelative"] == "0" ? path : root + "/" + path
            return (section["Name"] ?? path, folder)
        }
        let folder: String
        if let profile {
            let lastComponent = { (path: String) in String(path.split(separator: "/").last ?? "") }
            guard let match = profiles.first(where: { $0.name == profile })
                ?? profiles.first(where: { $0.name.lowercased() == profile.lowercased() })
                ?? profiles.first(where: { lastComponent($0.folder) == profile }) else {
                if FileSystem.isDirectory(root + "/" + profile) {
                    return try databaseAtPath(root + "/" + profile, names: ["cookies.sqlite"], browser: "Firefox", home: home)
                }
                let names = profiles.map { "\"\($0.name)\"" }.joined(separator: ", ")
                throw CLIError(.noInput, "no Firefox profile \"\(profile)\" in \(display(root + "/profiles.ini", home: home)); it lists \(names.isEmpty ? "none" : names)")
            }
            folder = match.folder
        } else {
            folder = try firefoxDefaultProfile(ini: ini, root: root, profiles: profiles, home: home)
        }
        guard FileSystem.isDirectory(folder) else {
            throw CLIError(.noInput, "the Firefox profile folder \(display(folder, home: home)) named in profiles.ini does not exist")
        }
        return try databaseAtPath(folder, names: ["cookies.sqlite"], browser: "Firefox", home: home)
    }

    /// The profile Firefox opens: the installation's default (`[Install…] Default=` in
    /// profiles.ini or installs.ini), else the profile marked `Default=1`, else the only one.
    private static func firefoxDefaultProfile(ini: IniFile, root: String, profiles: [(name: String, folder: String)], home: String) throws -> String {
        var candidates: [String] = []
        let installs = (try? IniFile(bytes: Files.read(root + "/installs.ini", limit: 1 << 20))) ?? IniFile(sections: [])
        for section in ini.sections.filter({ $0.name.hasPrefix("Install") }) + installs.sections {
            if let path = section["Default"], !path.isEmpty { candidates.append(path.hasPrefix("/") ? path : root + "/" + path) }
        }
        for section in ini.sections where section.name.lowercased().hasPrefix("profile") && section["Default"] == "1" {
            if let path = section["Path"] { candidates.append(section["IsRelative"] == "0" ? path : root + "/" + path) }
        }
        if profiles.count == 1 { candidates.append(profiles[0].folder) }
        if let withCookies = candidates.first(where: { FileSystem.isFile($0 + "/cookies.sqlite") }) { return withCookies }
        if let first = candidates.first { return first }
        throw CLIError(.noInput, "no default Firefox profile in \(display(root + "/profiles.ini", home: home))",
                       hints: ["name one: firefox:NAME or firefox:PATH"])
    }

    // MARK: Chromium profiles

    /// A browser's user-data folders: the usual one, then the snap's and flatpak's.
    static func chromiumRoots(_ browser: BrowserStoreSpec.Browser, home: String) -> [String] {
        switch browser {
        case .chrome:
            return [home + "/.config/google-chrome", home + "/.var/app/com.google.Chrome/config/google-chrome"]
        default:
            return [home + "/.config/chromium", home + "/snap/chromium/common/chromium",
                    home + "/.var/app/org.chromium.Chromium/config/chromium"]
        }
    }

    static func chromiumDatabase(browser: BrowserStoreSpec.Browser, profile: String?, home: String) throws -> String {
        let names = ["Cookies", "Network/Cookies"]
        if let profile, isPath(profile) {
            let path = expand(profile, home: home)
            // A user-data folder: its Default profile.
            if FileSystem.isDirectory(path), !names.contains(where: { FileSystem.isFile(path + "/" + $0) }), FileSystem.isDirectory(path + "/Default") {
                return try databaseAtPath(path + "/Default", names: names, browser: browser.displayName, home: home)
            }
            return try databaseAtPath(path, names: names, browser: browser.displayName, home: home)
        }
        let roots = chromiumRoots(browser, home: home)
        guard let root = roots.first(where: { FileSystem.isDirectory($0) }) else {
            throw CLIError(.noInput, "no \(browser.displayName) profile found: \(display(roots[0], home: home)) does not exist",
                           hints: ["name the profile's folder: \(browser.rawValue):PATH"])
        }
        let folderName = profile ?? "Default"
        if FileSystem.isDirectory(root + "/" + folderName) {
            return try databaseAtPath(root + "/" + folderName, names: names, browser: browser.displayName, home: home)
        }
        // A profile's display name ("Work"), from Local State's profile.info_cache.
        if let profile, let state = try? JSONValue(parsing: Files.read(root + "/Local State", limit: 16 << 20)),
           let cache = state["profile"]?["info_cache"]?.objectMembers,
           let match = cache.first(where: { $0.value["name"]?.stringValue == profile }) {
            return try databaseAtPath(root + "/" + match.key, names: names, browser: browser.displayName, home: home)
        }
        let available = FileSystem.names(in: root).filter { $0 == "Default" || $0.hasPrefix("Profile ") }
        throw CLIError(.noInput, "no \(browser.displayName) profile \"\(folderName)\" in \(display(root, home: home))"
                       + (available.isEmpty ? "" : "; it has \(available.map { "\"\($0)\"" }.joined(separator: ", "))"))
    }

    // MARK: Paths

    /// The database in a profile folder, or the path itself when it is a file.
    private static func databaseAtPath(_ path: String, names: [String], browser: String, home: String) throws -> String {
        switch FileSystem.kind(path) {
        case .file:
            return path
        case .directory:
            if let name = names.first(where: { FileSystem.isFile(path + "/" + $0) }) { return path + "/" + name }
            throw CLIError(.noInput, "the \(browser) profile \(display(path, home: home)) has no \(names[0]) database (has the browser stored a cookie in it yet?)")
        case .missing:
            throw CLIError(.noInput, "no \(browser) profile at \(display(path, home: home)): it does not exist")
        case .other:
            throw CLIError(.noInput, "\(display(path, home: home)) is neither a \(browser) profile folder nor a cookie database")
        }
    }

    private static func isPath(_ profile: String) -> Bool {
        profile.contains("/") || profile.hasPrefix("~") || profile == "." || profile == ".."
    }

    private static func expand(_ path: String, home: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst() }
        return path
    }

    /// A path for messages: the home folder as `~`.
    static func display(_ path: String, home: String?) -> String {
        guard let home, !home.isEmpty, home != "/" else { return path }
        let prefix = home.hasSuffix("/") ? home : home + "/"
        return path.hasPrefix(prefix) ? "~/" + path.dropFirst(prefix.count) : path
    }
}

/// The INI files of Firefox's profile list: `[Section]` headers and `key=value` lines.
struct IniFile {
    struct Section {
        var name: String
        var values: [(key: String, value: String)]

        subscript(key: String) -> String? { values.last(where: { $0.key == key })?.value }
    }

    var sections: [Section]

    init(sections: [Section]) {
        self.sections = sections
    }

    init(bytes: [UInt8]) {
        sections = []
        for (_, line) in NetscapeCookieJar.lines(bytes) {
            let text = CookieText.trimmed(Substring(line))
            if text.isEmpty || text.hasPrefix(";") || text.hasPrefix("#") { continue }
            if text.hasPrefix("["), text.hasSuffix("]") {
                sections.append(Section(name: String(text.dropFirst().dropLast()), values: []))
            } else if let equals = text.firstIndex(of: "="), !sections.isEmpty {
                sections[sections.count - 1].values.append((CookieText.trimmed(text[..<equals]), CookieText.trimmed(text[text.index(after: equals)...])))
            }
        }
    }
}
