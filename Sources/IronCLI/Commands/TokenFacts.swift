import Iron

/// What `inspect` works out about a well-formed token.
struct TokenFacts {
    /// Something worth knowing about a token, with a code that stays the same across versions.
    struct Warning: Equatable {
        /// `no-expiration`, `no-password-id`, `raw-key` or `cookie-too-large`.
        let code: String
        let message: String
    }

    let token: Token
    let size: Int
    let expiration: Timestamp?
    let expiry: Expiry?
    let ciphertextBytes: Int
    let payloadBytes: ClosedRange<Int>
    /// The id of the password whose HMAC matched, when a password was given; `nil` when the
    /// fields are unverified.
    let verifiedId: String?
    let warnings: [Warning]

    init(_ token: Token, size: Int, now: Timestamp, skew: Duration, algorithm: EncryptionAlgorithm, verifiedId: String?) {
        self.token = token
        self.size = size
        self.verifiedId = verifiedId
        expiration = token.expiresAt
        expiry = token.expiry(now: now, skew: skew)
        ciphertextBytes = token.ciphertextByteCount ?? 0
        payloadBytes = token.payloadByteRange(algorithm: algorithm) ?? 0...0
        var warnings: [Warning] = []
        if token.expiration.isEmpty { warnings.append(Warning(code: "no-expiration", message: "never expires")) }
        if token.passwordId.isEmpty {
            warnings.append(Warning(code: "no-password-id", message: "no password id: the app must look it up as \"default\" in a password map, and rotation cannot tell passwords apart"))
        }
        if token.encryptionSalt.isEmpty || token.integritySalt.isEmpty {
            warnings.append(Warning(code: "raw-key", message: "sealed with a raw key (empty salt), not a password"))
        }
        if let warning = CookieSize.warning(size) { warnings.append(Warning(code: "cookie-too-large", message: warning)) }
        self.warnings = warnings
    }

    /// Whole seconds until the expiration (negative once it passed), rounded down.
    func expiresInSeconds(now: Timestamp) -> Int64? {
        guard let expiration else { return nil }
        // A forged expiration may be any 64-bit number: no arithmetic that can overflow.
        let (milliseconds, overflow) = expiration.millisecondsSince1970.subtractingReportingOverflow(now.millisecondsSince1970)
        if overflow { return expiration.millisecondsSince1970 > now.millisecondsSince1970 ? .max / 1000 : .min / 1000 }
        let (seconds, remainder) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        return remainder < 0 ? seconds - 1 : seconds
    }
}
