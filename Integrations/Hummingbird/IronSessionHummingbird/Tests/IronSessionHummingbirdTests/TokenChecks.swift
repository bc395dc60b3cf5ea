import Iron
import IronSessionHummingbird
import Testing

import Foundation

/// A `Set-Cookie` header value split into its name, value and attributes.
struct SetCookieHeader {
    var name: String
    var value: String
    var attributes: [String: String]

    init(_ header: String) {
        let parts = header.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: " ") }
        let pair = parts[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        name = String(pair[0])
        value = pair.count > 1 ? String(pair[1]) : ""
        attributes = [:]
        for attribute in parts.dropFirst() {
            let field = attribute.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            attributes[String(field[0])] = field.count > 1 ? String(field[1]) : ""
        }
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}

/// Checks that `token` is an iron-session token: `Fe26.2`, eight fields, the password id, `~2`.
/// - Returns: The token's fields.
@discardableResult
func expectIronSessionToken(_ token: String, passwordId: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Token {
    #expect(token.hasPrefix("Fe26.2*"), "not an iron token: \(token)", sourceLocation: sourceLocation)
    #expect(token.hasSuffix("~2"), "no iron-session suffix: \(token)", sourceLocation: sourceLocation)
    let fieldCount = token.split(separator: "~")[0].split(separator: "*", omittingEmptySubsequences: false).count
    #expect(fieldCount == 8, "\(fieldCount) fields in \(token)", sourceLocation: sourceLocation)
    let fields = try Token(token)
    #expect(fields.prefix == "Fe26.2", sourceLocation: sourceLocation)
    #expect(fields.passwordId == passwordId, sourceLocation: sourceLocation)
    #expect(fields.version == 2, sourceLocation: sourceLocation)
    #expect(fields.expiresAt != nil, "an iron-session token with a ttl expires", sourceLocation: sourceLocation)
    return fields
}

/// Checks a `Set-Cookie` header that saves the session: the cookie's name, iron-session's
/// attributes, and a token that opens to `{"user":{"id":230,"admin":true}}`.
/// - Returns: The token.
@discardableResult
func expectSavingSetCookie(_ header: String, passwordId: String = "1", passwords: [Int: String] = [1: Fixture.passwordA], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let cookie = SetCookieHeader(header)
    #expect(cookie.name == Fixture.cookieName, sourceLocation: sourceLocation)
    #expect(cookie.attributes["Max-Age"] == String(Fixture.maxAge), sourceLocation: sourceLocation)
    #expect(cookie.attributes["Path"] == "/", sourceLocation: sourceLocation)
    #expect(cookie.attributes["HttpOnly"] == "", sourceLocation: sourceLocation)
    #expect(cookie.attributes["SameSite"] == "Lax", sourceLocation: sourceLocation)
    #expect(cookie.attributes["Secure"] == nil, sourceLocation: sourceLocation)
    try expectIronSessionToken(cookie.value, passwordId: passwordId, sourceLocation: sourceLocation)
    try expectSessionJSON(cookie.value, passwords: passwords, sourceLocation: sourceLocation)
    return cookie.value
}

/// Checks that `token` unseals, with iron-session's options, to exactly the README's session JSON.
func expectSessionJSON(_ token: String, passwords: [Int: String] = [1: Fixture.passwordA], sourceLocation: SourceLocation = #_sourceLocation) throws {
    var map = PasswordMap([:])
    for (id, secret) in passwords { map.set(Password(secret), for: String(id)) }
    let unsealer = try Unsealer(passwords: map, options: .ironSession)
    let unsealed = try unsealer.unseal(token)
    // Swift's JSONEncoder writes keys in no fixed order: compare the JSON values, not the texts.
    let payload = try JSONSerialization.jsonObject(with: Data(unsealed.payload)) as? NSDictionary
    let expected = try JSONSerialization.jsonObject(with: Data(Fixture.sessionJSON.utf8)) as? NSDictionary
    #expect(payload != nil && payload == expected, "\(unsealed.text) is not \(Fixture.sessionJSON)", sourceLocation: sourceLocation)
    #expect(unsealed.versionSuffix == "2", sourceLocation: sourceLocation)
}

/// A magic link's token sealed `age` ago with the magic links' ttl of 15 minutes: what
/// `SessionCookie.seal` would have made then.
func magicToken(sealedAgo age: Duration, password: String = Fixture.passwordA) throws -> String {
    var options = SealOptions.ironSession
    options.ttl = .seconds(15 * 60)
    let sealer = try Sealer(passwords: PasswordMap(["1": Password(password)]), options: options)
    return try sealer.seal(json: Array(Fixture.sessionJSON.utf8), parameters: SealParameters(now: SystemClock().now() - age))
}
