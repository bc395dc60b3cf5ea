/// An iron token's fields, read without any password.
///
/// `Fe26.2*id*encryptionSalt*iv*ciphertext*expiration*integritySalt*hmac`, optionally followed by
/// iron-session's `~N` version suffix. The HMAC covers the first six fields joined by `*`.
public struct Token: Sendable, Equatable, CustomStringConvertible {
    /// The format prefix, `Fe26.2` in every valid token.
    public var prefix: String
    /// The password id; empty when the token names none.
    public var passwordId: String
    /// The encryption key's PBKDF2 salt: lowercase hex text, empty for a raw key.
    public var encryptionSalt: String
    /// The IV, base64url.
    public var iv: String
    /// The ciphertext, base64url.
    public var ciphertext: String
    /// The expiration in milliseconds since the epoch as written; empty when the token never expires.
    public var expiration: String
    /// The integrity key's PBKDF2 salt.
    public var integritySalt: String
    /// The HMAC-SHA256 of the first six fields, base64url.
    public var hmac: String
    /// The text of iron-session's version suffix (`"2"` for `~2`): what follows the first `~`, up
    /// to a second `~` if any. `nil` when the token has no `~`.
    public var versionSuffix: String?

    /// The prefix of the current format.
    public static let currentPrefix = "Fe26.2"

    /// Splits a token into its fields, with @hapi/iron's first check only: exactly eight fields.
    ///
    /// iron-session's version suffix is taken off first, as iron-session 8 does: the token is
    /// what precedes the first `~`.
    ///
    /// - Parameter text: The token.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/incorrectComponentCount``.
    public init(_ text: some StringProtocol) throws(IronError) {
        let bytes = Array(text.utf8)
        let fields = try TokenFields(bytes.span)
        func string(_ field: TokenFields.Field) -> String { Bytes.string(bytes.span.extracting(fields.range(field))) }
        prefix = string(.prefix)
        passwordId = string(.passwordId)
        encryptionSalt = string(.encryptionSalt)
        iv = string(.iv)
        ciphertext = string(.ciphertext)
        expiration = string(.expiration)
        integritySalt = string(.integritySalt)
        hmac = string(.hmac)
        versionSuffix = fields.suffix.map { Bytes.string(bytes.span.extracting($0)) }
    }

