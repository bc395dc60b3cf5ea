import Foundation
import Testing
import IronSession

// The code samples of the DocC catalogs (Sources/IronSession/IronSession.docc and
// Sources/Iron/Iron.docc), compiled with the tests. Every ```swift block of their pages appears
// verbatim (indentation aside) in one of the methods below, which the tests run;
// `DocumentationSampleTests.everyBlockIsHere` checks that.
// Only the public API is used: no `@testable import`.

struct DocumentationSamples {
    // MARK: - Iron

    func sealJSON() throws -> (token: String, unsealed: Unsealed) {
        let password = Password("correct-horse-battery-staple-and-more-words")
        let sealer = try Sealer(password: password)
        let token = try sealer.seal(json: #"{"user":{"id":230}}"#.utf8)
        // Fe26.2**4f0d…*qW1u…*Jc8r…**9b2e…*Xk0T…  (@hapi/iron's defaults: no id, no expiration)

        let unsealed = try Unsealer(password: password).unseal(token)
        // unsealed.text: {"user":{"id":230}}
        return (token, unsealed)
    }

    // MARK: - Getting Started

    struct User: Codable, Sendable {
        var id: Int
        var name: String
    }

    func sealAndUnseal() throws -> (token: String, user: User) {
        let password = Password("correct-horse-battery-staple-and-more-words")
        let sealer = try Sealer(password: password, options: .ironSession)
        let token = try sealer.seal(User(id: 230, name: "Ada"))
        // Fe26.2*1*5c1f…*Dq0v…*Wx3h…*1797144775905*0f7e…*Vt5K…~2

        let unsealer = try Unsealer(password: password, options: .ironSession, expiryCheck: .verifyFirst)
        let user = try unsealer.unseal(token, as: User.self)
        // User(id: 230, name: "Ada")
        return (token, user)
    }

    func makeSessions() throws -> SessionCookie {
        let sessions = try SessionCookie(
            name: "myapp_session",
            password: "correct-horse-battery-staple-and-more-words"
        )
        return sessions
    }

    func logIn(sessions: SessionCookie, cookieHeader: String?) throws -> Session<User> {
        var session = sessions.session(User.self, cookieHeader: cookieHeader)
        if session.data == nil {
            session.data = User(id: 230, name: "Ada")
            try session.save()
        }
        // session.setCookieHeaders, for the response:
        // myapp_session=Fe26.2*1*…~2; Max-Age=1209540; Path=/; HttpOnly; Secure; SameSite=Lax
        return session
    }

    func logOut(sessions: SessionCookie, cookieHeader: String?) -> Session<User> {
        var session = sessions.session(User.self, cookieHeader: cookieHeader)
        session.destroy()
        // myapp_session=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax
        return session
    }

    // MARK: - Sharing Sessions with a Next.js App

    func makeSharedSessions() throws -> SessionCookie {
        var attributes = CookieAttributes()
        attributes.domain = "example.com"

        let sessions = try SessionCookie(
            name: "myapp_session",
            password: .rotating([
                1: "the-old-password-of-at-least-32-characters",
                2: "the-new-password-of-at-least-32-characters",
            ]),
            ttl: .seconds(7 * 24 * 60 * 60),
            attributes: attributes
        )
        return sessions
    }

    struct AppSession: Codable, Sendable {
        var user: User?
        var lastSeen: Date?
    }

    func visit(sessions: SessionCookie, cookieHeader: String?) throws -> Session<AppSession> {
        var session = sessions.session(AppSession.self, cookieHeader: cookieHeader)
        var data = session.data ?? AppSession()
        data.lastSeen = Date()
        session.data = data
        try session.save()
        // {"lastSeen":"2026-11-29T12:00:00.123Z"}, as JSON.stringify writes a Date
        return session
    }

    func javaScriptDate() throws -> String {
        let lastSeen = Date(timeIntervalSince1970: 1_764_417_600.123)
        let json = try JSONEncoder.javaScript.encode(lastSeen)
        // "2025-11-29T12:00:00.123Z"
        let date = try JSONDecoder.javaScript.decode(Date.self, from: json)
        // the same instant, to the millisecond
        return String(decoding: json, as: UTF8.self) + " " + String(date.timeIntervalSince1970)
    }

    func readLegacyToken(sessions: SessionCookie) throws -> Session<User> {
        var options = SealOptions.ironSession
        options.versionSuffix = nil
        let password = Password("the-old-password-of-at-least-32-characters", id: "1")
        let legacyToken = try Sealer(password: password, options: options)
            .seal(["persistent": User(id: 230, name: "Ada")])

        let session = sessions.session(User.self, token: legacyToken)
        // session.data: User(id: 230, name: "Ada")
        return session
    }

    func problem(in session: Session<AppSession>) -> String? {
        switch session.status {
        case .valid, .missing, .expired:
            return nil
        case .unknownPasswordId(let id):
            return "sealed with password \(id), which the map no longer has"
        case .invalid(let reason), .undecodable(let reason):
            return session.status.ironSessionThrows ? reason + " (iron-session would throw)" : reason
        }
    }
}

extension DocumentationSamples.User: Equatable {}

@Suite("DocumentationSamples: the articles' code compiles and runs")
struct DocumentationSampleTests {
    let samples = DocumentationSamples()

    static let catalogs = ["Sources/IronSession/IronSession.docc", "Sources/Iron/Iron.docc"]

