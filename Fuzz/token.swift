// libFuzzer target `token`: Token(_:), problems(), payloadByteRange, expiresAt and
// the other derived properties on arbitrary text.
//
// Invariants:
// - nothing crashes;
// - Token(text.description) == Token(text) (the description re-parses to the same fields);
// - ciphertextByteCount, payloadByteRange and ivBytes agree with Base64URL.decode;
// - expiresAt is the exact value of an all-digit expiration that fits in Int64,
//   Int64.max for a longer one (JavaScript reads it as a large number, not as no expiration);
// - a token without problems has the Fe26.2 prefix, a 16-byte IV and a CBC payload range;
// - Token(_:) and the Unsealer agree on the checks made before any password is needed: the
//   component count, the prefix, the expiration's digits and the password id that is looked up.

import Iron

/// An unsealer whose map has one id, "known", and a clock at the epoch (nothing expires), so
/// that the first checks decide.
private let unsealer: Unsealer = {
    do {
        return try Unsealer(passwords: PasswordMap(["known": Password("public-password-0123456789abcdef")]), clock: FixedClock(millisecondsSince1970: 0))
    } catch {
        violation("cannot make the unsealer: \(error)")
    }
}()

private func isDigits(_ text: String) -> Bool {
    !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = inputBytes(data, size)
    let text = String(decoding: input, as: UTF8.self)
    let bytes = Array(text.utf8)

    let token: Token
    do {
        token = try Token(text)
    } catch {
        guard error.kind == .incorrectComponentCount else {
            violation("Token(_:) threw \(error) for \(escaped(bytes))")
        }
        // The unsealer must reject it the same way.
        do {
            _ = try unsealer.unseal(text)
            violation("the unsealer accepted a token Token(_:) rejects: \(escaped(bytes))")
        } catch {
            require(error.kind == .incorrectComponentCount, "Token(_:) finds the wrong number of fields but the unsealer says \(error.kind): \(escaped(bytes))")
        }
        return 0
    }
    let what = "token \(escaped(bytes))"

    // The description re-parses to the same fields.
    do {
        let again = try Token(token.description)
        require(again == token, "Token(description) differs: \(again) vs \(token); \(what)")
    } catch {
        violation("Token(description) fails: \(error); description \(escaped(token.description)), \(what)")
    }

    // Derived properties agree with canonical base64url decoding.
    let problems = token.problems()
    let problemsCTR = token.problems(algorithm: .aes128CTR)
    let decodedCiphertext = try? Base64URL.decode(Array(token.ciphertext.utf8))
    let decodedIV = try? Base64URL.decode(Array(token.iv.utf8))
    require(token.ciphertextByteCount == decodedCiphertext?.count, "ciphertextByteCount \(String(describing: token.ciphertextByteCount)) vs decoded \(String(describing: decodedCiphertext?.count)); \(what)")
    require(token.ivBytes == decodedIV, "ivBytes differs from Base64URL.decode; \(what)")
    let cbc = token.payloadByteRange()
    let ctr = token.payloadByteRange(algorithm: .aes128CTR)
    if let count = decodedCiphertext?.count {
        require(ctr == count...count, "CTR payload range \(String(describing: ctr)) for \(count) bytes; \(what)")
        if count >= 16 && count % 16 == 0 {
            require(cbc == (count - 16)...(count - 1), "CBC payload range \(String(describing: cbc)) for \(count) bytes; \(what)")
        } else {
            require(cbc == nil, "CBC payload range \(String(describing: cbc)) for \(count) bytes; \(what)")
        }
    } else {
        require(cbc == nil && ctr == nil, "a payload range for a ciphertext that does not decode; \(what)")
    }

    // The expiration.
    if isDigits(token.expiration), let exact = Int64(token.expiration) {
        require(token.expiresAt?.millisecondsSince1970 == exact, "expirationMilliseconds \(String(describing: token.expiresAt?.millisecondsSince1970)) vs \(exact); \(what)")
    } else if isDigits(token.expiration) {
        require(token.expiresAt?.millisecondsSince1970 == .max, "expirationMilliseconds \(String(describing: token.expiresAt?.millisecondsSince1970)) for \(escaped(token.expiration)); \(what)")
    } else {
        require(token.expiresAt?.millisecondsSince1970 == nil, "expirationMilliseconds \(String(describing: token.expiresAt?.millisecondsSince1970)) for \(escaped(token.expiration)); \(what)")
    }
    _ = token.version

    // No problems: a well-formed token.
    if problems.isEmpty {
        require(token.prefix == Token.currentPrefix, "no problems but prefix \(escaped(token.prefix)); \(what)")
        require(token.ivBytes?.count == 16, "no problems but the IV is not 16 bytes; \(what)")
        require(cbc != nil, "no problems but no CBC payload range; \(what)")
        require(problemsCTR.isEmpty, "problems for CTR but none for CBC: \(problemsCTR); \(what)")
    }
    for problem in problems + problemsCTR {
        require(!problem.isEmpty, "an empty problem; \(what)")
    }

    // The unsealer's first checks agree.
    do {
        _ = try unsealer.unseal(text)
        violation("a token unsealed without its password: \(what)")
    } catch {
        let expected: IronError.Kind
        let id = token.passwordId.isEmpty ? "default" : token.passwordId
        if token.prefix != Token.currentPrefix {
            expected = .wrongPrefix
        } else if !token.expiration.isEmpty && !isDigits(token.expiration) {
            expected = .invalidExpiration
        } else if id != "known" {
            expected = .passwordNotFound
            require(error.passwordId == token.passwordId, "the unsealer looked up \(String(describing: error.passwordId)), the token names \(escaped(token.passwordId)); \(what)")
        } else {
            require(error.kind == .badHMAC, "with the right id the unsealer says \(error.kind) (\(error.reason)), not bad-hmac; \(what)")
            return 0
        }
        require(error.kind == expected, "the unsealer says \(error.kind) (\(error.reason)), Token(_:) implies \(expected); \(what)")
    }
    return 0
}
