import Iron
import IronSessionHummingbird
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation

/// `curl` with a real cookie jar (`-c jar -b jar`): the browser's part, done by curl.
struct Curl {
    /// curl on `PATH`, or `nil`.
    static let path: String? = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/curl" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// `IRON_REQUIRE_CURL=1`: a missing curl fails the test instead of skipping it.
    static let required = ProcessInfo.processInfo.environment["IRON_REQUIRE_CURL"] == "1"

    let executable: String
    let port: Int
    let folder: URL
    var jar: URL { folder.appendingPathComponent("jar") }

    struct Reply {
        var status: Int
        var body: String
        var user: User? { try? JSONDecoder().decode(User.self, from: Data(body.utf8)) }
    }

    /// Runs `curl -s -c jar -b jar ARGUMENTS http://127.0.0.1:PORT/PATH`; the status from `-w`.
    func callAsFunction(_ arguments: [String], _ path: String, jar useJar: Bool = true) async throws -> Reply {
        let body = folder.appendingPathComponent("body")
        var command = ["-s", "-S", "--max-time", "30", "-o", body.path, "-w", "%{http_code}"]
        if useJar { command += ["-c", jar.path, "-b", jar.path] }
        command += arguments + ["http://127.0.0.1:\(port)\(path)"]
        let status = try await run(command)
        let text = (try? String(contentsOf: body, encoding: .utf8)) ?? ""
        return Reply(status: Int(status) ?? -1, body: text)
    }

    /// Runs curl without blocking a thread of the cooperative pool (the server's handlers run there).
    private func run(_ arguments: [String]) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = folder.appendingPathComponent("stdout")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        #expect(process.terminationStatus == 0, "curl \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        return try String(contentsOf: output, encoding: .utf8)
    }

    /// The jar's cookie of that name (curl writes HttpOnly cookies as `#HttpOnly_host ...`).
    func jarCookie(_ name: String) throws -> (value: String, httpOnly: Bool, secure: Bool, path: String)? {
        guard FileManager.default.fileExists(atPath: jar.path) else { return nil }
        for line in try String(contentsOf: jar, encoding: .utf8).split(separator: "\n") {
            let httpOnly = line.hasPrefix("#HttpOnly_")
            if line.hasPrefix("#") && !httpOnly { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 7, fields[5] == name else { continue }
            return (String(fields[6]), httpOnly, fields[3] == "TRUE", String(fields[2]))
        }
        return nil
    }
}

@Suite struct CurlTests {
    static let available = Curl.path != nil || Curl.required

    func withCurl(_ sessions: SessionCookie, _ body: @Sendable (Curl) async throws -> Void) async throws {
        guard let executable = Curl.path else {
            Issue.record("IRON_REQUIRE_CURL=1, and curl is not on PATH")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iron-hummingbird-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withServer(sessions: sessions) { port in
            try await body(Curl(executable: executable, port: port, folder: folder))
        }
    }

    @Test(.enabled(if: available, "curl is not installed (IRON_REQUIRE_CURL=1 makes this a failure)"))
    func loginUserLogoutWithACookieJar() async throws {
        try await withCurl(try Fixture.sessions()) { curl in
            #expect(try await curl([], "/user").status == 401)

            let login = try await curl(["-X", "POST", "-H", "Content-Type: application/json", "-d", #"{"id":230,"admin":true}"#], "/login")
            #expect(login.status == 200)
            let stored = try #require(try curl.jarCookie(Fixture.cookieName), "curl kept no session cookie")
            #expect(stored.httpOnly && !stored.secure && stored.path == "/")
            try expectIronSessionToken(stored.value, passwordId: "1")
            try expectSessionJSON(stored.value)

            let user = try await curl([], "/user")
            #expect(user.status == 200)
            #expect(user.user == Fixture.user)

            #expect(try await curl(["-X", "POST"], "/logout").status == 204)
            #expect(try curl.jarCookie(Fixture.cookieName) == nil, "Max-Age=0 removed the cookie from the jar")
            #expect(try await curl([], "/user").status == 401)
        }
    }

    @Test(.enabled(if: available, "curl is not installed (IRON_REQUIRE_CURL=1 makes this a failure)"))
    func magicLinkFollowedWithACookieJar() async throws {
        try await withCurl(try Fixture.sessions()) { curl in
            let seal = try Fixture.magicLinks().seal(AppSession(user: Fixture.user))
            // -L: curl stores the 303's cookie, then sends it to /user.
            let followed = try await curl(["-L"], "/magic?seal=\(seal)")
            #expect(followed.status == 200)
            #expect(followed.user == Fixture.user)
            let stored = try #require(try curl.jarCookie(Fixture.cookieName))
            try expectIronSessionToken(stored.value, passwordId: "1")

            let expired = try await curl([], "/magic?seal=\(try magicToken(sealedAgo: .seconds(20 * 60)))", jar: false)
            #expect(expired.status == 401)
            #expect(expired.body.contains("magic link expired"))
        }
    }

    @Test(.enabled(if: available, "curl is not installed (IRON_REQUIRE_CURL=1 makes this a failure)"))
    func rotationWithACookieJar() async throws {
        let old = try Fixture.sessions(.rotating([1: Fixture.passwordA]))
        let oldToken = try old.seal(AppSession(user: Fixture.user))
        let rotated: [Int: String] = [1: Fixture.passwordA, 2: Fixture.passwordB]
        try await withCurl(try Fixture.sessions(.rotating(rotated))) { curl in
            // The browser arrives with the cookie sealed under the old map.
            let refresh = try await curl(["-X", "POST", "-b", old.cookieHeader(token: oldToken), "-c", curl.jar.path], "/refresh", jar: false)
            #expect(refresh.status == 200)
            #expect(refresh.user == Fixture.user)
            let stored = try #require(try curl.jarCookie(Fixture.cookieName))
            #expect(try Token(stored.value).passwordId == "2")
            try expectIronSessionToken(stored.value, passwordId: "2")
            try expectSessionJSON(stored.value, passwords: rotated)

            let user = try await curl([], "/user")
            #expect(user.status == 200)
            #expect(user.user == Fixture.user)
        }
    }
}