    /// The ```swift blocks of the catalogs' pages, each as lines without their common indentation.
    static func articleBlocks() throws -> [(article: String, lines: [String])] {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var blocks: [(String, [String])] = []
        for catalog in catalogs.map(root.appendingPathComponent) {
            let articles = try FileManager.default.contentsOfDirectory(atPath: catalog.path).filter { $0.hasSuffix(".md") }.sorted()
            for article in articles {
                try blocks += swiftBlocks(in: String(contentsOf: catalog.appendingPathComponent(article), encoding: .utf8)).map { (article, $0) }
            }
        }
        return blocks
    }

    /// The ```swift blocks of a Markdown text, dedented.
    static func swiftBlocks(in text: String) -> [[String]] {
        var blocks: [[String]] = []
        var current: [String]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if current == nil, trimmed == "```swift" {
                current = []
            } else if let lines = current, trimmed == "```" {
                blocks.append(dedented(lines))
                current = nil
            } else if current != nil {
                current!.append(line)
            }
        }
        return blocks
    }

    /// Lines without trailing white space and without the indentation they all share.
    static func dedented(_ lines: some Collection<String>) -> [String] {
        let stripped = lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }
        let indent = stripped.filter { !$0.isEmpty }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return stripped.map { $0.isEmpty ? $0 : String($0.dropFirst(indent)) }
    }

    @Test("every ```swift block of the articles appears verbatim in DocumentationSamples.swift")
    func everyBlockIsHere() throws {
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let blocks = try Self.articleBlocks()
        #expect(blocks.count >= 12, "the articles' samples were not found")
        for block in blocks {
            let found = source.indices.contains { start in
                start + block.lines.count <= source.count && Self.dedented(source[start..<start + block.lines.count]) == block.lines
            }
            #expect(found, "a sample of \(block.article) is not in DocumentationSamples.swift:\n\(block.lines.joined(separator: "\n"))")
        }
    }

    @Test("Iron: JSON seals into a plain @hapi/iron token and unseals back")
    func iron() throws {
        let (token, unsealed) = try samples.sealJSON()
        #expect(token.hasPrefix("Fe26.2**") && !token.contains("~"))
        #expect(try Token(token).expiration.isEmpty)
        #expect(unsealed.text == #"{"user":{"id":230}}"#)
    }

    @Test("Getting Started: a value seals and unseals; a session saves and destroys")
    func gettingStarted() throws {
        let (token, user) = try samples.sealAndUnseal()
        #expect(token.hasPrefix("Fe26.2*1*") && token.hasSuffix("~2"))
        #expect(user == DocumentationSamples.User(id: 230, name: "Ada"))

        let sessions = try samples.makeSessions()
        let saved = try samples.logIn(sessions: sessions, cookieHeader: nil)
        #expect(saved.status == .missing && saved.setCookieHeaders.count == 1)
        let header = try #require(saved.setCookieHeaders.first)
        #expect(header.hasPrefix("myapp_session=Fe26.2*1*"))
        #expect(header.hasSuffix("~2; Max-Age=1209540; Path=/; HttpOnly; Secure; SameSite=Lax"))

        let cookie = "theme=dark; " + String(header.prefix { $0 != ";" })
        let again = try samples.logIn(sessions: sessions, cookieHeader: cookie)
        #expect(again.status == .valid && again.setCookieHeaders.isEmpty)
        #expect(again.data == DocumentationSamples.User(id: 230, name: "Ada"))

        let destroyed = samples.logOut(sessions: sessions, cookieHeader: cookie)
        #expect(destroyed.data == nil)
        #expect(destroyed.setCookieHeaders == ["myapp_session=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax"])
    }

    @Test("Sharing Sessions with a Next.js App: the configuration, dates, legacy tokens, statuses")
    func nextJS() throws {
        let sessions = try samples.makeSharedSessions()
        #expect(sessions.passwordIds == [1, 2])
        let visited = try samples.visit(sessions: sessions, cookieHeader: nil)
        let header = try #require(visited.setCookieHeaders.first)
        #expect(header.hasPrefix("myapp_session=Fe26.2*2*"))
        #expect(header.hasSuffix("~2; Max-Age=604740; Domain=example.com; Path=/; HttpOnly; Secure; SameSite=Lax"))

        let token = String(header.dropFirst("myapp_session=".count).prefix { $0 != ";" })
        let payload = try Unsealer(password: Password("the-new-password-of-at-least-32-characters", id: "2"), options: .ironSession)
            .unseal(token).text
        #expect(payload.range(of: #"^\{"lastSeen":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"\}$"#, options: .regularExpression) != nil, "\(payload)")

        #expect(try samples.javaScriptDate() == #""2025-11-29T12:00:00.123Z" 1764417600.123"#)

        let legacy = try samples.readLegacyToken(sessions: sessions)
        #expect(legacy.status == .valid && legacy.data == DocumentationSamples.User(id: 230, name: "Ada"))

        #expect(samples.problem(in: visited) == nil)
        let empty = sessions.session(DocumentationSamples.AppSession.self, cookieHeader: "myapp_session=" + token.replacingOccurrences(of: "Fe26.2*2*", with: "Fe26.2*3*"))
        #expect(samples.problem(in: empty) == "sealed with password 3, which the map no longer has")
        let forged = sessions.session(DocumentationSamples.AppSession.self, cookieHeader: "myapp_session=" + token.replacingOccurrences(of: "Fe26.2*", with: "Fe26.1*"))
        #expect(samples.problem(in: forged) == "Wrong mac prefix (iron-session would throw)")
    }
}
