// libFuzzer target `unseal`: the input as a token, and as pasted text through
// TokenExtraction.extract(from:cookie:), unsealed by fixed unsealers (password maps and single
// passwords of the reference vectors, a FixedClock). Then the input as a payload, sealed with
// fixed salts and IV and unsealed again.
//
// Invariants:
// - unseal never crashes and throws only IronError, of a kind unsealing can produce;
// - a success is reproducible: unsealing again (same unsealer, a fresh one, the String and the
//   byte API, with bytes already in the output buffer) gives the same result;
// - a successful payload passes JSONText.validate with the unsealer's limits, and has no
//   __proto__ key that survives parsing unless the token has a ~ suffix; ironSessionData() is
//   valid JSON;
// - an "Expired seal" token, unsealed with enforceExpiration: false, either succeeds with
//   isExpired or fails for a later reason;
// - the fields of a successful token (Token(_:)) agree with the result;
// - seal(plaintext: P) then unseal gives P back exactly when P is JSON (after JavaScript's
//   U+FFFD repair of invalid UTF-8), and "payload not JSON" otherwise; seal(json: P) then
//   unseal gives JSONText.compact(P).

#if canImport(Glibc)
import Glibc
#endif
@testable import Iron

private let publicPassword = "public-password-0123456789abcdef"
private let sessionPassword = "public-iron-session-password-0123456789"
private let rawKey = [UInt8](repeating: 0x5A, count: 32)

private func options(_ change: (inout SealOptions) -> Void) -> SealOptions {
    var options = SealOptions()
    change(&options)
    return options
}

private func split() -> Password {
    Password(id: nil, encryption: .init("public-encryption-secret-eeeeeeeeeeee"), integrity: .init("public-integrity-secret-iiiiiiiiiiiii"))
}

/// How to make each unsealer (a fresh one is made to check that caching changes nothing).
nonisolated(unsafe) private let factories: [(name: String, make: () throws -> Unsealer)] = [
    ("map-default", {
        try Unsealer(passwords: PasswordMap([
            "default": Password(publicPassword),
            "k1": Password(publicPassword),
            "1": Password("public-rotation-one-aaaaaaaaaaaaaaaa"),
            "2": Password("public-rotation-two-bbbbbbbbbbbbbbbb"),
            "3": Password("public-rotation-three-cccccccccccccc"),
            "split": split(),
        ]), clock: FixedClock(millisecondsSince1970: fuzzNow))
    }),
    ("map-session", {
        try Unsealer(passwords: PasswordMap([
            "default": split(),
            "1": Password(sessionPassword),
            "2": Password("public-session-new-secret-22222222222"),
        ]), clock: FixedClock(millisecondsSince1970: fuzzNow))
    }),
    ("single-ctr", { try Unsealer(password: Password(publicPassword), options: options { $0.encryption.algorithm = .aes128CTR }, clock: FixedClock(millisecondsSince1970: fuzzNow)) }),
    ("single-iterations-2", {
        try Unsealer(password: Password(publicPassword), options: options { $0.encryption.iterations = 2; $0.integrity.iterations = 2 }, clock: FixedClock(millisecondsSince1970: fuzzNow))
    }),
    ("single-iterations-10", {
        try Unsealer(password: Password(publicPassword), options: options { $0.encryption.iterations = 10; $0.integrity.iterations = 10 }, clock: FixedClock(millisecondsSince1970: fuzzNow))
    }),
    ("single-upstream", { try Unsealer(password: Password("some_not_random_password_that_is_also_long_enough"), clock: FixedClock(millisecondsSince1970: fuzzNow)) }),
    ("single-non-ascii", { try Unsealer(password: Password("Pässwörd für Tëstvektoren — 🔐 ünïcödé ∞ Ωmega (public) 2024"), clock: FixedClock(millisecondsSince1970: fuzzNow)) }),
    ("single-ascii-100", {
        try Unsealer(password: Password("The quick brown fox jumps over the lazy dog; public vector password number three, quite long indeed!"), clock: FixedClock(millisecondsSince1970: fuzzNow))
    }),
    ("single-raw-key", { try Unsealer(password: Password(key: rawKey), clock: FixedClock(millisecondsSince1970: fuzzNow)) }),
    ("single-short-skew0-limits", {
        try Unsealer(password: Password("short"), options: options {
            $0.encryption.minimumPasswordLength = 0
            $0.integrity.minimumPasswordLength = 0
            $0.timestampSkew = .zero
        }, limits: JSONLimits(maximumDepth: 4, maximumBytes: 512), clock: FixedClock(millisecondsSince1970: fuzzNow))
    }),
]

