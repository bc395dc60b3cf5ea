import Foundation
import Iron
import IronSession
import Testing

/// curl, found on `PATH`, or `nil`.
let curlPath: String? = {
    let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    return paths.map { "\($0)/curl" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// Whether the curl tests must run: `IRON_REQUIRE_CURL=1` turns a missing curl into a failure.
let curlRequired = ProcessInfo.processInfo.environment["IRON_REQUIRE_CURL"] == "1"

/// curl with a real cookie jar (`-c jar -b jar`), as a browser keeps cookies.
struct CurlSession {
    let jar: URL
    private let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("iron-vapor-curl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        jar = directory.appendingPathComponent("jar")
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// Runs `curl -s -c jar -b jar`; returns the status and the body. Awaits curl's exit rather
    /// than blocking a thread: the server's handlers share the same small thread pool.
    func request(_ method: String, _ url: String, json: String? = nil) async throws -> (status: Int, body: String) {
        let curl = try #require(curlPath, "curl is not installed")
        let bodyFile = directory.appendingPathComponent("body")
        let statusFile = directory.appendingPathComponent("status")
        defer {
            try? FileManager.default.removeItem(at: bodyFile)
            try? FileManager.default.removeItem(at: statusFile)
        }
        var arguments = ["-s", "-S", "--max-time", "30", "-c", jar.path, "-b", jar.path, "-o", bodyFile.path, "-w", "%{http_code}", "-X", method]
        if let json { arguments += ["-H", "Content-Type: application/json", "--data-binary", json] }
        arguments.append(url)
        _ = FileManager.default.createFile(atPath: statusFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: statusFile)
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: curl)
        process.arguments = arguments
        process.standardOutput = output
        let exitCode: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        try #require(exitCode == 0, "curl \(arguments.joined(separator: " ")) exited \(exitCode)")
        let status = try #require(Int(try String(contentsOf: statusFile, encoding: .utf8)))
        let body = (try? String(contentsOf: bodyFile, encoding: .utf8)) ?? ""
        return (status, body)
    }

    /// The jar's lines for the app's cookie (Netscape format: domain, subdomains, path, secure,
    /// expiry, name, value); `#HttpOnly_` marks an HttpOnly cookie.
    func jarEntries() throws -> [[Substring]] {
        guard FileManager.default.fileExists(atPath: jar.path) else { return [] }
        let text = try String(contentsOf: jar, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 7, fields[5] == cookieName else { return nil }
            guard !line.hasPrefix("#") || line.hasPrefix("#HttpOnly_") else { return nil }
            return fields
        }
    }

    /// The app's cookie token in the jar, `nil` when the jar has none; checks it is HttpOnly and
    /// not Secure, as the server set it.
    func sessionToken(sourceLocation: SourceLocation = #_sourceLocation) throws -> String? {
        let entries = try jarEntries()
        #expect(entries.count <= 1, "one cookie in the jar: \(entries)", sourceLocation: sourceLocation)
        guard let fields = entries.first else { return nil }
        #expect(fields[0] == "#HttpOnly_127.0.0.1", sourceLocation: sourceLocation)
        #expect(fields[2] == "/" && fields[3] == "FALSE", sourceLocation: sourceLocation)
        return String(fields[6])
    }

    /// Puts a cookie in the jar as if the server had set it (HttpOnly, for a day).
    func store(token: String) throws {
        let expiry = Int(Date().timeIntervalSince1970) + 86_400
        let line = "#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t\(expiry)\t\(cookieName)\t\(token)\n"
        try ("# Netscape HTTP Cookie File\n" + line).write(to: jar, atomically: true, encoding: .utf8)
    }
}

/// Runs `body` with a fresh cookie jar.
func withCurl(_ body: (CurlSession) async throws -> Void) async throws {
    let curl = try CurlSession()
    defer { curl.remove() }
    try await body(curl)
}

@Suite("IronSessionMiddleware on a real server, driven by curl and a cookie jar",
       .enabled(if: curlPath != nil || curlRequired, "curl is not installed (IRON_REQUIRE_CURL=1 makes this a failure)"))
struct CurlTests {
    @Test func loginUserLogout() async throws {
        try await withServer(sessions: try appSessions()) { server in
            try await withCurl { curl in
                #expect(try await curl.request("GET", server.base + "/user").status == 401)
                #expect(try curl.sessionToken() == nil)

                let login = try await curl.request("POST", server.base + "/login", json: #"{"id":230,"admin":true}"#)
                #expect(login.status == 200)
                let token = try #require(try curl.sessionToken(), "the jar holds the session cookie")
                try expectIronSessionToken(token, passwordId: "1")
                #expect(try sameJSON(try unsealedJSON(token, passwords: [1: passwordA]), readmeJSON))

                let user = try await curl.request("GET", server.base + "/user")
                #expect(user.status == 200)
                #expect(try JSONDecoder().decode(User.self, from: Data(user.body.utf8)) == readmeUser)

                #expect(try await curl.request("POST", server.base + "/logout").status == 204)
                #expect(try curl.sessionToken() == nil, "Max-Age=0 took the cookie out of the jar")
                #expect(try await curl.request("GET", server.base + "/user").status == 401)
            }
        }
    }

    @Test func magicLink() async throws {
        let magic = try magicLinks()
        try await withServer(sessions: try appSessions(), magic: magic) { server in
            try await withCurl { curl in
                let expired = try await curl.request("GET", server.base + "/magic?seal=\(try expiredMagicToken(readmeUser))")
                #expect(expired.status == 401)
                #expect(try curl.sessionToken() == nil)

                let login = try await curl.request("GET", server.base + "/magic?seal=\(try magic.seal(readmeUser))")
                #expect(login.status == 200)
                let token = try #require(try curl.sessionToken())
                try expectIronSessionToken(token, passwordId: "1")
                #expect(try sameJSON(try unsealedJSON(token, passwords: [1: passwordA]), readmeJSON))
                let user = try await curl.request("GET", server.base + "/user")
                #expect(try JSONDecoder().decode(User.self, from: Data(user.body.utf8)) == readmeUser)
            }
        }
    }

    @Test func passwordRotation() async throws {
        let old = try appSessions(.rotating([1: passwordA]))
        try await withServer(sessions: try appSessions(.rotating([1: passwordA, 2: passwordB]))) { server in
            try await withCurl { curl in
                try curl.store(token: try old.seal(AppSession(user: readmeUser)))
                let user = try await curl.request("GET", server.base + "/user")
                #expect(user.status == 200)
                #expect(try JSONDecoder().decode(User.self, from: Data(user.body.utf8)) == readmeUser)

                #expect(try await curl.request("POST", server.base + "/visit").status == 200)
                let token = try #require(try curl.sessionToken())
                try expectIronSessionToken(token, passwordId: "2")
                #expect(try Token(token).passwordId == "2")
                let visits = try JSONDecoder().decode(AppSession.self, from: Data(try await curl.request("POST", server.base + "/visit").body.utf8)).visits
                #expect(visits == 2, "the jar sent the id-2 cookie back")
            }
        }
    }
}
