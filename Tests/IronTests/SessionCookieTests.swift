import Foundation
import Testing
import IronSession
import IronTestSupport
@testable import Iron

/// A case of `Fixtures/iron-session-cookies.json` (made by iron-session 8.0.4 over cookie 0.7.2).
struct CookieCase: Sendable, CustomStringConvertible {
    let name: String
    let cookieName: String
    let token: String
    let options: JSONValue
    let setCookie: String
    let destroySetCookie: String
    var description: String { name }

    static let fixture: JSONValue = {
        let data = try! Data(contentsOf: Vector.fixturesDirectory.appendingPathComponent("iron-session-cookies.json"))
        return try! JSONValue(parsing: Array(data))
    }()

    static let all: [CookieCase] = {
        guard case .array(let saves)? = fixture["save"], case .array(let destroys)? = fixture["destroy"] else { fatalError("no save or destroy cases") }
        let cleared = Dictionary(uniqueKeysWithValues: destroys.map { ($0["name"]!.stringValue!, $0["setCookie"]!.stringValue!) })
        return saves.map { item in
            CookieCase(name: item["name"]!.stringValue!, cookieName: item["cookieName"]!.stringValue!, token: item["token"]!.stringValue!,
                       options: item["options"]!, setCookie: item["setCookie"]!.stringValue!, destroySetCookie: cleared[item["name"]!.stringValue!]!)
        }
    }()

    /// The case's options as a ``SessionCookie``.
    func sessionCookie() throws -> SessionCookie {
        var attributes = CookieAttributes()
        var ttl = Duration.seconds(1_209_600)
        if case .number(let seconds)? = options["ttl"] { ttl = .seconds(Int64(seconds)!) }
        guard case .object(let members)? = options["cookieOptions"] ?? .object([]) else { fatalError("cookieOptions") }
        for member in members {
            let value = member.value
            switch (member.key, value) {
            case ("maxAge", .string("(undefined)")): attributes.maxAge = .browserSession
            case ("maxAge", .number(let n)): attributes.maxAge = .seconds(Int64(n)!)
            case ("secure", .bool(let b)): attributes.secure = b
            case ("httpOnly", .bool(let b)): attributes.httpOnly = b
            case ("partitioned", .bool(let b)): attributes.partitioned = b
            case ("domain", .string(let text)): attributes.domain = text
            case ("path", .string(let text)): attributes.path = text
            case ("priority", .string(let text)): attributes.priority = CookieAttributes.Priority(rawValue: text.capitalized)
            case ("sameSite", .bool(true)): attributes.sameSite = .strict
            case ("sameSite", .string(let text)): attributes.sameSite = CookieAttributes.SameSite(rawValue: text.capitalized)
            case ("expires", .string(let text)): attributes.expires = Timestamp(ISO8601DateFormatter.milliseconds.date(from: text)!)
            default: Issue.record("unknown cookie option \(member.key)")
            }
        }
        return try SessionCookie(name: cookieName, password: .single(testSecret), ttl: ttl, attributes: attributes, concurrency: 1)
    }
}

private let testSecret = "public-iron-session-password-0123456789"
private let newerSecret = "public-iron-session-password-2-abcdefghij"

extension ISO8601DateFormatter {
    nonisolated(unsafe) static let milliseconds: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
}

struct User: Codable, Equatable, Sendable {
    struct Inner: Codable, Equatable, Sendable { var id: Int; var admin: Bool }
    var user: Inner
}

@Suite("SessionCookie: iron-session 8 for Swift servers")
struct SessionCookieTests {
    func requireSendable<T: Sendable>(_: T.Type) {}

    @Test("the shared types are Sendable (a compile-time check)")
    func sendable() {
        requireSendable(SessionCookie.self)
        requireSendable(Session<User>.self)
        requireSendable(Sealer.self)
        requireSendable(Unsealer.self)
    }

    @Test("save() sends exactly iron-session's Set-Cookie for each option set", arguments: CookieCase.all)
    func save(_ vector: CookieCase) throws {
        #expect(try vector.sessionCookie().setCookie(token: vector.token) == vector.setCookie)
    }

    @Test("destroy() sends exactly iron-session's clearing Set-Cookie", arguments: CookieCase.all)
    func destroy(_ vector: CookieCase) throws {
        #expect(try vector.sessionCookie().destroyingSetCookie == vector.destroySetCookie)
    }

    @Test("the Cookie header is read as iron-session reads it")
    func parse() throws {
        guard case .array(let cases)? = CookieCase.fixture["parse"] else { Issue.record("no parse cases"); return }
        #expect(cases.count == 12)
        for item in cases {
            let header = try #require(item["cookieHeader"]?.stringValue), name = try #require(item["cookieName"]?.stringValue)
            #expect(CookieHeader.value(named: name, in: header) == item["value"]?.stringValue, "\(item["name"]!)")
        }
    }

