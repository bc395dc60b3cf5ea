import Testing
import IronTestSupport
@testable import Iron

@Suite("Reference vectors (@hapi/iron 7.0.1, iron-session 8.0.4)")
struct VectorTests {
    @Test("the fixture holds all 44 cases, positive and negative")
    func fixtureIsComplete() {
        #expect(Vector.all.count == 44)
        #expect(Vector.ok.count >= 20)
        #expect(Set(Vector.all.map(\.name)).count == Vector.all.count)
        #expect(Vector.all.contains { $0.expect != "ok" })
    }

    @Test("every case gets the reference verdict; ok cases unseal to exactly their plaintext", arguments: Vector.all)
    func verdict(_ vector: Vector) throws {
        let unsealer = try vector.makeUnsealer(clock: FixedClock(vectorNow))
        if vector.expect == "ok" {
            let result = try unsealer.unseal(vector.seal)
            #expect(result.text == vector.plaintext)
            #expect(result.payload == Array(vector.plaintext.utf8))
        } else {
            let error = thrownError { try unsealer.unseal(vector.seal) }
            #expect(error?.reason == vector.expect)
        }
    }

    @Test("sealing an ok case's plaintext with its salts, IV and expiration reproduces the token", arguments: Vector.ok)
    func reproduce(_ vector: Vector) throws {
        let token = try Token(vector.seal)
        var options = vector.sealOptions
        options.versionSuffix = token.versionSuffix.flatMap { Int($0) }
        var now = vectorNow
        if let expiration = token.expiresAt {
            #expect(options.ttl != .zero)
            now = expiration - options.ttl
        } else {
            options.ttl = .zero
        }
        let sealer = try Sealer(password: vector.sealingPassword, options: options)
        let parameters = SealParameters(now: now, insecure: .init(
            encryptionSalt: token.encryptionSalt,
            iv: try InitializationVector(try #require(token.ivBytes)),
            integritySalt: token.integritySalt
        ))
        let resealed = try sealer.seal(json: Array(vector.plaintext.utf8), parameters: parameters)
        #expect(resealed == vector.seal)
    }

    @Test("iron-session cases give what iron-session's unsealData returns", arguments: Vector.ok.filter { $0.isSession })
    func sessionResult(_ vector: Vector) throws {
        let unsealer = try vector.makeUnsealer(clock: FixedClock(vectorNow))
        let result = try unsealer.unseal(vector.seal)
        let expected = try #require(vector.sessionResult?["object"])
        let actual = try JSONValue(parsing: result.ironSessionData())
        #expect(actual == expected)
        #expect(result.ironSessionReadsPersistent == (vector.sessionResult?["tokenVersion"] != .number("2")))
    }

    @Test("iron-session's failures: the library reports exactly the one iron-session swallowed, of a kind it swallows", arguments: Vector.all.filter { $0.isSession && $0.expect != "ok" })
    func sessionFailures(_ vector: Vector) throws {
        let unsealer = try vector.makeUnsealer(clock: FixedClock(vectorNow))
        let error = thrownError { try unsealer.unseal(vector.seal) }
        #expect(error?.reason == vector.sessionResult?["swallowed"]?.stringValue)
        // iron-session 8 starts an empty session for these four and rethrows anything else.
        #expect([IronError.Kind.expired, .badHMAC, .passwordNotFound, .incorrectComponentCount].contains(try #require(error).kind))
    }
}
