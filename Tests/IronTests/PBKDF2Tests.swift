import Testing
import IronTestSupport
@testable import Iron

/// Derives `count` bytes with the library's PBKDF2-HMAC-SHA1.
private func derive(_ password: [UInt8], salt: [UInt8], iterations: Int, count: Int) throws -> [UInt8] {
    let kdf = try InsecurePBKDF2SHA1(password: password.span)
    return try derive(kdf, salt: salt, iterations: iterations, count: count)
}

private func derive(_ kdf: InsecurePBKDF2SHA1, salt: [UInt8], iterations: Int, count: Int) throws -> [UInt8] {
    var output = [UInt8](repeating: 0xAA, count: count)
    var out = output.mutableSpan
    try kdf.deriveKey(salt: salt.span, iterations: iterations, into: &out)
    return output
}

/// The MAC of a message under the context's current key.
private func finish(_ context: HMACContext) throws -> [UInt8] {
    var digest = [UInt8](repeating: 0, count: context.digest.size)
    var out = digest.mutableSpan
    try context.finish(into: &out)
    return digest
}

private func update(_ context: HMACContext, _ message: [UInt8]) throws {
    try context.update(message.span)
}

private func mac(_ digest: HMACDigest, key: [UInt8], message: [UInt8]) throws -> [UInt8] {
    let context = try HMACContext(digest: digest)
    try context.setKey(key.span)
    try update(context, message)
    return try finish(context)
}

@Suite("PBKDF2-HMAC-SHA1 (RFC 6070) and the HMAC wrapper (RFC 4231)")
struct PBKDF2Tests {
    struct RFC6070Case: Sendable, CustomStringConvertible {
        let password: [UInt8]
        let salt: [UInt8]
        let iterations: Int
        let expected: String
        var description: String { "\(String(decoding: password, as: UTF8.self)) c=\(iterations) dkLen=\(expected.count / 2)" }
    }

    static let rfc6070: [RFC6070Case] = [
        RFC6070Case(password: utf8("password"), salt: utf8("salt"), iterations: 1, expected: "0c60c80f961f0e71f3a9b524af6012062fe037a6"),
        RFC6070Case(password: utf8("password"), salt: utf8("salt"), iterations: 2, expected: "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"),
        RFC6070Case(password: utf8("password"), salt: utf8("salt"), iterations: 4096, expected: "4b007901b765489abead49d926f721d065a429c1"),
        RFC6070Case(
            password: utf8("passwordPASSWORDpassword"),
            salt: utf8("saltSALTsaltSALTsaltSALTsaltSALTsalt"),
            iterations: 4096,
            expected: "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038"
        ),
        RFC6070Case(password: utf8("pass\0word"), salt: utf8("sa\0lt"), iterations: 4096, expected: "56fa6aa75548099dcc37d7f03425e0c3"),
    ]

    @Test("RFC 6070 test vectors (16777216 iterations skipped)", arguments: rfc6070)
    func rfc6070Vectors(_ vector: RFC6070Case) throws {
        let derived = try derive(vector.password, salt: vector.salt, iterations: vector.iterations, count: vector.expected.count / 2)
        #expect(hex(derived) == vector.expected)
    }

    @Test("the 'pass\\0word' vector uses all 9 bytes of the password and all 5 of the salt")
    func embeddedNulIsNotATerminator() throws {
        let full = try derive(utf8("pass\0word"), salt: utf8("sa\0lt"), iterations: 1, count: 16)
        let truncated = try derive(utf8("pass"), salt: utf8("sa"), iterations: 1, count: 16)
        #expect(full != truncated)
    }

    @Test("16- and 32-byte keys, as AES-128-CTR and AES-256-CBC/HMAC-SHA256 take them")
    func keyLengthsOfTheFormat() throws {
        let password = utf8(Fixture.password)
        let salt = utf8(String(repeating: "0123456789abcdef", count: 4)) // the hex text of a 256-bit salt
        let key16 = try derive(password, salt: salt, iterations: 1, count: 16)
        let key32 = try derive(password, salt: salt, iterations: 1, count: 32)
        #expect(hex(key16) == "2384fa45a232e80a8d29823170fe13bd")
        #expect(hex(key32) == "2384fa45a232e80a8d29823170fe13bd1c6e329c1ad926ea0638d241f92e9f48")
        #expect(Array(key32.prefix(16)) == key16)
        let key32x10 = try derive(password, salt: salt, iterations: 10, count: 32)
        #expect(hex(key32x10) == "14e07230eb442d0e21ebd750c7e7659b7184f19b2a68c3c3de3a030487c3098b")
    }

