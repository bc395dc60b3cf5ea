/// The passwords a sealer or an unsealer works with: one password, or a rotation map.
///
/// One password seals with its id (none for @hapi/iron, `1` for iron-session). Unsealing with one
/// password follows the library the token came from: a plain @hapi/iron token opens whatever id
/// it names; a token with iron-session's `~` suffix opens only under id `1`, as iron-session makes
/// `{1: password}` of a string; and a password that has an id of its own opens only that id.
public enum PasswordSet: Sendable, Equatable, CustomStringConvertible {
    /// One password.
    case single(Password)
    /// A rotation map.
    case map(PasswordMap)

    /// Reads passwords from the text of a file or an environment variable.
    ///
    /// - A text that starts with `{` or `[` is JSON: a password object `{"id": "k1", "secret": "..."}`
    ///   (or with `"encryption"` and `"integrity"`) is one password with its id, as @hapi/iron's
    ///   `seal` takes it; any other object or array is a ``PasswordMap``.
    /// - Anything else is one password, its bytes as they are (UTF-8; bytes that are not become
    ///   U+FFFD, as in Node).
    ///
    /// One final line break (LF or CRLF) is not part of the text.
    ///
    /// - Parameter bytes: The text.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/emptyPassword`` for an empty text, or
    ///   ``IronError/Kind/invalidPasswordMap`` for malformed JSON.
    public init(text bytes: some Collection<UInt8>) throws(IronError) {
        var text = Array(bytes)
        if text.last == 0x0A {
            text.removeLast()
            if text.last == 0x0D { text.removeLast() }
        }
        let first = text.first { !ASCII.isJSONWhitespace($0) }
        guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
            guard !text.isEmpty else { throw IronError.emptyPassword }
            self = .single(Password(secret: Password.Secret(utf8: text)))
            return
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text, maximumDepth: 8)
        } catch {
            throw IronError(.invalidPasswordMap, "the password map is not valid JSON: \(error)", json: error)
        }
        if let password = try PasswordSet.passwordObject(value) {
            self = .single(password)
        } else {
            self = .map(try PasswordMap(value: value))
        }
    }

    /// `{"id": ..., "secret": ...}` or `{"id": ..., "encryption": ..., "integrity": ...}` and
    /// nothing else: one password with its id. `nil` for anything else.
    private static func passwordObject(_ value: JSONValue) throws(IronError) -> Password? {
        guard case .object(let members) = value else { return nil }
        let keys = Set(members.map(\.key))
        guard keys.contains("id"), keys.count > 1, keys.isSubset(of: ["id", "secret", "encryption", "integrity"]) else { return nil }
        let id: String
        switch value["id"] {
        case .string(let text)?: id = text
        case .number(let spelling)? where PasswordMap.numericValue(spelling) != nil: id = spelling
        default: return nil
        }
        return try PasswordMap.password(from: value, id: id)
    }

    /// The password for a token's id and suffix, by the rules in the type's description.
    ///
    /// - Parameters:
    ///   - tokenId: The token's id field.
    ///   - versionSuffix: The token's `~` suffix, if any.
    /// - Returns: The password, and the key its derived state is cached under.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/passwordNotFound``.
    func password(forTokenId tokenId: String, versionSuffix: String?) throws(IronError) -> (password: Password, cacheKey: String) {
        let lookup = tokenId.isEmpty ? "default" : tokenId
        switch self {
        case .single(let password):
            if let own = password.id, !own.isEmpty {
                guard lookup == own else { throw IronError.passwordNotFound(tokenId) }
            } else if versionSuffix != nil {
                guard lookup == "1" else { throw IronError.passwordNotFound(tokenId) }
            }
            return (password, "")
        case .map(let map):
            return (try map.password(forTokenId: tokenId), lookup)
        }
    }

    /// Shows the ids, never the secrets.
    public var description: String {
        switch self {
        case .single(let password): return password.description
        case .map(let map): return map.description
        }
    }
}