private let unsealers: [Unsealer] = factories.map { factory in
    do { return try factory.make() } catch { violation("cannot make unsealer \(factory.name): \(error)") }
}

/// Sealers for the round trip, each with the index of the unsealer that opens its tokens.
private let sealers: [(name: String, sealer: Sealer, unsealer: Int)] = {
    do {
        return [
            ("plain", try Sealer(password: Password(publicPassword), clock: FixedClock(millisecondsSince1970: fuzzNow)), 0),
            ("iron-session", try Sealer(passwords: PasswordMap(["1": Password(sessionPassword)]), id: "1", options: .ironSession, clock: FixedClock(millisecondsSince1970: fuzzNow)), 1),
            ("ctr", try Sealer(password: Password(publicPassword), options: options { $0.encryption.algorithm = .aes128CTR }, clock: FixedClock(millisecondsSince1970: fuzzNow)), 2),
            ("raw-key", try Sealer(password: Password(key: rawKey), clock: FixedClock(millisecondsSince1970: fuzzNow)), 8),
        ]
    } catch {
        violation("cannot make sealers: \(error)")
    }
}()

private let fixedParameters: SealParameters = {
    do {
        return SealParameters(now: Timestamp(millisecondsSince1970: fuzzNow), insecure: .init(encryptionSalt: "00112233445566778899aabbccddeeff",
                              iv: try InitializationVector(Array(0..<16)), integritySalt: "ffeeddccbbaa99887766554433221100"))
    } catch {
        violation("cannot make parameters: \(error)")
    }
}()

/// What unsealing can throw.
private let unsealKinds: Set<IronError.Kind> = [
    .incorrectComponentCount, .wrongPrefix, .invalidExpiration, .expired, .emptyPassword, .passwordTooShort,
    .keyTooSmall, .passwordNotFound, .badHMAC, .decryptionFailed, .payloadNotJSON,
]

/// Kinds decided before the expiration check: an expired token cannot fail with these.
private let beforeExpiration: Set<IronError.Kind> = [.incorrectComponentCount, .wrongPrefix, .invalidExpiration]

private func unsealBytes(_ unsealer: Unsealer, _ token: [UInt8], enforceExpiration: Bool = true, prefix: [UInt8] = []) throws -> (Unsealed, [UInt8]) {
    var output = prefix
    var result = try unsealer.unseal(token: token.span, enforceExpiration: enforceExpiration, appendingPayloadTo: &output)
    require(output.starts(with: prefix), "unseal changed the bytes already in its output buffer")
    require(result.payload.isEmpty, "the byte API returned a payload in Unsealed")
    result.payload = Array(output[prefix.count...])
    return (result, result.payload)
}

private func checkKind(_ error: any Error, _ context: @autoclosure () -> String) -> IronError {
    guard let error = error as? IronError else {
        violation("unseal threw a non-IronError \(type(of: error)): \(error) (\(context()))")
    }
    require(unsealKinds.contains(error.kind), "unseal threw an unexpected kind \(error.kind): \(error.reason) (\(context()))")
    return error
}

/// IRON_FUZZ_TRACE=1: print what each unsealer made of the input (to check that seeds open).
private let trace = getenv("IRON_FUZZ_TRACE") != nil