    @Test("32 bytes span two SHA-1 blocks: block 2 is computed with counter 2")
    func secondBlock() throws {
        #expect(hex(try derive(utf8("password"), salt: utf8("salt"), iterations: 1, count: 32))
            == "0c60c80f961f0e71f3a9b524af6012062fe037a6e0f0eb94fe8fc46bdc637164")
        #expect(hex(try derive(utf8("password"), salt: utf8("salt"), iterations: 2, count: 32))
            == "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957cae93136266537a8d7bf4b76")
    }

    @Test("a password longer than SHA-1's 64-byte block is hashed first; odd output lengths are cut")
    func longPasswordAndOddLength() throws {
        let derived = try derive((0..<100).map { UInt8($0) }, salt: utf8("salt"), iterations: 3, count: 41)
        #expect(hex(derived) == "9f3d9cdeadd7177dbc5b2ed606fed4c1e2e8a7f2fb9154608fd9fd1abe210c8a30ace69ff0cfb0186f")
    }

    @Test("an empty salt is allowed")
    func emptySalt() throws {
        #expect(hex(try derive(utf8("password"), salt: [], iterations: 1, count: 20)) == "8754c32c64b0f524fc50c00f788135de2d2dd767")
    }

    @Test("one iteration, any length: each block is HMAC(salt || INT(i)), the salt hashed once for all", arguments: [1, 20, 21, 32, 40, 41, 64])
    func oneIterationBlocks(count: Int) throws {
        let password = utf8("public-password-0123456789abcdef")
        let kdf = try InsecurePBKDF2SHA1(password: password.span)
        for salt in [utf8("salt"), [UInt8](repeating: 0x61, count: 64), [UInt8](repeating: 0x62, count: 100)] {
            let blocks = try (1...4).flatMap { index in try mac(.insecureSHA1, key: password, message: salt + [0, 0, 0, UInt8(index)]) }
            #expect(try derive(kdf, salt: salt, iterations: 1, count: count) == Array(blocks.prefix(count)))
        }
    }

    @Test("one key schedule serves many derivations, which do not disturb each other")
    func reusedSchedule() throws {
        let kdf = try InsecurePBKDF2SHA1(password: utf8("password").span)
        let first = try derive(kdf, salt: utf8("salt"), iterations: 2, count: 20)
        let other = try derive(kdf, salt: utf8("another salt"), iterations: 5, count: 32)
        let again = try derive(kdf, salt: utf8("salt"), iterations: 2, count: 20)
        #expect(hex(first) == "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957")
        #expect(again == first)
        #expect(Array(other.prefix(20)) != first)
    }

    // MARK: HMAC

    @Test("HMAC-SHA256: RFC 4231 test cases 1 and 2")
    func rfc4231() throws {
        #expect(hex(try mac(.sha256, key: [UInt8](repeating: 0x0b, count: 20), message: utf8("Hi There")))
            == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(hex(try mac(.sha256, key: utf8("Jefe"), message: utf8("what do ya want for nothing?")))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("authenticate: a key used once, RFC 4231 cases 1, 2 and 6 (a key longer than a block); the context's own key is kept")
    func oneShot() throws {
        let context = try HMACContext(digest: .sha256)
        try context.setKey(utf8("Jefe").span)
        func authenticate(key: [UInt8], message: [UInt8]) throws -> String {
            var digest = [UInt8](repeating: 0, count: 32)
            var out = digest.mutableSpan
            try context.authenticate(message.span, key: key.span, into: &out)
            return hex(digest)
        }
        #expect(try authenticate(key: [UInt8](repeating: 0x0b, count: 20), message: utf8("Hi There"))
            == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(try authenticate(key: utf8("Jefe"), message: utf8("what do ya want for nothing?"))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(try authenticate(key: [UInt8](repeating: 0xaa, count: 131), message: utf8("Test Using Larger Than Block-Size Key - Hash Key First"))
            == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        try context.restart()
        try update(context, utf8("what do ya want for nothing?"))
        #expect(hex(try finish(context)) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("HMAC-SHA1: RFC 2202 test case 2; digest sizes")
    func rfc2202() throws {
        #expect(hex(try mac(.insecureSHA1, key: utf8("Jefe"), message: utf8("what do ya want for nothing?")))
            == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
        #expect(HMACDigest.insecureSHA1.size == 20)
        #expect(HMACDigest.sha256.size == 32)
    }

    @Test("restart() begins a new message with the same key")
    func restartReusesKey() throws {
        let context = try HMACContext(digest: .sha256)
        try context.setKey(utf8("Jefe").span)
        try update(context, utf8("what do ya want for nothing?"))
        let first = try finish(context)

        try context.restart()
        try update(context, utf8("second message"))
        #expect(hex(try finish(context)) == "dec91abee3678dd127e50a5b8b791d51bfe1b43a24c78946f1d14b03405dba77")

        try context.restart()
        try update(context, utf8("what do ya want for nothing?"))
        #expect(try finish(context) == first)
        #expect(hex(first) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("restart() discards a message in progress")
    func restartDiscardsPartialMessage() throws {
        let context = try HMACContext(digest: .sha256)
        try context.setKey(utf8("Jefe").span)
        try update(context, utf8("garbage that must not count"))
        try context.restart()
        try update(context, utf8("what do ya want for nothing?"))
        #expect(hex(try finish(context)) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("setKey replaces the key; an empty key is a key, not 'keep the old one'")
    func setKeyReplacesKey() throws {
        let context = try HMACContext(digest: .sha256)
        try context.setKey(utf8("Jefe").span)
        try update(context, utf8("anything"))
        _ = try finish(context)
        try context.setKey([UInt8]().span)
        #expect(hex(try finish(context)) == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
        try context.setKey([UInt8](repeating: 0x0b, count: 20).span)
        try update(context, utf8("Hi There"))
        #expect(hex(try finish(context)) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test("a message fed in pieces (and empty pieces) gives the same MAC")
    func incrementalUpdate() throws {
        let context = try HMACContext(digest: .sha256)
        try context.setKey(utf8("Jefe").span)
        for piece in ["what ", "", "do ya want", " for nothing", "?"] { try update(context, utf8(piece)) }
        #expect(hex(try finish(context)) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}
