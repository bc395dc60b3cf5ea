import Iron

/// The attributes of the session cookie: iron-session's `cookieOptions`, with its defaults
/// (`HttpOnly`, `Secure`, `SameSite=Lax`, `Path=/`, and a `Max-Age` from the session's ttl).
public struct CookieAttributes: Sendable, Equatable {
    /// How long the browser keeps the cookie.
    public enum MaxAge: Sendable, Equatable {
        /// iron-session's: the ttl less 60 seconds (the cookie goes before the token expires,
        /// whatever the clocks' skew), or 2147483647 seconds for a ttl of 0.
        case fromTTL
        /// This many seconds.
        case seconds(Int64)
        /// No `Max-Age`: a session cookie, gone when the browser closes. As in iron-session, the
        /// token then never expires (its ttl is 0).
        case browserSession
    }

    /// `SameSite`.
    public enum SameSite: String, Sendable, Equatable {
        /// `Strict`, `Lax` or `None`: sent with requests from this site only, also with top-level
        /// navigations from other sites, or with every request (which requires `Secure`).
        case strict = "Strict", lax = "Lax", none = "None"
    }

    /// `Priority` (Chrome's).
    public enum Priority: String, Sendable, Equatable {
        /// `Low`, `Medium` or `High`: which cookies Chrome evicts first when a site has too many.
        case low = "Low", medium = "Medium", high = "High"
    }

    /// `Max-Age`. Default ``MaxAge/fromTTL``.
    public var maxAge: MaxAge = .fromTTL
    /// `Domain`, or `nil` for the host that set it.
    public var domain: String?
    /// `Path`. Default `/`.
    public var path: String? = "/"
    /// `Expires`, or `nil`.
    public var expires: Timestamp?
    /// `HttpOnly`: scripts cannot read the cookie. Default `true`.
    public var httpOnly = true
    /// `Secure`: HTTPS only. Default `true`; `false` only for plain-HTTP development.
    public var secure = true
    /// `Partitioned` (CHIPS). Default `false`.
    public var partitioned = false
    /// `Priority`, or `nil`.
    public var priority: Priority?
    /// `SameSite`. Default ``SameSite/lax``; `nil` for none written.
    public var sameSite: SameSite? = .lax

    /// iron-session's defaults.
    public init() {}
}
