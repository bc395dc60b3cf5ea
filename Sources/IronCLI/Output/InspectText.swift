import Iron

/// `inspect`'s three outputs for one token: sentences, a one-line summary (`--all`) and a JSON
/// record (`--json`).
struct InspectText {
    let facts: TokenFacts
    let now: Timestamp
    let skew: Duration
    let algorithm: EncryptionAlgorithm

    /// `--json`: one object with stable members.
    func record() -> JSONRecord {
        let token = facts.token
        var record = JSONRecord()
        record.add("prefix", string: token.prefix)
        record.add("format", string: token.versionSuffix == nil ? "iron" : "iron-session")
        record.add("version", number: token.version)
        record.add("passwordId", string: token.passwordId.isEmpty ? nil : token.passwordId)
        record.add("encryptionSalt", string: token.encryptionSalt)
        record.add("encryptionSaltBits", number: token.encryptionSalt.utf8.count * 4)
        record.add("iv", string: token.iv)
        record.add("ciphertextBytes", number: facts.ciphertextBytes)
        record.add("algorithm", string: algorithm.rawValue)
        record.add("payloadBytes", .object([.init("min", .number(String(facts.payloadBytes.lowerBound))), .init("max", .number(String(facts.payloadBytes.upperBound)))]))
        record.add("expiration", number: facts.expiration?.millisecondsSince1970)
        record.add("expiresAt", string: facts.expiration.map(TimeText.iso8601))
        record.add("expiresIn", string: facts.expiration.map { TimeText.relative($0, now: now) })
        record.add("expiresInSeconds", number: facts.expiresInSeconds(now: now))
        record.add("expired", .bool(facts.expiry == .expired))
        record.add("withinSkew", .bool(facts.expiry == .withinSkew))
        record.add("hmacSalt", string: token.integritySalt)
        record.add("hmacSaltBits", number: token.integritySalt.utf8.count * 4)
        record.add("hmac", string: token.hmac)
        record.add("size", number: facts.size)
        record.add("fitsCookie", .bool(facts.size <= CookieSize.limit))
        record.add("verified", .bool(facts.verifiedId != nil))
        record.add("warnings", .array(facts.warnings.map { .object([.init("code", .string($0.code)), .init("message", .string($0.message))]) }))
        return record
    }

    /// The text output: one sentence a line. The fields the token only claims (format, id,
    /// expiration) say "unverified" unless a password verified its HMAC.
    func sentences() -> [String] {
        let token = facts.token
        let kind = token.versionSuffix.map { "an iron-session token (version \($0), suffix ~\($0))" } ?? "a plain @hapi/iron token (no version suffix)"
        let range = facts.payloadBytes
        let claimed = facts.verifiedId == nil ? " (unverified)" : ""
        return [
            "This is \(kind), format \(token.prefix)\(claimed).",
            (token.passwordId.isEmpty ? "It names no password id" : "It was sealed with the password of id \"\(token.passwordId)\"") + "\(claimed).",
            expirySentence() + claimed + ".",
            "Its ciphertext is \(facts.ciphertextBytes) bytes: a payload of \(range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)") bytes with \(algorithm.rawValue).",
            "Encryption salt: \(token.encryptionSalt.isEmpty ? "(none)" : token.encryptionSalt) (\(token.encryptionSalt.utf8.count * 4) bits); IV: \(token.iv).",
            "HMAC salt: \(token.integritySalt.isEmpty ? "(none)" : token.integritySalt) (\(token.integritySalt.utf8.count * 4) bits); HMAC: \(token.hmac).",
            "It is \(facts.size) bytes: \(facts.size <= CookieSize.limit ? "it fits" : "too large for") a \(CookieSize.limit)-byte cookie.",
            facts.verifiedId == nil
                ? "Unverified: no password was given, so the fields above are only what the token claims."
                : "Verified: the HMAC matches the password of id \"\(facts.verifiedId.map { $0.isEmpty ? "default" : $0 } ?? "")\", so the fields above are authentic.",
        ]
    }

    /// `--all`: `iron-session, id "1", expires in 14 days (2026-12-13T12:00:00.000Z), 290 bytes, unverified`.
    func summary() -> String {
        let token = facts.token
        var parts = [token.versionSuffix == nil ? "iron" : "iron-session"]
        parts.append(token.passwordId.isEmpty ? "no id" : "id \"\(token.passwordId)\"")
        if let expiration = facts.expiration {
            parts.append("\(facts.expiry == .expired ? "" : "expires ")\(TimeText.relative(expiration, now: now)) (\(TimeText.iso8601(expiration)))")
        } else {
            parts.append("never expires")
        }
        parts.append("\(facts.size) bytes")
        parts.append(facts.verifiedId == nil ? "unverified" : "verified")
        return parts.joined(separator: ", ")
    }

    private func expirySentence() -> String {
        guard let expiration = facts.expiration else { return "It never expires" }
        let relative = TimeText.relative(expiration, now: now)
        let instant = "at \(TimeText.iso8601(expiration)) (\(expiration.millisecondsSince1970) ms)"
        switch facts.expiry {
        case .expired?: return "It \(relative): \(instant)"
        case .withinSkew?: return "It \(relative): \(instant), within the \(skew.components.seconds)-second clock skew, so it still unseals"
        default: return "It expires \(relative): \(instant)"
        }
    }
}
