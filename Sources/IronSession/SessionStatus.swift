/// What a request's cookie gave, so that a server can log why a session is empty.
///
/// iron-session starts an empty session for a missing cookie, an expired token, a token whose
/// HMAC does not verify, one whose password id is not in the map, and one that is not eight
/// fields; it throws for the other failures. A ``SessionCookie`` never throws when reading: every
/// failure gives an empty session, and this status says which.
public enum SessionStatus: Sendable, Equatable {
    /// The cookie held a valid session.
    case valid
    /// There was no cookie of that name, or it was empty.
    case missing
    /// The token is authentic, and its expiration is past: the HMAC verified before it was judged.
    case expired
    /// The token names a password id that the map does not have (rotated out, or another app's).
    case unknownPasswordId(String)
    /// The token is forged, altered or malformed; `reason` is @hapi/iron's message.
    case invalid(reason: String)
    /// The token is valid but its payload does not decode as the session's type.
    case undecodable(reason: String)

    /// Whether iron-session 8 itself would throw rather than start an empty session.
    public var ironSessionThrows: Bool {
        if case .invalid(let reason) = self {
            return !(reason.hasPrefix("Bad hmac value") || reason.hasPrefix("Incorrect number of sealed components"))
        }
        return false
    }
}
