import Foundation
import Iron
import Testing
@testable import IronCLI

// `iron unseal`, `inspect` and `reseal` over the cookie files people have (issue 11), end to end:
// a jar written by `curl -c`, stores written by Firefox and Chromium headless (through
// --from-browser with HOME at the profiles the browsers made, and as bytes on standard input),
// and HAR, storageState and JSON files shaped as their tools write them. The artifacts and their
// cookies (iron-session, second-session, theme) come from CookieStoreSupport.

private typealias S = CookieStoreSupport

private let password = ["IRON_PASSWORD": CookieStoreSupport.password]
private let firstPayload = #"{"user":{"id":230}}"#
private let secondPayload = #"{"user":{"id":231},"admin":false}"#

private func environment(home: String) -> [String: String] {
    password.merging(["HOME": home, "TMPDIR": FileManager.default.temporaryDirectory.path]) { $1 }
}

@Suite("Cookie files and browser stores as input to unseal, inspect and reseal", .enabled(if: CookieStoreSupport.browserTestsRun))
struct CookieInputRealArtifactTests {
    @Test("the jar curl -c wrote, on standard input, with --cookie and --all")
    func curlJar() throws {
        guard let stores = S.requireBrowserStores() else { return }
        let jar = try S.bytes(stores + "/curl-jar.txt")
        let one = iron(["unseal", "--cookie", "iron-session"], stdin: jar, environment: password)
        #expect(one.status == 0)
        #expect(one.stdout == firstPayload + "\n")
        #expect(one.stderr.isEmpty)
        #expect(iron(["unseal", "-c", "second-session"], stdin: jar, environment: password).stdout == secondPayload + "\n")
        let all = iron(["unseal", "--all"], stdin: jar, environment: password)
        #expect(all.status == 0)
        let rows = all.stdout.lines.filter { !$0.isEmpty }.map { $0.split(separator: "\t").map(String.init) }
        // curl writes its jar newest first: the rows keep the file's order.
        #expect(rows.map { $0[0] }.sorted() == ["iron-session", "second-session"])
        #expect(rows.allSatisfy { $0[1].hasPrefix("line ") && $0[1].hasSuffix(" of the cookie jar, for 127.0.0.1") })
        #expect(Set(rows.map { $0[2] }) == [firstPayload, secondPayload])
        // Without --cookie two names hold tokens: no guess.
        let ambiguous = iron(["unseal"], stdin: jar, environment: password)
        #expect(ambiguous.status == 65)
        #expect(ambiguous.stderrLines.first == "iron: error: the cookie jar holds 2 different tokens")
        let absent = iron(["unseal", "--cookie", "theme"], stdin: jar, environment: password)
        #expect(absent.stderrLines.first?.hasPrefix("iron: error: no cookie named theme holds a token in the cookie jar (cookies holding tokens: ") == true)
    }

    @Test("--from-browser firefox and chromium read the stores the browsers wrote under HOME", arguments: ["firefox", "chromium", "firefox:default-esr", "chromium:Default"])
    func fromBrowser(_ browser: String) throws {
        guard let stores = S.requireBrowserStores() else { return }
        let result = iron(["unseal", "--from-browser", browser, "--cookie", "iron-session"], environment: environment(home: stores + "/home"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == firstPayload + "\n")
        let inspect = iron(["inspect", "-b", browser, "-c", "second-session", "--json"], environment: environment(home: stores + "/home"))
        #expect(try JSONValue(parsing: inspect.stdoutBytes)["format"] == .string("iron-session"))
        let all = iron(["unseal", "-b", browser, "--all"], environment: environment(home: stores + "/home"))
        let rows = all.stdout.lines.filter { !$0.isEmpty }.map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.map { $0[2] } == [firstPayload, secondPayload])
        #expect(rows.allSatisfy { $0[1].contains(browser.hasPrefix("firefox") ? "of the Firefox store ~/" : "of the Chromium store ~/") && $0[1].hasSuffix(", for 127.0.0.1") })
    }

    @Test("the built binary reads Firefox's store, and reseals the cookie with the newest password")
    func binaryFromBrowser() throws {
        guard let stores = S.requireBrowserStores() else { return }
        let map = #"{"2":"public-password-newer-0123456789abcdef","1":"\#(S.password)"}"#
        let run = try BinaryRun.run(["reseal", "--from-browser", "firefox", "--cookie", "iron-session", "--password-env", "MAP"],
                                    environment: ["HOME": stores + "/home", "MAP": map, "TMPDIR": FileManager.default.temporaryDirectory.path])
        #expect(run.status == 0, "\(run.stderr)")
        let token = run.stdoutText.trimmingCharacters(in: .newlines)
        #expect(token.hasPrefix("Fe26.2*2*") && token.hasSuffix("~2"))
        let unsealer = try Unsealer(password: Password("public-password-newer-0123456789abcdef", id: "2"), options: .default)
        #expect(try unsealer.unseal(token).text == firstPayload)
    }

