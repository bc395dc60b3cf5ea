import Iron

/// What a library error means to the user of the command line: the exit status and the message,
/// in one place for sealing and unsealing.
extension IronError {
    /// The exit status for a library error.
    var exitCode: ExitCode {
        switch kind {
        case .expired: return .expired
        case .passwordNotFound: return .noPassword
        case .emptyPassword, .passwordTooShort, .keyTooSmall, .invalidPasswordMap, .invalidPasswordId: return .config
        case .invalidJSON: return .dataError
        case .invalidOptions: return .usage
        case .cryptoFailure: return .software
        default: return .rejected
        }
    }

    /// The reason as a message sentence: @hapi/iron's capital letter lowered.
    var sentence: String { reason.prefix(1).lowercased() + reason.dropFirst() }

    /// The user's message for a failure to seal.
    func sealFailure() -> CLIError {
        switch kind {
        case .invalidPasswordId: return CLIError(.config, "invalid password id: ids are letters, digits and '_'")
        case .invalidJSON: return CLIError(.dataError, "the input is not JSON: \(json.map { "\($0)" } ?? reason)")
        default: return passwordFailure() ?? CLIError(exitCode, sentence)
        }
    }

    /// The user's message for a failure to unseal.
    ///
    /// - Parameters:
    ///   - passwords: The passwords tried, to name the ids a map has.
    ///   - now: The time expiration was judged by.
    ///   - expiration: The token's expiration, to say when it expired.
    func unsealFailure(passwords: PasswordSet?, now: Timestamp, expiration: Timestamp? = nil) -> CLIError {
        switch kind {
        case .incorrectComponentCount:
            return CLIError(exitCode, "incorrect number of sealed components: a token has 8 fields separated by '*'", hints: ["was the token cut short or joined with other text?"])
        case .wrongPrefix: return CLIError(exitCode, "wrong mac prefix: this is not an Fe26.2 token")
        case .invalidExpiration: return CLIError(exitCode, "invalid expiration: the expiration field is not a number of milliseconds")
        case .expired: return expiredFailure(now: now, expiration: expiration)
        case .passwordNotFound: return passwordNotFoundFailure(passwords)
        case .badHMAC:
            return CLIError(exitCode, "bad hmac value: wrong password, or the token was altered",
                            hints: ["check the password, and that --algorithm and --iterations match the app's settings"])
        case .decryptionFailed:
            return CLIError(exitCode, "decryption failed (\(reason.lowercased())): the HMAC verified, so the token was sealed with this password but with other settings",
                            hints: ["check --algorithm and --encryption-iterations"])
        case .payloadNotJSON: return payloadFailure()
        default: return passwordFailure() ?? CLIError(exitCode, sentence)
        }
    }

    /// The messages for an unusable password, the same when sealing and unsealing.
    private func passwordFailure() -> CLIError? {
        switch kind {
        case .emptyPassword: return CLIError(.config, "empty password", hints: passwordHints)
        case .passwordTooShort:
            return CLIError(.config, sentence, hints: ["generate one with 'iron password'; --min-password-length lowers the minimum to read old apps' tokens"])
        case .keyTooSmall: return CLIError(.config, "key buffer (password) too small")
        default: return nil
        }
    }

    private func expiredFailure(now: Timestamp, expiration: Timestamp?) -> CLIError {
        var message = "expired seal"
        if let expiration {
            message += ": the token expired at \(TimeText.iso8601(expiration)) (\(TimeText.relative(expiration, now: now)))"
        }
        return CLIError(exitCode, message, hints: ["use --ignore-expiration to read it anyway"])
    }

    private func passwordNotFoundFailure(_ passwords: PasswordSet?) -> CLIError {
        let id = passwordId ?? ""
        var ids = ""
        if case .map(let map)? = passwords { ids = map.ids.map { "\"\($0)\"" }.joined(separator: ", ") }
        let wanted = id.isEmpty ? "no id (looked up as \"default\")" : "id \"\(id)\""
        return CLIError(exitCode, "cannot find password: the token names \(wanted); the password map has \(ids.isEmpty ? "no such id" : "ids \(ids)")",
                        hints: ["add the password the token was sealed with to the map under that id"])
    }

    private func payloadFailure() -> CLIError {
        if let json, json.kind == .tooDeep || json.kind == .tooLarge {
            // The token is fine; a limit of ours refused its payload.
            return CLIError(.dataError, "the payload is over a limit: \(json.message)", hints: ["raise the limit with \(json.kind == .tooDeep ? "--max-depth" : "--max-size")"])
        }
        let detail = json.map { "\($0)" } ?? String(reason.dropFirst("Failed parsing sealed object JSON: ".count))
        return CLIError(exitCode, "failed parsing sealed object JSON: \(detail)")
    }
}

let passwordHints = [
    "give the password with --password-file FILE, --password-env NAME, --password-fd N, IRON_PASSWORD_FILE or IRON_PASSWORD",
]

/// The warning for a token too large for a browser's cookie, in one place.
enum CookieSize {
    /// What browsers keep in one cookie.
    static let limit = 4096

    /// The warning for a token of `size` bytes, or `nil` when it fits.
    static func warning(_ size: Int) -> String? {
        size > limit ? "the token is \(size) bytes, \(size - limit) more than the \(limit) a browser keeps in a cookie" : nil
    }
}
