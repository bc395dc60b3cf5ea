/// A rotation map: password id to password, as @hapi/iron and iron-session take it.
///
/// Tokens carry the id of the password that sealed them; unsealing looks the id up here (an empty
/// id is looked up as `"default"`). iron-session seals with the highest numeric id, so rotating
/// means adding a password under a higher id and, later, removing old ones.
public struct PasswordMap: Sendable, Equatable, CustomStringConvertible {
    /// The passwords by id. A password's own ``Password/id`` is its key here.
    public private(set) var passwords: [String: Password]

    /// Creates a map.
    ///
    /// - Parameter passwords: The passwords by id; their ``Password/id`` is set to the key.
    public init(_ passwords: [String: Password]) {
        var normalized: [String: Password] = [:]
        for (id, password) in passwords {
            var password = password
            password.id = id
            normalized[id] = password
        }
        self.passwords = normalized
    }

    /// The password for an id, if any.
    public subscript(id: String) -> Password? {
        passwords[id]
    }

    /// Adds or replaces the password for an id.
    ///
    /// - Parameters:
    ///   - password: The password.
    ///   - id: Its id.
    public mutating func set(_ password: Password, for id: String) {
        var password = password
        password.id = id
        passwords[id] = password
    }

    /// Removes the password for an id.
    ///
    /// - Parameter id: The id.
    public mutating func remove(id: String) {
        passwords[id] = nil
    }

    /// The ids, numeric ones first in increasing order, then the others sorted.
    public var ids: [String] {
        passwords.keys.sorted { a, b in
            switch (PasswordMap.numericValue(a), PasswordMap.numericValue(b)) {
            case let (x?, y?): return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a < b
            }
        }
    }

    /// The highest numeric id: the one iron-session seals with. `nil` when no id is numeric.
    public var newestId: String? {
        passwords.keys.compactMap { id in PasswordMap.numericValue(id).map { (id, $0) } }.max { $0.1 < $1.1 }?.0
    }

    /// The numeric value of a canonical decimal id (`0` or no leading zero), or `nil`.
    ///
    /// - Parameter id: An id.
    /// - Returns: Its value, if it is a number that fits in 64 bits.
    public static func numericValue(_ id: String) -> UInt64? {
        guard let first = id.utf8.first, id.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        guard first != 0x30 || id.utf8.count == 1 else { return nil }
        return UInt64(id)
    }

    /// The password for a token's id, as @hapi/iron looks it up: an empty id means `"default"`.
    ///
    /// - Parameter tokenId: The id field of a token.
    /// - Returns: The password.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/passwordNotFound`` naming `tokenId`.
    public func password(forTokenId tokenId: String) throws -> Password {
        guard let password = passwords[tokenId.isEmpty ? "default" : tokenId] else {
            throw IronError.passwordNotFound(tokenId)
        }
        return password
    }

    /// Shows the ids, never the secrets.
    public var description: String { "PasswordMap(ids: \(ids.joined(separator: ", ")))" }

    // MARK: - JSON

