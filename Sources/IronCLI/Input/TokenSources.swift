import Iron

/// Where `unseal`, `inspect` and `reseal` find their tokens: a browser's store (`--from-browser`),
/// the operand, or standard input, which may be text holding tokens or a cookie file (a curl jar,
/// HAR, storageState, JSON of cookies, a browser's SQLite store), told apart by its content.
struct TokenSources {
    let context: CommandContext

    /// Everything the input holds.
    ///
    /// - Parameter limit: The most bytes read from standard input.
    func find(limit: Int) throws -> FoundTokens {
        if let browser = context.arguments.value("from-browser") {
            return try fromBrowser(browser)
        }
        if let operand = try context.operand(), operand != "-" {
            return try fromOperand(operand, limit: limit)
        }
        return try fromBytes(try context.readStandardInput(limit: limit), source: "the input")
    }

    /// `--from-browser firefox[:PROFILE]`: the store is read in a private copy.
    private func fromBrowser(_ text: String) throws -> FoundTokens {
        guard let spec = BrowserStoreSpec(text) else {
            throw CLIError.usage("--from-browser must be firefox, chromium or chrome, optionally with :PROFILE, not \"\(text.prefix(40))\"")
        }
        if let operand = try context.operand() {
            throw CLIError.usage("--from-browser reads the browser's store, so there is no \(context.arguments.command.operand ?? "operand") (\"\(operand.prefix(40))\")")
        }
        let environment = context.io.environment
        guard let home = environment["HOME"], !home.isEmpty else {
            throw CLIError(.config, "HOME is not set, so the browser's profiles cannot be found", hints: ["give a profile's path: --from-browser \(spec.browser.rawValue):/path/to/profile"])
        }
        var unreadable: [CLIError] = []
        let cookies = try BrowserCookieStore.cookies(from: spec, home: home, temporaryDirectory: temporaryDirectory,
                                                     named: context.arguments.value("cookie")) { unreadable.append($0) }
        return try found(in: cookies, source: "the \(spec.browser.displayName) store\(spec.profile.map { " (profile \($0))" } ?? "")", unreadable: unreadable)
    }

    /// The operand is the token, or text holding it; a readable file is not read (standard
    /// input is), but named in the error.
    private func fromOperand(_ operand: String, limit: Int) throws -> FoundTokens {
        guard operand.utf8.count <= limit else {
            throw CLIError(.dataError, "the token is \(operand.utf8.count) bytes, more than the limit of \(limit)", hints: ["raise the limit with --max-size"])
        }
        let text = Array(operand.utf8)
        let found = TokenExtraction.tokens(in: text.span, origin: "the argument")
        if found.isEmpty, FileSystem.isFile(operand) {
            let command = context.arguments.command.name
            throw CLIError.usage("the argument is the token itself, not a file to read: \(operand.prefix(64)) is a file",
                                 hints: ["read it from standard input: iron \(command) < \(operand.prefix(64))"])
        }
        return FoundTokens(tokens: found, source: "the argument", isEmpty: text.allSatisfy(ASCII.isJSONWhitespace))
    }

    /// Standard input: a cookie file of any format, else text.
    private func fromBytes(_ bytes: [UInt8], source: String) throws -> FoundTokens {
        if bytes.starts(with: CookieFile.sqliteHeader) {
            return try fromDatabaseBytes(bytes)
        }
        if let file = CookieFile.cookies(in: bytes) {
            return try found(in: file.cookies, source: "the \(file.format.rawValue)")
        }
        return FoundTokens(tokens: TokenExtraction.tokens(in: bytes.span, origin: source), source: source,
                           isEmpty: bytes.allSatisfy(ASCII.isJSONWhitespace))
    }

    /// A browser's database on standard input: written to a private folder and read there.
    private func fromDatabaseBytes(_ bytes: [UInt8]) throws -> FoundTokens {
        let folder: PrivateDirectory
        do {
            folder = try PrivateDirectory(under: temporaryDirectory)
            try folder.store(bytes, as: "input.sqlite")
        } catch let error as SystemError {
            throw CLIError(.ioError, "cannot keep the cookie store read from standard input in a private temporary folder: \(error)")
        }
        defer { folder.remove() }
        let path = folder.path + "/input.sqlite"
        let named = { (text: String) in text.replacing(path, with: "the store from standard input") }
        var unreadable: [CLIError] = []
        do {
            let cookies = try BrowserCookieStore.cookies(inDatabaseAt: path, temporaryDirectory: temporaryDirectory,
                                                         named: context.arguments.value("cookie")) { unreadable.append($0) }
            return try found(in: cookies.map { cookie in
                var cookie = cookie
                cookie.origin = cookie.origin.replacing(path, with: "read from standard input")
                return cookie
            }, source: "the browser cookie store", unreadable: unreadable.map { CLIError($0.exitCode, named($0.message), hints: $0.hints) })
        } catch let error as CLIError {
            throw CLIError(error.exitCode, named(error.message), hints: error.hints)
        }
    }

    /// The tokens of a file's or store's cookies. Cookies a store could not decrypt are left out
    /// with a note, unless no token is left: then the first such failure is the error.
    private func found(in cookies: [FoundCookie], source: String, unreadable: [CLIError] = []) throws -> FoundTokens {
        var found = FoundTokens(tokens: [], source: source)
        for cookie in cookies.uniqued() {
            let tokens = FoundToken.tokens(in: cookie)
            if tokens.isEmpty { found.otherCookies.append(cookie.name) }
            found.tokens += tokens
        }
        if let first = unreadable.first {
            guard !found.tokens.isEmpty else { throw first }
            context.diagnostics.note("\(unreadable.count) cookie\(unreadable.count == 1 ? "" : "s") of \(source) could not be decrypted and \(unreadable.count == 1 ? "is" : "are") left out (the first: \(first.message))")
        }
        return found
    }

    private var temporaryDirectory: String {
        context.io.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }
}
