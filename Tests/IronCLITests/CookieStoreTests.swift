import Foundation
import Iron
import Testing
import IronTestSupport
@testable import IronCLI

// The cookie readers of issue 11 against REAL artifacts: a jar written by `curl -c`, stores
// written by Firefox and Chromium (scripts/browser-cookie-stores, run once per test process into
// a temporary folder), and the hand-made HAR / storageState / JSON files of scripts/cookie-fixtures.
// The cookies' values are tokens sealed here. Without firefox-esr or chromium the browser tests
// skip, unless IRON_REQUIRE_BROWSERS=1 makes their absence a failure.

/// Tools, processes and the shared artifacts of these tests.
enum CookieStoreSupport {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let browsersRequired = ProcessInfo.processInfo.environment["IRON_REQUIRE_BROWSERS"] == "1"
    static let password = "public-password-0123456789abcdef"

    static func tool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":").map(String.init) + ["/usr/local/bin", "/usr/bin", "/bin"] where !directory.isEmpty {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The tools scripts/browser-cookie-stores needs.
    static let browserTools = ["firefox-esr", "chromium", "curl", "sqlite3", "python3"]
    static var missingBrowserTools: [String] { browserTools.filter { tool($0) == nil } }
    static var browsersAvailable: Bool { missingBrowserTools.isEmpty }
    /// Whether the browser tests run: the tools are there, or they must be (then they fail).
    static var browserTestsRun: Bool { browsersAvailable || browsersRequired }

    static func seal(_ json: String) throws -> String {
        try Sealer(password: Password(password), options: .ironSession).seal(json: Array(json.utf8))
    }

    /// The cookies every artifact holds: two sealed tokens and a plain value. The first is HttpOnly.
    static let cookies: [(name: String, value: String)] = {
        // A failure to seal shows up as a missing cookie in every test.
        let first = (try? seal(#"{"user":{"id":230}}"#)) ?? "seal-failed-1"
        let second = (try? seal(#"{"user":{"id":231},"admin":false}"#)) ?? "seal-failed-2"
        return [("iron-session", first), ("second-session", second), ("theme", "dark.v2-1_x~y")]
    }()

    static var arguments: [String] { cookies.map { "\($0.name)=\($0.value)" } }

    typealias Output = ChildProcessOutput

    /// Runs a program to completion (killed after `timeout` seconds).
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, timeout: TimeInterval = 180) throws -> Output {
        try ChildProcess.run(executable, arguments, environment: environment, timeout: timeout)
    }

    static func makeTemporaryDirectory(_ label: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("iron-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// The folder scripts/browser-cookie-stores filled, made once per test process and removed
    /// when it exits; or why it could not be made.
    static let browserStores: Result<String, SetupFailure> = {
        let missing = missingBrowserTools
        guard missing.isEmpty else { return .failure(SetupFailure(message: "not installed: \(missing.joined(separator: ", "))")) }
        do {
            let directory = try makeTemporaryDirectory("browser-stores")
            registerRemoval(directory)
            let output = try run(root.appendingPathComponent("scripts/browser-cookie-stores").path, [directory + "/out"] + arguments)
            guard output.status == 0 else {
                return .failure(SetupFailure(message: "scripts/browser-cookie-stores exited \(output.status): \(output.stderr.suffix(2000))"))
            }
            return .success(directory + "/out")
        } catch {
            return .failure(SetupFailure(message: "\(error)"))
        }
    }()

    /// The folder scripts/cookie-fixtures filled (python3 only).
    static let fixtures: Result<String, SetupFailure> = {
        guard let python = tool("python3") else { return .failure(SetupFailure(message: "python3 is not installed")) }
        do {
            let directory = try makeTemporaryDirectory("cookie-fixtures")
            registerRemoval(directory)
            let output = try run(python, [root.appendingPathComponent("scripts/cookie-fixtures").path, directory, "--url", "http://127.0.0.1:8000/"] + arguments)
            guard output.status == 0 else { return .failure(SetupFailure(message: "scripts/cookie-fixtures exited \(output.status): \(output.stderr)")) }
            return .success(directory)
        } catch {
            return .failure(SetupFailure(message: "\(error)"))
        }
    }()

    struct SetupFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// The browser stores' folder; records a failure (the tools are required, or the script
    /// failed) and returns nil when there is none.
    static func requireBrowserStores(sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        switch browserStores {
        case .success(let path): return path
        case .failure(let failure):
            Issue.record("no real browser stores: \(failure)\(browsersAvailable ? "" : " (IRON_REQUIRE_BROWSERS=1 requires firefox-esr, chromium, curl, sqlite3)")",
                         sourceLocation: sourceLocation)
            return nil
        }
    }

    static func requireFixtures(sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        switch fixtures {
        case .success(let path): return path
        case .failure(let failure):
            Issue.record("no cookie fixtures: \(failure)", sourceLocation: sourceLocation)
            return nil
        }
    }

    private static let removals = Removals()

    private final class Removals: @unchecked Sendable {
        let lock = NSLock()
        var paths: [String] = []
        init() {
            atexit { CookieStoreSupport.removeAll() }
        }
    }

    private static func registerRemoval(_ path: String) {
        removals.lock.lock()
        removals.paths.append(path)
        removals.lock.unlock()
    }

    fileprivate static func removeAll() {
        removals.lock.lock()
        let paths = removals.paths
        removals.lock.unlock()
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Name → value of found cookies (the first of each name).
    static func values(_ found: [FoundCookie]) -> [String: String] {
        var result: [String: String] = [:]
        for cookie in found where result[cookie.name] == nil { result[cookie.name] = cookie.value }
        return result
    }

    static var expected: [String: String] {
        Dictionary(uniqueKeysWithValues: cookies.map { ($0.name, $0.value) })
    }

    /// The message of a CLIError thrown by `body`, or nil.
    static func cliError(_ body: () throws -> Void) -> CLIError? {
        do {
            try body()
            return nil
        } catch let error as CLIError {
            return error
        } catch {
            Issue.record("expected a CLIError, got \(error)")
            return nil
        }
    }

    /// Copies a file, for tests that alter a store.
    static func copy(_ source: String, to destination: String) throws {
        try? FileManager.default.removeItem(atPath: destination)
        try FileManager.default.copyItem(atPath: source, toPath: destination)
    }

    static var temporaryRoot: String { FileManager.default.temporaryDirectory.path }
}

// MARK: - Real artifacts: curl, Firefox, Chromium

@Suite("Cookie stores written by curl, Firefox and Chromium", .enabled(if: CookieStoreSupport.browserTestsRun))
struct CookieStoreRealArtifactTests {
    typealias S = CookieStoreSupport

    @Test("the curl -c jar: every cookie, the #HttpOnly_ one included, with its line")
    func curlJar() throws {
        guard let stores = S.requireBrowserStores() else { return }
        let bytes = try S.bytes(stores + "/curl-jar.txt")
        #expect(NetscapeCookieJar.isJar(bytes))
        #expect(CookieFile.format(of: bytes) == .cookieJar)
        let found = NetscapeCookieJar.cookies(in: bytes)
        #expect(S.values(found) == S.expected)
        let session = try #require(found.first { $0.name == "iron-session" })
        #expect(session.domain == "127.0.0.1")
        #expect(session.origin.hasPrefix("line ") && session.origin.hasSuffix(" of the cookie jar"))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t"), "curl marks the HttpOnly cookie")
        let lineNumber = try #require(Int(session.origin.split(separator: " ")[1]))
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false)[lineNumber - 1].hasPrefix("#HttpOnly_"))
    }

    @Test("Firefox's cookies.sqlite as Firefox left it on exit")
    func firefoxExited() throws {
        guard let stores = S.requireBrowserStores() else { return }
        let found = try BrowserCookieStore.cookies(inDatabaseAt: stores + "/firefox/cookies.sqlite", temporaryDirectory: S.temporaryRoot)
        #expect(S.values(found) == S.expected)
        #expect(found.allSatisfy { $0.domain == "127.0.0.1" && $0.origin.contains("of the Firefox store") })
        // Through the generic entry point, by path and by profile folder.
        let viaFile = try CookieFile.cookies(atPath: stores + "/firefox/cookies.sqlite", temporaryDirectory: S.temporaryRoot, limit: 64 << 20)
        #expect(viaFile.format == .browserStore && S.values(viaFile.cookies) == S.expected)
        let viaProfile = try BrowserCookieStore.cookies(from: BrowserStoreSpec("firefox:" + stores + "/firefox")!, home: "/nonexistent", temporaryDirectory: S.temporaryRoot)
        #expect(S.values(viaProfile) == S.expected)
        let one = try BrowserCookieStore.cookies(inDatabaseAt: stores + "/firefox/cookies.sqlite", temporaryDirectory: S.temporaryRoot, named: "iron-session")
        #expect(one.map(\.value) == [S.expected["iron-session"]!])
    }

    @Test("a running Firefox's store: the cookies are only in cookies.sqlite-wal, which is copied too")
    func firefoxRunning() throws {
        guard let stores = S.requireBrowserStores() else { return }
        let folder = stores + "/firefox-running"
        #expect(FileManager.default.fileExists(atPath: folder + "/cookies.sqlite-wal"))
        let found = try BrowserCookieStore.cookies(inDatabaseAt: folder + "/cookies.sqlite", temporaryDirectory: S.temporaryRoot)
        #expect(S.values(found) == S.expected)

        // Without its WAL the same database holds none of them: copying only the main file fails.
        let alone = try S.makeTemporaryDirectory("wal-less")
        defer { try? FileManager.default.removeItem(atPath: alone) }
        try S.copy(folder + "/cookies.sqlite", to: alone + "/cookies.sqlite")
        #expect(try BrowserCookieStore.cookies(inDatabaseAt: alone + "/cookies.sqlite", temporaryDirectory: S.temporaryRoot).isEmpty)

        // The browser's own files are untouched: no -shm appears, nothing is checkpointed.
        let before = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        let walSize = try FileManager.default.attributesOfItem(atPath: folder + "/cookies.sqlite-wal")[.size] as? Int
        _ = try BrowserCookieStore.cookies(inDatabaseAt: folder + "/cookies.sqlite", temporaryDirectory: S.temporaryRoot)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == before)
        #expect(try FileManager.default.attributesOfItem(atPath: folder + "/cookies.sqlite-wal")[.size] as? Int == walSize)
    }

    @Test("Chromium's Default/Cookies: v10 values decrypted, host hash of version 24 removed")
    func chromium() throws {
        guard let stores = S.requireBrowserStores() else { return }
        let database = stores + "/chromium/Default/Cookies"
        let found = try BrowserCookieStore.cookies(inDatabaseAt: database, temporaryDirectory: S.temporaryRoot)
        #expect(S.values(found) == S.expected)
        #expect(found.allSatisfy { $0.domain == "127.0.0.1" && $0.origin.contains("of the Chromium store") })
        // chromium:USER-DATA-DIR, chromium:PROFILE-DIR and chrome:FILE all reach it.
        for spec in ["chromium:" + stores + "/chromium", "chromium:" + stores + "/chromium/Default", "chrome:" + database] {
            let viaSpec = try BrowserCookieStore.cookies(from: try #require(BrowserStoreSpec(spec)), home: "/nonexistent", temporaryDirectory: S.temporaryRoot)
            #expect(S.values(viaSpec) == S.expected, "\(spec)")
        }
        // The store's version is what the cipher was told.
        let db = try SQLiteDatabase(readOnlyPath: database)
        var version = ""
        try db.query("SELECT value FROM meta WHERE key = 'version'") { version = $0.text(0) ?? "" }
        #expect(Int(version) ?? 0 >= ChromiumCookieCipher.hostHashVersion)
    }

    @Test("profiles found under a home folder as the browsers laid it out")
    func profileDiscovery() throws {
        guard let stores = S.requireBrowserStores() else { return }
        let home = stores + "/home"
        let ini = try String(contentsOfFile: home + "/.config/mozilla/firefox/profiles.ini", encoding: .utf8)
        #expect(ini.contains("[Install"), "Firefox's own profiles.ini names the installation's default")

        let firefox = try BrowserCookieStore.cookies(from: BrowserStoreSpec("firefox")!, home: home, temporaryDirectory: S.temporaryRoot)
        #expect(S.values(firefox) == S.expected)
        #expect(firefox.first?.origin.contains("~/.config/mozilla/firefox/") == true)
        let byName = try BrowserCookieStore.cookies(from: BrowserStoreSpec("firefox:default-esr")!, home: home, temporaryDirectory: S.temporaryRoot)
        #expect(S.values(byName) == S.expected)
        let chromium = try BrowserCookieStore.cookies(from: BrowserStoreSpec("chromium")!, home: home, temporaryDirectory: S.temporaryRoot)
        #expect(S.values(chromium) == S.expected)
        let chromiumDefault = try BrowserCookieStore.cookies(from: BrowserStoreSpec("chromium:Default")!, home: home, temporaryDirectory: S.temporaryRoot)
        #expect(S.values(chromiumDefault) == S.expected)

        // profiles.ini lists "default", whose folder Firefox never filled (not copied here).
        let missingFolder = S.cliError { _ = try BrowserCookieStore.cookies(from: BrowserStoreSpec("firefox:default")!, home: home, temporaryDirectory: S.temporaryRoot) }
        #expect(missingFolder?.exitCode == .noInput)
        #expect(missingFolder?.message.contains("does not exist") == true, "\(missingFolder?.message ?? "")")
        let unknown = S.cliError { _ = try BrowserCookieStore.cookies(from: BrowserStoreSpec("firefox:work")!, home: home, temporaryDirectory: S.temporaryRoot) }
        #expect(unknown?.message.contains(#"no Firefox profile "work""#) == true, "\(unknown?.message ?? "")")
        #expect(unknown?.message.contains(#""default-esr""#) == true)
        let noProfile = S.cliError { _ = try BrowserCookieStore.cookies(from: BrowserStoreSpec("chromium:Profile 9")!, home: home, temporaryDirectory: S.temporaryRoot) }
        #expect(noProfile?.message == #"no Chromium profile "Profile 9" in ~/.config/chromium; it has "Default""#)
        let noChrome = S.cliError { _ = try BrowserCookieStore.cookies(from: BrowserStoreSpec("chrome")!, home: home, temporaryDirectory: S.temporaryRoot) }
        #expect(noChrome?.message == "no Google Chrome profile found: ~/.config/google-chrome does not exist")
    }

    @Test("a store locked by another process is read from its copy; opened in place it reports the lock")
    func lockedStore() throws {
        guard let stores = S.requireBrowserStores(), let python = S.tool("python3") else { return }
        let folder = try S.makeTemporaryDirectory("locked-store")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try S.copy(stores + "/chromium/Default/Cookies", to: folder + "/Cookies")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", """
            import sqlite3, sys, time, os
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute("BEGIN EXCLUSIVE")
            open(sys.argv[2], "w").close()
            time.sleep(60)
            """, folder + "/Cookies", folder + "/locked"]
        try process.run()
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: folder + "/locked") && Date() < deadline { usleep(20_000) }
        try #require(FileManager.default.fileExists(atPath: folder + "/locked"))

        // In place: SQLite says the database is locked.
        let direct = try SQLiteDatabase(readOnlyPath: folder + "/Cookies")
        let error = #expect(throws: SQLiteError.self) { try direct.query("SELECT name FROM cookies") { _ in } }
        #expect(error?.isLocked == true && error?.message == "database is locked", "\(String(describing: error))")
        direct.close()
        // The reader copies first, so the lock does not stop it.
        let found = try BrowserCookieStore.cookies(inDatabaseAt: folder + "/Cookies", temporaryDirectory: S.temporaryRoot)
        #expect(S.values(found) == S.expected)
    }

    @Test("a v11 value (desktop keyring) in a real Chromium store gives the keyring error")
    func keyringValue() throws {
        guard let stores = S.requireBrowserStores(), let sqlite3 = S.tool("sqlite3") else { return }
        let folder = try S.makeTemporaryDirectory("v11-store")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try S.copy(stores + "/chromium/Default/Cookies", to: folder + "/Cookies")
        // What a keyring-keyed Chromium writes: "v11" and ciphertext under a key we do not have.
        let update = try S.run(sqlite3, [folder + "/Cookies",
                                         "UPDATE cookies SET encrypted_value = X'763131' || randomblob(64) WHERE name = 'iron-session'"])
        try #require(update.status == 0, "\(update.stderr)")
        let error = S.cliError { _ = try BrowserCookieStore.cookies(inDatabaseAt: folder + "/Cookies", temporaryDirectory: S.temporaryRoot) }
        #expect(error?.exitCode == .dataError)
        #expect(error?.message.hasPrefix("the Chromium store is encrypted with a key held by the desktop keyring (GNOME Keyring/KWallet); ") == true,
                "\(error?.message ?? "no error")")
        #expect(error?.hints.isEmpty == false)
        // Asking for another cookie of the store decrypts only that one.
        let theme = try BrowserCookieStore.cookies(inDatabaseAt: folder + "/Cookies", temporaryDirectory: S.temporaryRoot, named: "theme")
        #expect(theme.map(\.value) == [S.expected["theme"]!])
    }
}

// MARK: - Hand-made fixtures: HAR, storageState, JSON

@Suite("HAR, storageState and JSON cookie files")
struct CookieStoreFixtureTests {
    typealias S = CookieStoreSupport

    @Test("a Chrome DevTools HAR: request cookies[], the Cookie header, response cookies[], Set-Cookie headers", arguments: ["chrome.har", "firefox.har"])
    func har(_ file: String) throws {
        guard let fixtures = S.requireFixtures() else { return }
        let bytes = try S.bytes(fixtures + "/" + file)
        #expect(CookieFile.format(of: bytes) == .har)
        let (format, found) = try #require(CookieFile.cookies(in: bytes))
        #expect(format == .har)
        #expect(S.values(found) == S.expected)
        let origins = Set(found.filter { $0.name == "iron-session" }.map(\.origin))
        #expect(origins == ["response 1 of the HAR (cookies[])", "response 1 of the HAR (Set-Cookie header)",
                            "request 2 of the HAR (cookies[])", "request 2 of the HAR (Cookie header)"])
        #expect(found.allSatisfy { $0.domain == "127.0.0.1" })
        #expect(found.uniqued().count == S.cookies.count)
    }

    @Test("Playwright's storageState")
    func storageState() throws {
        guard let fixtures = S.requireFixtures() else { return }
        let bytes = try S.bytes(fixtures + "/storage-state.json")
        let (format, found) = try #require(CookieFile.cookies(in: bytes))
        #expect(format == .storageState)
        #expect(S.values(found) == S.expected)
        #expect(found.first?.origin == "cookie 1 of the storage state (cookies[])")
        #expect(found.first?.domain == "127.0.0.1")
    }

    @Test("a plain object and Puppeteer's array")
    func plainJSON() throws {
        guard let fixtures = S.requireFixtures() else { return }
        let object = try #require(CookieFile.cookies(in: try S.bytes(fixtures + "/cookies-object.json")))
        #expect(object.format == .jsonObject)
        #expect(S.values(object.cookies) == S.expected)
        #expect(object.cookies.first?.origin == #"key "iron-session" of the JSON object"#)
        let array = try #require(CookieFile.cookies(in: try S.bytes(fixtures + "/cookies-array.json")))
        #expect(array.format == .jsonArray)
        #expect(S.values(array.cookies) == S.expected)
        #expect(array.cookies.last?.origin == "item 3 of the JSON array")
    }
}

// MARK: - Readers on inline text, ciphers, errors

@Suite("Cookie readers: formats, detection and errors")
struct CookieStoreReaderTests {
    typealias S = CookieStoreSupport

    @Test("a jar with a header, comments, #HttpOnly_, blank lines and CRLF")
    func jarVariants() throws {
        let token = try S.seal(#"{"user":{"id":230}}"#)
        let text = "# Netscape HTTP Cookie File\r\n# https://curl.se/docs/http-cookies.html\r\n\r\n"
            + ".example.com\tTRUE\t/\tTRUE\t0\tiron-session\t\(token)\r\n"
            + "#HttpOnly_app.example.com\tFALSE\t/api\tFALSE\t1796045409\tother\tvalue-2\r\n"
            + "# a comment\twith\ttabs\tthat\tlooks\tlike\tone\r\n"
            + "broken line\r\n"
            + "example.org\tFALSE\t/\tFALSE\t0\tempty\t\n"
        let bytes = Array(text.utf8)
        #expect(CookieFile.format(of: bytes) == .cookieJar)
        let found = NetscapeCookieJar.cookies(in: bytes)
        #expect(found == [
            FoundCookie(name: "iron-session", value: token, origin: "line 4 of the cookie jar", domain: ".example.com"),
            FoundCookie(name: "other", value: "value-2", origin: "line 5 of the cookie jar", domain: "app.example.com"),
            FoundCookie(name: "empty", value: "", origin: "line 8 of the cookie jar", domain: "example.org"),
        ])
        #expect(NetscapeCookieJar.parse("#HttpOnly_app.example.com\tFALSE\t/api\tFALSE\t1796045409\tother\tvalue-2")?.httpOnly == true)
        // Without a header, cookie lines alone (wget's jar may have none) are enough.
        #expect(NetscapeCookieJar.isJar(Array("example.com\tFALSE\t/\tFALSE\t0\ta\tb\n".utf8)))
    }

    @Test("garbage, tokens and session JSON are not cookie files", arguments: [
        "hello world\n", "", "\u{0}\u{1}\u{2}binary", "Fe26.2*1*abc*def*ghi*jkl*mno*pqr~2",
        #"{"user":{"id":230},"isLoggedIn":true}"#, "[1, 2, 3]", #"{"log": {"version": "1.2"}}"#, "{ not json",
        "a\tb\tc\n", "example.com\tmaybe\t/\tFALSE\t0\ta\tb\n",
    ])
    func notDetected(_ text: String) {
        #expect(CookieFile.format(of: Array(text.utf8)) == nil)
        #expect(CookieFile.cookies(in: Array(text.utf8)) == nil)
    }

    @Test("a HAR's joined Set-Cookie values and quoted Cookie values")
    func harHeaderVariants() throws {
        let har = #"""
            {"log": {"version": "1.2", "creator": {"name": "mitmproxy", "version": "11"}, "entries": [
              {"request": {"method": "GET", "url": "https://app.example.com:8443/x", "headers": [{"name": "cookie", "value": "a=1; b=\"two\""}], "cookies": []},
               "response": {"status": 200, "headers": [{"name": "set-cookie", "value": "c=3; Path=/\nd=4; HttpOnly"}], "cookies": []}}]}}
            """#
        let (format, found) = try #require(CookieFile.cookies(in: Array(har.utf8)))
        #expect(format == .har)
        #expect(found.map { "\($0.name)=\($0.value)@\($0.domain ?? "-")" } == ["a=1@app.example.com", "b=two@app.example.com", "c=3@app.example.com", "d=4@app.example.com"])
        #expect(found.last?.origin == "response 1 of the HAR (Set-Cookie header)")
    }

    @Test("Chromium's v10 cipher against vectors made with Python's cryptography")
    func cipherVectors() throws {
        let cipher = try ChromiumCookieCipher()
        #expect(try ChromiumCookieCipher.deriveKey(password: Array("peanuts".utf8)) == hex("fd621fe5a2b402539dfa147ca9272778"))
        #expect(try ChromiumCookieCipher.deriveKey(password: []) == hex("d0d0ec9c7d77d43ac54187fa4818d17f"))
        let v24 = hex("7631301bb654833fa6f8a731528db92d657dc37c87544a81ba7875d0681273543b4e4f58b85e0b52f5d9be3c4f68da96d75293f8ee6d9152a8c6c80257a3aa4b440cee")
        #expect(try cipher.decrypt(v24, hostKey: ".example.com", databaseVersion: 24) == Array("Fe26.2*1*vector~2".utf8))
        let v23 = hex("763130cc8c8b1ac1f978f84e46a5bce200f87602f7d7e27b749e337100ef1c82d42c04")
        #expect(try cipher.decrypt(v23, hostKey: ".example.com", databaseVersion: 23) == Array("Fe26.2*1*vector~2".utf8))
        // Chromium's fallback: a keyring that handed out an empty password.
        let v11Empty = hex("7631315b86ba096e3e6774e3c68961918ae038147dc3a77a254f1491e75099e6fa672196d0c3331917ca671fa8f2c4a1248b10")
        #expect(try cipher.decrypt(v11Empty, hostKey: ".example.com", databaseVersion: 24) == Array("empty-key".utf8))
        // The host hash is checked.
        #expect(throws: ChromiumCookieCipherError.self) { try cipher.decrypt(v24, hostKey: ".example.org", databaseVersion: 24) }
        // Round trips.
        for version in [23, 24] {
            let sealed = try cipher.encrypt(Array("value".utf8), hostKey: "h", databaseVersion: version)
            #expect(sealed.starts(with: Array("v10".utf8)))
            #expect(try cipher.decrypt(sealed, hostKey: "h", databaseVersion: version) == Array("value".utf8))
        }
    }

    @Test("v11, unknown schemes and broken values give distinct errors")
    func cipherErrors() throws {
        let cipher = try ChromiumCookieCipher()
        let keyring = Array("v11".utf8) + [UInt8](repeating: 0x5A, count: 48)
        #expect(throws: ChromiumCookieCipherError.keyringKey) { try cipher.decrypt(keyring, hostKey: "example.com", databaseVersion: 24) }
        #expect(throws: ChromiumCookieCipherError.unknownScheme(prefix: "v20")) {
            try cipher.decrypt(Array("v20".utf8) + [UInt8](repeating: 1, count: 32), hostKey: "example.com", databaseVersion: 24)
        }
        #expect(throws: ChromiumCookieCipherError.self) { try cipher.decrypt(Array("v10".utf8) + [1, 2, 3], hostKey: "example.com", databaseVersion: 24) }
        let message = BrowserCookieStore.chromiumFailure(.keyringKey, name: "iron-session", host: "example.com", shown: "~/.config/chromium/Default/Cookies")
        #expect(message.message.hasPrefix("the Chromium store is encrypted with a key held by the desktop keyring (GNOME Keyring/KWallet); "))
    }

    @Test("a home without profiles names what is missing")
    func missingProfiles() throws {
        let home = try S.makeTemporaryDirectory("empty-home")
        defer { try? FileManager.default.removeItem(atPath: home) }
        let firefox = S.cliError { _ = try BrowserCookieStore.cookies(from: BrowserStoreSpec("firefox")!, home: home, temporaryDirectory: S.temporaryRoot) }
        #expect(firefox?.exitCode == .noInput)
        #expect(firefox?.message == "no Firefox profile found: there is no profiles.ini in ~/.config/mozilla/firefox or ~/.mozilla/firefox")
        let chromium = S.cliError { _ = try BrowserCookieStore.cookies(from: BrowserStoreSpec("chromium:Profile 1")!, home: home, temporaryDirectory: S.temporaryRoot) }
        #expect(chromium?.message == "no Chromium profile found: ~/.config/chromium does not exist")
        let path = S.cliError { _ = try BrowserCookieStore.cookies(from: BrowserStoreSpec("firefox:~/nowhere")!, home: home, temporaryDirectory: S.temporaryRoot) }
        #expect(path?.message == "no Firefox profile at ~/nowhere: it does not exist")
        try FileManager.default.createDirectory(atPath: home + "/empty-profile", withIntermediateDirectories: true)
        let empty = S.cliError { _ = try BrowserCookieStore.cookies(from: BrowserStoreSpec("firefox:~/empty-profile")!, home: home, temporaryDirectory: S.temporaryRoot) }
        #expect(empty?.message.hasPrefix("the Firefox profile ~/empty-profile has no cookies.sqlite database") == true)
    }

    @Test("files that are not stores, and the spec syntax")
    func notStores() throws {
        let folder = try S.makeTemporaryDirectory("not-a-store")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = FileManager.default.createFile(atPath: folder + "/cookies.sqlite", contents: Data("this is not a database, just text that is long enough".utf8))
        let garbage = S.cliError { _ = try BrowserCookieStore.cookies(inDatabaseAt: folder + "/cookies.sqlite", temporaryDirectory: S.temporaryRoot) }
        #expect(garbage?.exitCode == .dataError)
        #expect(garbage?.message.contains("is not a cookie store: file is not a database") == true, "\(garbage?.message ?? "")")
        let missing = S.cliError { _ = try BrowserCookieStore.cookies(inDatabaseAt: folder + "/absent", temporaryDirectory: S.temporaryRoot) }
        #expect(missing?.message.hasSuffix("absent: it does not exist") == true, "\(missing?.message ?? "")")
        // The private copy is gone afterwards, after a failure too.
        let root = try S.makeTemporaryDirectory("private-root")
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = S.cliError { _ = try BrowserCookieStore.cookies(inDatabaseAt: folder + "/cookies.sqlite", temporaryDirectory: root) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty)

        #expect(BrowserStoreSpec("firefox") == BrowserStoreSpec(browser: .firefox))
        #expect(BrowserStoreSpec("Chrome:Profile 1") == BrowserStoreSpec(browser: .chrome, profile: "Profile 1"))
        #expect(BrowserStoreSpec("chromium:/home/u/.config/chromium") == BrowserStoreSpec(browser: .chromium, profile: "/home/u/.config/chromium"))
        #expect(BrowserStoreSpec("safari") == nil)
        #expect(BrowserStoreSpec("cookies.txt") == nil)
    }

    @Test("the private copy folder is 0700 and removed")
    func privateDirectory() throws {
        let root = try S.makeTemporaryDirectory("private-dir")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let directory = try PrivateDirectory(under: root)
        let mode = try FileManager.default.attributesOfItem(atPath: directory.path)[.posixPermissions] as? Int
        #expect(mode == 0o700)
        _ = FileManager.default.createFile(atPath: root + "/source", contents: Data("abc".utf8))
        #expect(try directory.copy(root + "/source", as: "copy"))
        #expect(try directory.copy(root + "/absent", as: "other") == false)
        #expect(FileManager.default.contents(atPath: directory.path + "/copy") == Data("abc".utf8))
        directory.remove()
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }
}

private func hex(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        bytes.append(UInt8(text[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}