    /// Reads a map from JSON in the forms the JavaScript libraries take:
    ///
    /// - an object `{"2": "...", "1": "..."}` whose values are a password string,
    ///   `{"secret": "..."}`, or `{"encryption": "...", "integrity": "..."}`;
    /// - iron-session's array `[{"id": 2, "password": "..."}]` (id a number or a string).
    ///
    /// An entry whose password is the empty string is left out, as JavaScript's lookup treats it as
    /// missing; `{"secret": ""}` is kept and fails as an empty password when used.
    ///
    /// - Parameter json: UTF-8 JSON text.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/invalidPasswordMap`` saying which entry is wrong.
    public init(json: some Collection<UInt8>) throws {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: json, maximumDepth: 8)
        } catch let error as JSONError {
            throw IronError(.invalidPasswordMap, "the password map is not valid JSON: \(error)", json: error)
        }
        try self.init(value: value)
    }

    /// Reads a map from a parsed JSON value; see ``init(json:)``.
    ///
    /// - Parameter value: The JSON value.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/invalidPasswordMap``.
    public init(value: JSONValue) throws {
        var passwords: [String: Password] = [:]
        var seen: Set<String> = []
        func add(_ id: String, _ entry: JSONValue) throws {
            guard seen.insert(id).inserted else { throw IronError(.invalidPasswordMap, "password id \"\(id)\" appears twice") }
            guard let password = try PasswordMap.password(from: entry, id: id) else { return }
            passwords[id] = password
        }
        switch value {
        case .object(let members):
            guard !members.isEmpty else { throw IronError(.invalidPasswordMap, "the password map is empty") }
            for member in members {
                guard !member.key.isEmpty else { throw IronError(.invalidPasswordMap, "a password id cannot be empty (use \"default\")") }
                try add(member.key, member.value)
            }
        case .array(let elements):
            guard !elements.isEmpty else { throw IronError(.invalidPasswordMap, "the password list is empty") }
            for (index, element) in elements.enumerated() {
                guard case .object = element, let idValue = element["id"], let passwordValue = element["password"] else {
                    throw IronError(.invalidPasswordMap, "entry \(index + 1) of the password list must be an object with \"id\" and \"password\"")
                }
                let id: String
                switch idValue {
                case .number(let spelling) where PasswordMap.numericValue(spelling) != nil: id = spelling
                case .string(let text) where !text.isEmpty: id = text
                default: throw IronError(.invalidPasswordMap, "entry \(index + 1) of the password list has an id that is not a whole number or a string")
                }
                try add(id, passwordValue)
            }
        default:
            throw IronError(.invalidPasswordMap, "a password map must be a JSON object {\"id\": \"password\", ...} or a list [{\"id\": 1, \"password\": \"...\"}]")
        }
        guard !passwords.isEmpty else {
            throw IronError(.invalidPasswordMap, "the password map has no password: empty strings are left out, as JavaScript's lookup treats them as missing")
        }
        self.init(passwords)
    }

    private static func password(from entry: JSONValue, id: String) throws -> Password? {
        switch entry {
        case .string(let text):
            return text.isEmpty ? nil : Password(text, id: id)
        case .object:
            func text(_ key: String) throws -> String? {
                guard let value = entry[key] else { return nil }
                guard let text = value.stringValue else { throw IronError(.invalidPasswordMap, "password \"\(id)\": \"\(key)\" must be a string") }
                return text
            }
            if let secret = try text("secret"), !secret.isEmpty {
                return Password(secret, id: id)
            }
            let encryption = try text("encryption")
            let integrity = try text("integrity")
            if encryption == nil && integrity == nil && entry["secret"] == nil {
                throw IronError(.invalidPasswordMap, "password \"\(id)\" must be a string, {\"secret\": ...} or {\"encryption\": ..., \"integrity\": ...}")
            }
            return Password(id: id, encryption: Password.Secret(encryption ?? ""), integrity: Password.Secret(integrity ?? ""))
        default:
            throw IronError(.invalidPasswordMap, "password \"\(id)\" must be a string, {\"secret\": ...} or {\"encryption\": ..., \"integrity\": ...}")
        }
    }

    /// The map as JSON: `{"1": "...", ...}` in ``ids`` order, separate secrets as objects.
    /// Raw keys cannot be written and are left out.
    ///
    /// - Parameter pretty: Whether to indent.
    /// - Returns: UTF-8 JSON without a final newline.
    public func json(pretty: Bool = true) -> [UInt8] {
        var members: [JSONValue.Member] = []
        for id in ids {
            guard let password = passwords[id], !password.encryption.isRawKey, !password.integrity.isRawKey else { continue }
            let encryption = password.encryption.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
            if password.encryption == password.integrity && password.encryption.isEmpty {
                // "" would read back as a missing password; {"secret": ""} reads back as itself.
                members.append(JSONValue.Member(id, .object([JSONValue.Member("secret", .string(""))])))
            } else if password.encryption == password.integrity {
                members.append(JSONValue.Member(id, .string(encryption)))
            } else {
                let integrity = password.integrity.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
                members.append(JSONValue.Member(id, .object([JSONValue.Member("encryption", .string(encryption)), JSONValue.Member("integrity", .string(integrity))])))
            }
        }
        return JSONValue.object(members).serialized(pretty: pretty)
    }
}
