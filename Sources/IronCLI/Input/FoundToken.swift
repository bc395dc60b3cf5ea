/// A token found in the input: the token, the cookie (or URL parameter) it was the value of, and
/// where it was found.
struct FoundToken: Equatable, Sendable {
    /// The token's bytes.
    var token: [UInt8]
    /// The cookie or parameter name, when it had one.
    var name: String?
    /// Where it was found, for messages and `--all`: "the input", "line 4 of the cookie jar".
    var origin: String
    /// Whether the input was this token alone, with no name or other text around it.
    var isBare = false

    /// The tokens in one cookie's value (usually the value itself), named after the cookie.
    static func tokens(in cookie: FoundCookie) -> [FoundToken] {
        let origin = cookie.origin + (cookie.domain.map { ", for \($0)" } ?? "")
        let value = Array(cookie.value.utf8)
        return TokenExtraction.tokens(in: value.span, origin: origin).map {
            FoundToken(token: $0.token, name: cookie.name, origin: origin)
        }
    }
}

/// Everything found in one input, and what the input was, for messages.
struct FoundTokens {
    /// The tokens, in the order of the input.
    var tokens: [FoundToken]
    /// The input, as messages name it: "the input", "the cookie jar", "the Firefox store ...".
    var source: String
    /// Whether the input was empty (or white space only).
    var isEmpty = false
    /// The names of the cookies that held no token, for hints.
    var otherCookies: [String] = []
}