    @Test("a store's bytes on standard input are recognised and read from a private copy", arguments: ["firefox/cookies.sqlite", "chromium/Default/Cookies"])
    func storeOnStandardInput(_ file: String) throws {
        guard let stores = S.requireBrowserStores() else { return }
        let result = iron(["unseal", "--all"], stdin: try S.bytes(stores + "/" + file), environment: environment(home: "/nonexistent"))
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.lines.filter { !$0.isEmpty }.map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.map { $0[2] } == [firstPayload, secondPayload])
        #expect(rows.allSatisfy { $0[1].contains("store read from standard input") })
    }

    @Test("a keyring-encrypted (v11) cookie: --all leaves it out with a note, asking for it names the keyring")
    func keyringCookie() throws {
        guard let stores = S.requireBrowserStores(), let sqlite3 = S.tool("sqlite3") else { return }
        let folder = try S.makeTemporaryDirectory("v11-input")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try S.copy(stores + "/chromium/Default/Cookies", to: folder + "/Cookies")
        let update = try S.run(sqlite3, [folder + "/Cookies", "UPDATE cookies SET encrypted_value = X'763131' || randomblob(64) WHERE name = 'iron-session'"])
        try #require(update.status == 0, "\(update.stderr)")
        let bytes = try S.bytes(folder + "/Cookies")
        let all = iron(["unseal", "--all"], stdin: bytes, environment: environment(home: "/nonexistent"))
        #expect(all.status == 0)
        #expect(all.stdout.lines.filter { !$0.isEmpty }.map { $0.split(separator: "\t").last.map(String.init) ?? "" } == [secondPayload])
        #expect(all.stderr.hasPrefix("iron: note: 1 cookie of the browser cookie store could not be decrypted and is left out (the first: the Chromium store is encrypted with a key held by the desktop keyring"))
        #expect(!all.stderr.contains(FileManager.default.temporaryDirectory.path + "/iron-cookies."), "no private path in messages")
        let asked = iron(["unseal", "--cookie", "iron-session"], stdin: bytes, environment: environment(home: "/nonexistent"))
        #expect(asked.status == 65)
        #expect(asked.stderrLines.first?.contains("the desktop keyring (GNOME Keyring/KWallet); iron cannot read the store from standard input (cookie iron-session of 127.0.0.1 is v11)") == true,
                "\(asked.stderr)")
        #expect(asked.stderrLines.count == 3, "the error and its two hints")
    }

    @Test("a locked or missing store names what is missing")
    func missingStore() {
        let result = iron(["unseal", "--from-browser", "firefox", "--cookie", "x"], environment: environment(home: "/nonexistent"))
        #expect(result.status == 66)
        #expect(result.stderrLines.first?.hasPrefix("iron: error: no Firefox profile found") == true)
        #expect(iron(["unseal", "--from-browser", "netscape"], environment: password).status == 64)
        #expect(iron(["unseal", "--from-browser", "firefox", "Fe26.2*x"], environment: password).status == 64)
    }
}

@Suite("HAR, storageState and JSON cookie files as input")
struct CookieInputFixtureTests {
    @Test("each file gives the cookie's payload through unseal, inspect and reseal",
          arguments: ["chrome.har", "firefox.har", "storage-state.json", "cookies-object.json", "cookies-array.json"])
    func files(_ file: String) throws {
        guard let fixtures = S.requireFixtures() else { return }
        let bytes = try S.bytes(fixtures + "/" + file)
        let result = iron(["unseal", "--cookie", "iron-session"], stdin: bytes, environment: password)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == firstPayload + "\n")
        #expect(result.stderr.isEmpty)
        let inspect = iron(["inspect", "--cookie", "second-session", "--json"], stdin: bytes)
        #expect(inspect.status == 0)
        #expect(try JSONValue(parsing: inspect.stdoutBytes)["passwordId"] == .string("1"))
        let resealed = iron(["reseal", "--cookie", "second-session"], stdin: bytes, environment: password)
        #expect(iron(["unseal"], stdin: resealed.stdoutBytes, environment: password).stdout == secondPayload + "\n")
        // Every place the HAR names a cookie is one row of --all: each name and token once.
        let all = iron(["unseal", "--all", "--json"], stdin: bytes, environment: password)
        let records = try all.stdout.lines.filter { !$0.isEmpty }.map { try JSONValue(parsing: Array($0.utf8)) }
        #expect(records.compactMap { $0["cookie"]?.stringValue } == ["iron-session", "second-session"])
        #expect(records.allSatisfy { $0["origin"]?.stringValue?.isEmpty == false })
    }

    @Test("a HAR whose cookies are only in cookies[] (no header text) still opens")
    func harCookiesOnly() throws {
        let token = try S.seal(firstPayload)
        let har = #"{"log":{"version":"1.2","entries":[{"request":{"url":"http://localhost/","headers":[],"cookies":[{"name":"s","value":"\#(token)"}]},"response":{"headers":[],"cookies":[]}}]}}"#
        let result = iron(["unseal", "--cookie", "s"], stdin: Array(har.utf8), environment: password)
        #expect(result.stdout == firstPayload + "\n")
        #expect(iron(["unseal"], stdin: Array(har.utf8), environment: password).stdout == firstPayload + "\n", "one token needs no --cookie")
    }

    @Test("a cookie file whose cookies hold no token lists them")
    func noTokenInFile() {
        let result = iron(["unseal"], stdin: Array(#"{"theme":"dark","lang":"en"}"#.utf8), environment: password)
        #expect(result.status == 65)
        #expect(result.stderrLines == ["iron: error: no cookie in the JSON object holds an iron token (cookies: theme, lang)"])
    }
}