/// Unseals `token` with unsealer `index` and checks every invariant.
private func check(_ index: Int, _ token: [UInt8]) {
    let unsealer = unsealers[index]
    let name = factories[index].name
    let result: Unsealed
    do {
        (result, _) = try unsealBytes(unsealer, token)
        if trace { writeStderr("trace: \(name): ok\n") }
    } catch {
        let error = checkKind(error, "\(name), token \(escaped(token))")
        if trace { writeStderr("trace: \(name): \(error.kind)\n") }
        if error.kind == .expired {
            do {
                let (again, _) = try unsealBytes(unsealer, token, enforceExpiration: false)
                require(again.isExpired, "\(name): an expired token unsealed with enforceExpiration: false is not isExpired: \(escaped(token))")
                if trace { writeStderr("trace: \(name): ok ignoring expiration\n") }
                verifySuccess(index, token, again, enforceExpiration: false)
            } catch {
                let second = checkKind(error, "\(name), ignoring expiration, token \(escaped(token))")
                require(second.kind != .expired && !beforeExpiration.contains(second.kind),
                        "\(name): ignoring expiration failed with \(second.kind) (\(second.reason)) for a token that was 'expired': \(escaped(token))")
            }
        }
        return
    }
    require(!result.isExpired, "\(name): isExpired with expiration enforced: \(escaped(token))")
    verifySuccess(index, token, result, enforceExpiration: true)
}

/// `thorough` adds a fresh unsealer (slow: it fetches OpenSSL contexts), for tokens from the input.
private func verifySuccess(_ index: Int, _ token: [UInt8], _ result: Unsealed, enforceExpiration: Bool, thorough: Bool = true) {
    let unsealer = unsealers[index]
    let name = factories[index].name
    let what = "\(name), token \(escaped(token))"
    let payload = result.payload

    // The payload is JSON as the unsealer's limits allow, without __proto__ unless ~2.
    do {
        let report = try JSONText.validate(payload, limits: unsealer.limits)
        require(!report.hasPrototypeKey || result.versionSuffix != nil || !JSONText.parsedValueHasPrototypeKey(payload.span),
                "payload with a surviving __proto__ accepted without a ~ suffix: \(what)")
    } catch {
        violation("a successful payload does not validate (\(error)): payload \(escaped(payload)), \(what)")
    }

    // Reproducible: the same unsealer, the byte API with a non-empty buffer, a fresh unsealer.
    do {
        let (again, _) = try unsealBytes(unsealer, token, enforceExpiration: enforceExpiration, prefix: [0x41, 0x42])
        require(again == result, "unsealing again differs: \(again) vs \(result); \(what)")
        if thorough {
            let fresh = try factories[index].make()
            var output: [UInt8] = []
            var third = try fresh.unseal(token: token.span, enforceExpiration: enforceExpiration, appendingPayloadTo: &output)
            third.payload = output
            require(third == result, "a fresh unsealer differs: \(third) vs \(result); \(what)")
        }
        if isValidUTF8(token) {
            let viaString = try unsealer.unseal(String(decoding: token, as: UTF8.self), enforceExpiration: enforceExpiration)
            require(viaString == result, "the String API differs: \(viaString) vs \(result); \(what)")
        }
    } catch {
        violation("a token that unsealed once fails the second time: \(error); \(what)")
    }

    // iron-session's view is JSON too.
    let session = result.ironSessionData()
    require((try? JSONText.validate(session, limits: .unlimited)) != nil, "ironSessionData() is not JSON: \(escaped(session)); \(what)")

    // The fields agree with Token(_:).
    if isValidUTF8(token) {
        do {
            let parsed = try Token(String(decoding: token, as: UTF8.self))
            require(parsed.prefix == Token.currentPrefix, "unsealed a token whose prefix is \(parsed.prefix): \(what)")
            require(parsed.passwordId == result.passwordId, "password id \(parsed.passwordId) vs \(result.passwordId): \(what)")
            require(parsed.versionSuffix == result.versionSuffix, "suffix \(String(describing: parsed.versionSuffix)) vs \(String(describing: result.versionSuffix)): \(what)")
            require(parsed.expiration.isEmpty == (result.expiration == nil), "expiration presence differs: \(what)")
            if let milliseconds = parsed.expiresAt?.millisecondsSince1970, milliseconds < 1 << 53 {
                require(result.expiration?.millisecondsSince1970 == milliseconds, "expiration \(milliseconds) vs \(String(describing: result.expiration)): \(what)")
            }
        } catch {
            violation("Token(_:) rejects a token that unsealed: \(error); \(what)")
        }
    }
}