    func cookie(_ password: SessionPassword = .single(testSecret), ttl: Duration = .seconds(1_209_600)) throws -> SessionCookie {
        try SessionCookie(name: "myapp_session", password: password, ttl: ttl)
    }

    @Test("a saved session reads back; the token is iron-session's (id 1, ~2, 14 days)")
    func roundTrip() throws {
        let sessions = try cookie()
        var session = sessions.session(User.self, cookieHeader: nil)
        #expect(session.status == .missing && session.data == nil)
        session.data = User(user: .init(id: 230, admin: true))
        let header = try session.save()
        let token = try #require(CookieHeader.value(named: "myapp_session", in: String(header.prefix { $0 != ";" })))
        let fields = try Token(token)
        #expect(fields.passwordId == "1" && fields.versionSuffix == "2")
        let expires = try #require(fields.expiresAt)
        #expect(expires - Timestamp(Date()) > .seconds(1_209_500))
        let read = sessions.session(User.self, cookieHeader: "theme=dark; " + sessions.cookieHeader(token: token))
        #expect(read.status == .valid)
        #expect(read.data == User(user: .init(id: 230, admin: true)))
    }

    @Test("missing, expired, forged, unknown-id and undecodable cookies give an empty session and say why")
    func emptySessions() throws {
        let sessions = try cookie()
        #expect(sessions.session(User.self, cookieHeader: "other=1").status == .missing)
        #expect(sessions.session(User.self, cookieHeader: "myapp_session=").status == .missing)
        let valid = try sessions.seal(User(user: .init(id: 1, admin: false)))

        var expired = FieldToken(password: testSecret, plaintext: #"{"user":{"id":1,"admin":false}}"#)
        expired.id = "1"
        expired.suffix = "2"
        expired.expiration = String(Timestamp(Date()).millisecondsSince1970 - 3_600_000)
        #expect(sessions.session(User.self, token: try expired.build()).status == .expired)

        var forged = expired
        forged.integrityPassword = newerSecret
        #expect(sessions.session(User.self, token: try forged.build()).status == .invalid(reason: "Bad hmac value"), "expired means authentic")

        let other = try cookie(.rotating([7: newerSecret])).seal(User(user: .init(id: 1, admin: false)))
        #expect(sessions.session(User.self, token: other).status == .unknownPasswordId("7"))

        #expect(sessions.session([String].self, token: valid).status.isUndecodable)
        #expect(sessions.session(User.self, token: "Fe26.2*1*x").status == .invalid(reason: "Incorrect number of sealed components"))
        #expect(!sessions.session(User.self, token: "Fe26.2*1*x").status.ironSessionThrows)
        #expect(sessions.session(User.self, token: "Fe26.1*1*a*b*c**d*e").status.ironSessionThrows)
    }

    @Test("rotation: a session sealed with id 1 opens once id 2 is added, and the next save writes id 2")
    func rotation() throws {
        let old = try cookie(.rotating([1: testSecret]))
        let token = try old.seal(User(user: .init(id: 230, admin: true)))
        let rotated = try cookie(.rotating([1: testSecret, 2: newerSecret]))
        var session = rotated.session(User.self, token: token)
        #expect(session.status == .valid)
        let header = try session.save()
        let saved = try #require(CookieHeader.value(named: "myapp_session", in: String(header.prefix { $0 != ";" })))
        #expect(try Token(saved).passwordId == "2")
    }

    @Test("a clock given at creation seals and judges expiry: 15 minutes after a 15-minute session it is expired")
    func clock() throws {
        let start = Timestamp(millisecondsSince1970: 1_795_910_400_000)
        let minting = try SessionCookie(name: "link", password: .single(testSecret), ttl: .seconds(900), clock: FixedClock(start), concurrency: 1)
        let token = try minting.seal(User(user: .init(id: 230, admin: true)))
        #expect(try Token(token).expiresAt == start + .seconds(900))
        let soon = try SessionCookie(name: "link", password: .single(testSecret), clock: FixedClock(start + .seconds(840)), concurrency: 1)
        #expect(soon.session(User.self, token: token).status == .valid)
        // iron's 60 seconds of skew: expired once a minute past the expiration.
        let late = try SessionCookie(name: "link", password: .single(testSecret), clock: FixedClock(start + .seconds(961)), concurrency: 1)
        #expect(late.session(User.self, token: token).status == .expired)
    }

    @Test("JSON bytes in and out, without Codable: seal(json:) and unsealJSON")
    func rawJSON() throws {
        let sessions = try cookie()
        let token = try sessions.seal(json: Array(#"{ "user" : {"id":230,"admin":true} }"#.utf8))
        #expect(try sessions.unsealJSON(token) == Array(#"{"user":{"id":230,"admin":true}}"#.utf8))
        #expect(sessions.session(User.self, token: token).data == User(user: .init(id: 230, admin: true)))
        #expect(thrownError(SessionError.self) { _ = try sessions.seal(json: Array("{".utf8)) }?.kind == .sealingFailed)
        var legacy = FieldToken(password: testSecret, plaintext: #"{"persistent":{"a":1},"flash":{}}"#)
        legacy.id = "1"
        #expect(try sessions.unsealJSON(try legacy.build()) == Array(#"{"a":1}"#.utf8))
        #expect(thrownError(IronError.self) { _ = try sessions.unsealJSON(String(token.dropLast(3)) + "x~2") }?.kind == .badHMAC)
    }

    @Test("a legacy token without ~2 is read through its persistent member, as iron-session 8 reads it")
    func legacy() throws {
        let sessions = try cookie()
        var legacy = FieldToken(password: testSecret, plaintext: #"{"persistent":{"user":{"id":5,"admin":false}},"flash":{}}"#)
        legacy.id = "1"
        #expect(sessions.session(User.self, token: try legacy.build()).data == User(user: .init(id: 5, admin: false)))
    }

    @Test("configuration errors are thrown at creation, with iron-session's rules and messages")
    func configuration() {
        #expect(thrownError(SessionError.self) { try SessionCookie(name: "", password: .single(testSecret)) }?.kind == .invalidCookieName)
        #expect(thrownError(SessionError.self) { try SessionCookie(name: "a b", password: .single(testSecret)) }?.kind == .invalidCookieName)
        #expect(thrownError(SessionError.self) { try SessionCookie(name: "s", password: .single("")) }?.reason == "iron-session: Bad usage. Missing password.")
        #expect(thrownError(SessionError.self) { try SessionCookie(name: "s", password: .rotating([:])) }?.kind == .missingPassword)
        #expect(thrownError(SessionError.self) { try SessionCookie(name: "s", password: .rotating([1: testSecret, 2: "short"])) }?.kind == .passwordTooShort)
        var attributes = CookieAttributes()
        attributes.path = "/a;b"
        #expect(thrownError(SessionError.self) { try SessionCookie(name: "s", password: .single(testSecret), attributes: attributes) }?.kind == .invalidAttribute)
    }

    @Test("a Set-Cookie over 4096 bytes is refused with its length, as iron-session refuses it")
    func tooLarge() throws {
        var session = try cookie().session([String: String].self, cookieHeader: nil)
        session.data = ["blob": String(repeating: "x", count: 4000)]
        let error = thrownError(SessionError.self) { try session.save() }
        #expect(error?.kind == .cookieTooLarge)
        #expect(error?.reason.hasPrefix("iron-session: Cookie length is too big (") == true)
        #expect(session.setCookieHeaders.isEmpty)
    }

    @Test("dates round-trip as JSON.stringify writes them: ISO 8601, UTC, milliseconds")
    func javaScriptDates() throws {
        struct Stamped: Codable, Equatable, Sendable { var at: Date }
        let date = try #require(ISO8601DateFormatter.milliseconds.date(from: "2026-11-29T12:00:00.123Z"))
        let json = String(decoding: try JSONEncoder.javaScript.encode(Stamped(at: date)), as: UTF8.self)
        #expect(json == #"{"at":"2026-11-29T12:00:00.123Z"}"#)
        let decoded = try JSONDecoder.javaScript.decode(Stamped.self, from: Data(json.utf8))
        #expect(Timestamp(decoded.at) == Timestamp(date))
        #expect(String(decoding: try JSONEncoder.javaScript.encode(decoded), as: UTF8.self) == json)
        #expect(try JSONDecoder.javaScript.decode(Stamped.self, from: Data(#"{"at":"2026-11-29T12:00:00Z"}"#.utf8)).at.timeIntervalSince1970 == 1_795_953_600)
    }

    @Test("many concurrent tasks share one SessionCookie (run under ThreadSanitizer by scripts/sanitize)")
    func concurrent() async throws {
        let sessions = try cookie()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<32 {
                group.addTask {
                    for round in 0..<20 {
                        let user = User(user: .init(id: task * 100 + round, admin: round % 2 == 0))
                        let token = try sessions.seal(user)
                        let read = sessions.session(User.self, cookieHeader: sessions.cookieHeader(token: token))
                        #expect(read.data == user)
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}

extension SessionStatus {
    var isUndecodable: Bool {
        if case .undecodable = self { return true }
        return false
    }
}
