/// Chooses among the tokens found in an input, as servers choose among cookies: the one named by
/// `--cookie`, else the only one; of several cookies of one name, the first (iron-session reads
/// a `Cookie` header with the `cookie` package, which keeps the first of a name).
enum TokenSelection {
    /// The one token to work on.
    ///
    /// - Parameters:
    ///   - found: What the input holds.
    ///   - cookie: `--cookie NAME`, if given.
    ///   - notes: Gets a note when a choice was made that the user should know of: the first of
    ///     several cookies of a name, or a bare token where a cookie was asked for.
    /// - Throws: ``CLIError`` (65) when there is no token, or several with no rule to choose.
    static func one(_ found: FoundTokens, cookie: String?, notes: inout [String]) throws -> FoundToken {
        let candidates = try matching(found, cookie: cookie, notes: &notes)
        let distinct = distinctTokens(candidates)
        guard distinct.count > 1 else { return distinct[0] }
        let names = unique(distinct.map { $0.name ?? "" })
        if names.count == 1, let name = distinct[0].name {
            notes.append("\(distinct.count) different cookies are named \(name.prefix(64)); using the first (\(distinct[0].origin)), as a server does; --all shows them all")
            return distinct[0]
        }
        let named = unique(distinct.compactMap(\.name))
        throw CLIError(.dataError, "\(found.source) holds \(distinct.count) different tokens",
                       hints: ["pick one with --cookie NAME" + (named.isEmpty ? "" : " (names here: \(named.prefix(5).joined(separator: ", ")))"),
                               "or show them all with --all"])
    }

    /// Every token for `--all`: those in cookie `cookie` if given, each name and token once.
    static func all(_ found: FoundTokens, cookie: String?) throws -> [FoundToken] {
        var notes: [String] = []
        let candidates = try matching(found, cookie: cookie, notes: &notes)
        var seen: [(String?, [UInt8])] = []
        return candidates.filter { candidate in
            if seen.contains(where: { $0.0 == candidate.name && $0.1 == candidate.token }) { return false }
            seen.append((candidate.name, candidate.token))
            return true
        }
    }

    /// The tokens `--cookie` asks for (all without it); never empty.
    private static func matching(_ found: FoundTokens, cookie: String?, notes: inout [String]) throws -> [FoundToken] {
        guard !found.tokens.isEmpty else { throw nothingFound(found) }
        guard let cookie else { return found.tokens }
        let named = found.tokens.filter { $0.name == cookie }
        if !named.isEmpty { return named }
        if found.tokens.count == 1, found.tokens[0].isBare {
            notes.append("the input is a bare token, not a cookie: --cookie \(cookie.prefix(64)) was not needed")
            return found.tokens
        }
        let names = unique(found.tokens.compactMap(\.name))
        let known = names.isEmpty ? "" : " (cookies holding tokens: \(names.prefix(5).joined(separator: ", ")))"
        let unnamed = found.tokens.contains { $0.name == nil }
        throw CLIError(.dataError, "no cookie named \(cookie.prefix(64)) holds a token in \(found.source)\(known)",
                       hints: unnamed ? ["\(found.source) holds a token that is no cookie's value: leave out --cookie to use it"] : [])
    }

    private static func nothingFound(_ found: FoundTokens) -> CLIError {
        if found.isEmpty { return CLIError(.dataError, "no input: expected a token (Fe26.2*...)") }
        if !found.otherCookies.isEmpty {
            let names = unique(found.otherCookies)
            return CLIError(.dataError, "no cookie in \(found.source) holds an iron token (cookies: \(names.prefix(8).joined(separator: ", "))\(names.count > 8 ? ", ..." : ""))")
        }
        return CLIError(.dataError, "no iron token found in \(found.source)",
                        hints: ["a token starts with Fe26.2*; paste the token, a Cookie: header, a URL or a cookie file holding it"])
    }

    /// The first of each different token, in order.
    private static func distinctTokens(_ tokens: [FoundToken]) -> [FoundToken] {
        var distinct: [FoundToken] = []
        for token in tokens where !distinct.contains(where: { $0.token == token.token }) { distinct.append(token) }
        return distinct
    }

    private static func unique(_ names: [String]) -> [String] {
        var seen: [String] = []
        for name in names where !seen.contains(name) { seen.append(name) }
        return seen
    }
}
