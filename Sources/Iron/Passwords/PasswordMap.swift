/// A rotation map: password id to password, as @hapi/iron and iron-session take it.
///
/// Tokens carry the id of the password that sealed them; unsealing looks the id up here (an empty
/// id is looked up as `"default"`). iron-session seals with the highest numeric id, so rotating
/// means adding a password under a higher id and, later, removing old ones.
public struct PasswordMap: Sendable, Equatable, CustomStringConvertible {
    /// The passwords by id. A password's own ``Password/id`` is its key here.
    public private(set) var passwords: [String: Password]
    /// For a map read from iron-store's list, its ids in the list's order: the first seals, and the
    /// map is written back as a list in this order.
    private var listedOrder: [String]?
    /// The ids whose entry in the JSON read was an object rather than a password string.
    private var objectEntries: Set<String> = []

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
        listedOrder = nil
    }

    /// The password for an id, if any.
    ///
    /// - Parameter id: The id, as a token names it (`"default"` for none).
    public subscript(id: String) -> Password? {
        passwords[id]
    }

    /// Adds or replaces the password for an id.
    ///
    /// - Parameters:
    ///   - password: The password; its ``Password/id`` becomes `id`.
    ///   - id: Its id. A new id goes first in a map read from iron-store's list, so that it seals.
    public mutating func set(_ password: Password, for id: String) {
        var password = password
        password.id = id
        // In iron-store's list a new password goes first: the first entry is the one that seals.
        if passwords[id] == nil { listedOrder?.insert(id, at: 0) }
        passwords[id] = password
    }

    /// Removes the password for an id; tokens sealed with it no longer open.
    ///
    /// - Parameter id: The id to remove.
    public mutating func remove(id: String) {
        passwords[id] = nil
        listedOrder?.removeAll { $0 == id }
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

    /// The id new tokens are sealed with: the first entry of a list read from JSON (iron-store's
    /// rule), otherwise ``newestId`` (iron-session's). `nil` when there is none.
    public var sealingId: String? {
        if let listed = listedOrder?.first(where: { passwords[$0] != nil }) { return listed }
        return newestId
    }

    /// The password new tokens are sealed with: the one of `id`, else of ``sealingId``.
    ///
    /// - Parameter id: The id to seal with, or `nil` for ``sealingId``.
    /// - Returns: The password, its ``Password/id`` set.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/passwordNotFound``: for `id`, or with an
    ///   empty ``IronError/passwordId`` when no id is given and the map has none to seal with.
    public func sealingPassword(id: String? = nil) throws(IronError) -> Password {
        guard let chosen = id ?? sealingId else {
            throw IronError(.passwordNotFound, "Cannot find password: no numeric id to seal with (ids: \(ids.joined(separator: ", ")))", passwordId: "")
        }
        guard let password = passwords[chosen] else { throw IronError.passwordNotFound(chosen) }
        return password
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
        guard ASCII.isDigits(id.utf8), id.utf8.first != UInt8(ascii: "0") || id.utf8.count == 1 else { return nil }
        return UInt64(id)
    }

    /// The password for a token's id, as @hapi/iron looks it up: an empty id means `"default"`.
    ///
    /// - Parameter tokenId: The id field of a token.
    /// - Returns: The password.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/passwordNotFound`` naming `tokenId`.
    public func password(forTokenId tokenId: String) throws(IronError) -> Password {
        guard let password = passwords[tokenId.isEmpty ? "default" : tokenId] else {
            throw IronError.passwordNotFound(tokenId)
        }
        return password
    }

    /// Two maps are equal when they hold the same passwords and seal with the same id.
    public static func == (lhs: PasswordMap, rhs: PasswordMap) -> Bool {
        lhs.passwords == rhs.passwords && lhs.sealingId == rhs.sealingId
    }

    /// Shows the ids, never the secrets.
    public var description: String { "PasswordMap(ids: \(ids.joined(separator: ", ")))" }

    // MARK: - JSON

    /// Reads a map from JSON in the forms the JavaScript libraries take:
    ///
    /// - an object `{"2": "...", "1": "..."}` (@hapi/iron's and iron-session's) whose values are a
    ///   password string, `{"secret": "..."}`, or `{"encryption": "...", "integrity": "..."}`;
    ///   a secret that is present and not `null` wins over `encryption` and `integrity`, as
    ///   @hapi/iron's `secret ?? encryption` has it;
    /// - iron-store's list `[{"id": 2, "password": "..."}]` (next-iron-session up to v5), id a
    ///   number or a string: the first entry seals, and of two entries with one id the first wins.
    ///
    /// An entry whose password is the empty string is left out, as JavaScript's lookup treats it as
    /// missing; `{"secret": ""}` is kept and fails as an empty password when used. An object with
    /// a duplicate or empty id is refused: JavaScript would silently keep the last duplicate.
    ///
    /// - Parameter json: UTF-8 JSON text.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/invalidPasswordMap`` saying which entry is wrong.
    public init(json: some Collection<UInt8>) throws(IronError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: json, maximumDepth: 8)
        } catch {
            throw IronError(.invalidPasswordMap, "the password map is not valid JSON: \(error)", json: error)
        }
        try self.init(value: value)
    }

    /// Reads a map from a parsed JSON value; see ``init(json:)``.
    ///
    /// - Parameter value: The JSON value.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/invalidPasswordMap``.
    package init(value: JSONValue) throws(IronError) {
        var passwords: [String: Password] = [:]
        var seen: Set<String> = []
        var objects: Set<String> = []
        var order: [String]?
        switch value {
        case .object(let members):
            guard !members.isEmpty else { throw IronError(.invalidPasswordMap, "the password map is empty") }
            for member in members {
                guard !member.key.isEmpty else { throw IronError(.invalidPasswordMap, "a password id cannot be empty (use \"default\")") }
                guard seen.insert(member.key).inserted else { throw IronError(.invalidPasswordMap, "password id \"\(member.key)\" appears twice") }
                passwords[member.key] = try PasswordMap.password(from: member.value, id: member.key)
                if case .object = member.value { objects.insert(member.key) }
            }
        case .array(let elements):
            guard !elements.isEmpty else { throw IronError(.invalidPasswordMap, "the password list is empty") }
            for (index, element) in elements.enumerated() {
                let id = try PasswordMap.listedId(element, index: index)
                guard seen.insert(id).inserted else { continue } // iron-store: the first of an id wins
                order = (order ?? []) + [id]
                passwords[id] = try PasswordMap.password(from: element["password"]!, id: id)
                if case .object? = element["password"] { objects.insert(id) }
            }
        default:
            throw IronError(.invalidPasswordMap, "a password map must be a JSON object {\"id\": \"password\", ...} or a list [{\"id\": 1, \"password\": \"...\"}]")
        }
        guard !passwords.isEmpty else {
            throw IronError(.invalidPasswordMap, "the password map has no password: empty strings are left out, as JavaScript's lookup treats them as missing")
        }
        self.init(passwords)
        listedOrder = order?.filter { passwords[$0] != nil }
        objectEntries = objects.intersection(passwords.keys)
    }

    /// Checks the map against what iron-session accepts as its `password` option: every id a
    /// decimal integer (iron-session seals with `Math.max` of the ids as numbers), every entry a
    /// password string of at least 32 characters.
    ///
    /// - Throws: ``IronError`` of kind ``IronError/Kind/invalidPasswordMap`` naming the first
    ///   id iron-session would refuse.
    public func validateForIronSession() throws(IronError) {
        for id in ids {
            guard let value = PasswordMap.numericValue(id), value <= 1 << 53 else {
                throw IronError(.invalidPasswordMap, "password id \"\(id)\" is not a decimal integer, as iron-session's ids must be", passwordId: id)
            }
            guard let password = passwords[id], !objectEntries.contains(id), !password.encryption.isRawKey, password.encryption == password.integrity else {
                throw IronError(.invalidPasswordMap, "password \"\(id)\" is not a password string, as iron-session's entries must be", passwordId: id)
            }
            guard password.encryption.length >= 32 else {
                throw IronError(.invalidPasswordMap, "password \"\(id)\" is \(password.encryption.length) characters; iron-session requires at least 32", passwordId: id)
            }
        }
    }

    /// The id of an entry of iron-store's list.
    private static func listedId(_ element: JSONValue, index: Int) throws(IronError) -> String {
        guard case .object = element, let idValue = element["id"], element["password"] != nil else {
            throw IronError(.invalidPasswordMap, "entry \(index + 1) of the password list must be an object with \"id\" and \"password\"")
        }
        switch idValue {
        case .number(let spelling) where PasswordMap.numericValue(spelling) != nil: return spelling
        case .string(let text) where !text.isEmpty: return text
        default: throw IronError(.invalidPasswordMap, "entry \(index + 1) of the password list has an id that is not a whole number or a string")
        }
    }

    /// The password of one entry: a string, or an object read as @hapi/iron's `normalizePassword`
    /// reads it (`secret ?? encryption`, `secret ?? integrity`; `null` counts as absent). `nil`
    /// for the empty string, which JavaScript's lookup treats as missing.
    static func password(from entry: JSONValue, id: String) throws(IronError) -> Password? {
        let forms = "password \"\(id)\" must be a string, {\"secret\": ...} or {\"encryption\": ..., \"integrity\": ...}"
        switch entry {
        case .string(let text):
            return text.isEmpty ? nil : Password(text, id: id)
        case .object:
            func text(_ key: String) throws(IronError) -> String? {
                switch entry[key] {
                case nil, .null?: return nil
                case .string(let text)?: return text
                default: throw IronError(.invalidPasswordMap, "password \"\(id)\": \"\(key)\" must be a string")
                }
            }
            guard entry["secret"] != nil || entry["encryption"] != nil || entry["integrity"] != nil else {
                throw IronError(.invalidPasswordMap, forms)
            }
            if let secret = try text("secret") { return Password(secret, id: id) }
            let encryption = try text("encryption")
            let integrity = try text("integrity")
            return Password(id: id, encryption: Password.Secret(encryption ?? ""), integrity: Password.Secret(integrity ?? ""))
        default:
            throw IronError(.invalidPasswordMap, forms)
        }
    }

    /// The map as JSON: `{"1": "...", ...}` in ``ids`` order, or iron-store's list in its order
    /// for a map read from one; separate secrets as objects. Raw keys cannot be written and are
    /// left out.
    ///
    /// - Parameter pretty: Whether to indent.
    /// - Returns: UTF-8 JSON without a final newline.
    public func json(pretty: Bool = true) -> [UInt8] {
        if let listedOrder {
            let entries: [JSONValue] = listedOrder.compactMap { id in
                guard let password = passwords[id], let value = PasswordMap.jsonValue(password) else { return nil }
                let idValue: JSONValue = PasswordMap.numericValue(id) != nil ? .number(id) : .string(id)
                return .object([JSONValue.Member("id", idValue), JSONValue.Member("password", value)])
            }
            return JSONValue.array(entries).serialized(pretty: pretty)
        }
        let members = ids.compactMap { id in passwords[id].flatMap(PasswordMap.jsonValue).map { JSONValue.Member(id, $0) } }
        return JSONValue.object(members).serialized(pretty: pretty)
    }

    /// A password as a map entry: a string, `{"secret": ""}` for an empty one (which `""` would
    /// not read back as), or `{"encryption", "integrity"}`; `nil` for raw keys, which JSON cannot hold.
    private static func jsonValue(_ password: Password) -> JSONValue? {
        guard !password.encryption.isRawKey, !password.integrity.isRawKey else { return nil }
        let encryption = password.encryption.withBytes(Bytes.string)
        if password.encryption == password.integrity {
            return encryption.isEmpty ? .object([JSONValue.Member("secret", .string(""))]) : .string(encryption)
        }
        let integrity = password.integrity.withBytes(Bytes.string)
        return .object([JSONValue.Member("encryption", .string(encryption)), JSONValue.Member("integrity", .string(integrity))])
    }
}
