/// The password option of iron-session: one password, or a rotation map whose highest id seals
/// and whose every id unseals.
public enum SessionPassword: Sendable, Equatable, ExpressibleByStringLiteral {
    /// One password: iron-session makes it `{1: password}`.
    case single(String)
    /// A rotation map, `{1: "older", 2: "newest"}`: tokens are sealed with the highest id and
    /// unsealed with the id they name.
    case rotating([Int: String])

    /// One password.
    ///
    /// - Parameter value: The password, at least 32 characters.
    public init(stringLiteral value: String) { self = .single(value) }

    /// The map iron-session makes of it.
    var map: [Int: String] {
        switch self {
        case .single(let password): return [1: password]
        case .rotating(let passwords): return passwords
        }
    }

    /// Checks the option as iron-session does when it starts: a password is given, and every
    /// password is at least 32 characters (UTF-16 code units, as JavaScript counts).
    func validate() throws(SessionError) {
        let map = self.map
        guard !map.isEmpty, map.values.contains(where: { !$0.isEmpty }) else {
            throw SessionError(.missingPassword, "iron-session: Bad usage. Missing password.")
        }
        for (id, password) in map.sorted(by: { $0.key < $1.key }) where password.utf16.count < 32 {
            throw SessionError(.passwordTooShort, "iron-session: Bad usage. Password must be at least 32 characters long (id \(id) has \(password.utf16.count)).")
        }
    }
}