    /// The version iron-session 8 reads from a suffix: JavaScript's `parseInt(suffix, 10)`, which
    /// skips leading white space, takes a sign and then as many digits as there are (leading zeros
    /// included); anything else makes no number (`nil`, JavaScript's NaN).
    ///
    /// A number too large for `Int` is given as `Int.max` (or `Int.min`): no version, and not 2.
    ///
    /// - Parameter suffix: The suffix text, without the `~`.
    /// - Returns: The version, or `nil` for NaN.
    public static func ironSessionVersion(_ suffix: some StringProtocol) -> Int? {
        var scalars = Substring(suffix).unicodeScalars.drop { $0.isJavaScriptWhitespace }
        var negative = false
        if let sign = scalars.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            scalars = scalars.dropFirst()
        }
        let digits = scalars.prefix { $0.isASCII && ASCII.isDigit(UInt8($0.value)) }
        guard !digits.isEmpty else { return nil }
        let significant = digits.drop { $0 == "0" }
        guard significant.count <= 18 else { return negative ? .min : .max }
        let value = significant.reduce(0) { $0 * 10 + Int($1.value - 0x30) }
        return negative ? -value : value
    }

    /// The token as text, suffix included.
    public var description: String {
        var text = [prefix, passwordId, encryptionSalt, iv, ciphertext, expiration, integritySalt, hmac].joined(separator: "*")
        if let versionSuffix { text += "~" + versionSuffix }
        return text
    }

    /// The iron-session version: 2 for `~2`; `nil` without a suffix or when it is not a number
    /// (see ``ironSessionVersion(_:)``).
    public var version: Int? { Token.version(ofSuffix: versionSuffix) }

    /// The iron-session version of a suffix that may be absent.
    static func version(ofSuffix suffix: String?) -> Int? { suffix.flatMap { ironSessionVersion($0) } }

    /// When the token expires, if the field holds a number (`Int64.max` milliseconds for one
    /// beyond); `nil` for a token that never expires.
    public var expiresAt: Timestamp? {
        guard ASCII.isDigits(expiration.utf8) else { return nil }
        return Timestamp(millisecondsSince1970: Expiry.read(expiration.utf8).milliseconds)
    }

    /// Where the token stands against its expiration, as unsealing judges it; `nil` when it never
    /// expires or the field is not a number.
    ///
    /// - Parameters:
    ///   - now: The time to judge by.
    ///   - skew: The clock skew allowed.
    /// - Returns: Where the token stands.
    public func expiry(now: Timestamp, skew: Duration = SealOptions.default.timestampSkew) -> Expiry? {
        guard ASCII.isDigits(expiration.utf8) else { return nil }
        return Expiry(expiration: Expiry.read(expiration.utf8).value, now: now, skew: skew)
    }

    /// The IV's bytes, when it is canonical base64url.
    public var ivBytes: [UInt8]? { try? Base64URL.decode(Array(iv.utf8)) }

    /// The ciphertext's length in bytes, when it is canonical base64url.
    public var ciphertextByteCount: Int? {
        let count = ciphertext.utf8.count
        guard count % 4 != 1, (try? Base64URL.decode(Array(ciphertext.utf8))) != nil else { return nil }
        return count / 4 * 3 + max(0, count % 4 - 1)
    }

    /// The plaintext lengths the ciphertext allows: 1 to 16 bytes less for AES-256-CBC's padding,
    /// exactly its length for AES-128-CTR.
    ///
    /// - Parameter algorithm: The cipher the token was sealed with (a token does not say).
    /// - Returns: The range, or `nil` if the ciphertext is malformed or impossible for the cipher.
    public func payloadByteRange(algorithm: EncryptionAlgorithm = .aes256CBC) -> ClosedRange<Int>? {
        guard let count = ciphertextByteCount else { return nil }
        switch algorithm {
        case .aes256CBC:
            guard count >= 16, count % 16 == 0 else { return nil }
            return (count - 16)...(count - 1)
        case .aes128CTR:
            return count...count
        }
    }

    /// Every way the token departs from what @hapi/iron writes, each as a sentence; empty for a
    /// well-formed token. The first is the most fundamental. A token with problems cannot unseal,
    /// except that @hapi/iron tolerates some non-canonical base64url once the HMAC verifies.
    ///
    /// - Parameter algorithm: The cipher assumed for the ciphertext's length.
    /// - Returns: The problems, in field order.
    public func problems(algorithm: EncryptionAlgorithm = .aes256CBC) -> [String] {
        var problems: [String] = []
        if prefix != Token.currentPrefix {
            problems.append(prefix.hasPrefix("Fe26.") ? "prefix \"\(prefix)\" is another version of the format (expected \"Fe26.2\")" : "prefix \"\(prefix.prefix(16))\" is not \"Fe26.2\"")
        }
        if !passwordId.isEmpty && !Password.isValidId(passwordId) {
            problems.append("password id contains characters other than letters, digits and '_'")
        }
        func checkSalt(_ salt: String, _ name: String) {
            if salt.isEmpty { return } // a raw key
            if !salt.utf8.allSatisfy(ASCII.isLowercaseHexDigit) {
                problems.append("\(name) is not lowercase hexadecimal")
            } else if salt.utf8.count % 2 != 0 {
                problems.append("\(name) has an odd number of hex digits")
            }
        }
        checkSalt(encryptionSalt, "encryption salt")
        do {
            let bytes = try Base64URL.decode(Array(iv.utf8))
            if bytes.count != 16 { problems.append("IV is \(bytes.count) bytes (expected 16)") }
        } catch {
            problems.append("IV: \(error)")
        }
        do {
            let bytes = try Base64URL.decode(Array(ciphertext.utf8))
            if algorithm == .aes256CBC && (bytes.isEmpty || bytes.count % 16 != 0) {
                problems.append("ciphertext is \(bytes.count) bytes, not a positive multiple of 16 as AES-256-CBC writes")
            }
        } catch {
            problems.append("ciphertext: \(error)")
        }
        if !expiration.isEmpty && !ASCII.isDigits(expiration.utf8) {
            problems.append("expiration \"\(expiration.prefix(24))\" is not a number of milliseconds")
        }
        checkSalt(integritySalt, "integrity salt")
        do {
            let bytes = try Base64URL.decode(Array(hmac.utf8))
            if bytes.count != 32 { problems.append("HMAC is \(bytes.count) bytes (expected 32 for HMAC-SHA256)") }
        } catch {
            problems.append("HMAC: \(error)")
        }
        if let versionSuffix, !ASCII.isDigits(versionSuffix.utf8) {
            problems.append("version suffix \"~\(versionSuffix.prefix(16))\" is not a number")
        }
        return problems
    }
}