/// What unsealing a token whose plaintext is `plaintext` must give: the payload, or nil for
/// "payload not JSON".
private func expectedPayload(_ plaintext: [UInt8], suffix: String?, limits: JSONLimits) -> [UInt8]? {
    func accepts(_ text: [UInt8]) -> Bool {
        guard let report = try? JSONText.validate(text, limits: limits) else { return false }
        return !report.hasPrototypeKey || suffix != nil || !JSONText.parsedValueHasPrototypeKey(text.span)
    }
    do {
        try JSONText.validate(plaintext, limits: limits)
        return accepts(plaintext) ? plaintext : nil
    } catch where error.kind == .invalidUTF8 {
        let repaired = Array(String(decoding: plaintext, as: UTF8.self).utf8)
        return accepts(repaired) ? repaired : nil
    } catch {
        return nil
    }
}

private func roundTrip(_ plaintext: [UInt8]) {
    for (name, sealer, index) in sealers {
        let unsealer = unsealers[index]
        let suffix = sealer.options.versionSuffix.map(String.init)
        // Unchecked plaintext.
        var token: [UInt8] = []
        do {
            try sealer.seal(plaintext: plaintext.span, parameters: fixedParameters, appendingTo: &token)
        } catch {
            violation("\(name): seal(plaintext:) failed: \(error); plaintext \(escaped(plaintext))")
        }
        let expected = expectedPayload(plaintext, suffix: suffix, limits: unsealer.limits)
        do {
            let (result, payload) = try unsealBytes(unsealer, token)
            require(expected != nil, "\(name): a plaintext that is not JSON unsealed to \(escaped(payload)); plaintext \(escaped(plaintext)), token \(escaped(token))")
            require(payload == expected!, "\(name): unsealed \(escaped(payload)), expected \(escaped(expected!)); token \(escaped(token))")
            verifySuccess(index, token, result, enforceExpiration: true, thorough: false)
        } catch {
            let error = checkKind(error, "\(name) round trip of \(escaped(plaintext))")
            require(expected == nil && error.kind == .payloadNotJSON,
                    "\(name): sealing \(escaped(plaintext)) then unsealing failed with \(error.kind): \(error.reason) (expected \(expected.map { escaped($0) } ?? "payload-not-json")); token \(escaped(token))")
        }

        // Checked JSON: what is sealed is the compact text.
        guard let compact = try? JSONText.compact(plaintext) else { continue }
        do {
            let sealed = try sealer.seal(json: plaintext, parameters: fixedParameters)
            let result = try unsealer.unseal(sealed)
            require(result.payload == compact, "\(name): seal(json:) then unseal gave \(escaped(result.payload)), not the compact \(escaped(compact))")
        } catch where error.kind == .payloadNotJSON {
            require(expectedPayload(compact, suffix: suffix, limits: unsealer.limits) == nil, "\(name): seal(json:) of \(escaped(plaintext)) does not unseal: \(error.reason)")
        } catch {
            violation("\(name): seal(json:) of valid JSON \(escaped(plaintext)) then unseal failed: \(error)")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = inputBytes(data, size)
    // 1. The input as a token.
    for index in unsealers.indices { check(index, input) }
    // 2. The input as pasted text.
    do {
        let token = try TokenExtraction.extract(from: input, cookie: nil)
        if token != input {
            for index in unsealers.indices { check(index, token) }
        }
    } catch let error as CLIError {
        require(error.exitCode == .dataError, "extract failed with exit \(error.exitCode): \(error.message)")
    } catch {
        violation("extract threw \(type(of: error)): \(error)")
    }
    // 3. The input as a payload.
    if size <= 8192 { roundTrip(input) }
    return 0
}
