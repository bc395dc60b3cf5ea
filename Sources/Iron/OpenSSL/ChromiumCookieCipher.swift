import COpenSSL

/// Why a value of a Chromium cookie store could not be decrypted.
package enum ChromiumCookieCipherError: Error, Equatable, Sendable {
    /// The value starts with `v11`: Chromium took its key from the desktop keyring (GNOME Keyring
    /// or KWallet), which only the user's session can read. (Chromium's fallback of an empty
    /// keyring password was tried and did not open it.)
    case keyringKey
    /// The value starts with neither `v10` nor `v11`: another platform's scheme (Windows' DPAPI or
    /// app-bound `v20`, say) or not an encrypted value. `prefix` is its first bytes, printable.
    case unknownScheme(prefix: String)
    /// A `v10` value that neither of Chromium's fixed Linux keys opens, or whose 32-byte host hash
    /// (database version 24 and later) is not the SHA-256 of the cookie's host.
    case undecryptable(String)
}

/// Chromium's cookie encryption on Linux without a keyring (`--password-store=basic`, or no
/// keyring running): `v10` + AES-128-CBC, key PBKDF2-HMAC-SHA1("peanuts", "saltysalt", 1
/// iteration, 16 bytes), IV 16 spaces, PKCS#7 padding. From `meta.version` 24 on, the plaintext
/// starts with the SHA-256 of the cookie's `host_key`.
///
/// - Warning: This is no secret: the key is a constant of Chromium's source. It exists so that a
///   user can read their own cookies; the CLI uses it, the token format never does.
package struct ChromiumCookieCipher: Sendable {
    /// The first `meta.version` whose plaintexts start with the SHA-256 of the host.
    package static let hostHashVersion = 24

    /// The `v10` key: PBKDF2 of "peanuts".
    private let fixedKey: [UInt8]
    /// The key Chromium falls back to when a keyring hands it an empty password: PBKDF2 of "".
    private let emptyKey: [UInt8]

    package init() throws {
        try OpenSSLLibrary.start()
        fixedKey = try Self.deriveKey(password: Array("peanuts".utf8))
        emptyKey = try Self.deriveKey(password: [])
    }

    /// PBKDF2-HMAC-SHA1(password, "saltysalt", 1 iteration, 16 bytes), as Chromium's
    /// `os_crypt` derives its Linux keys.
    package static func deriveKey(password: [UInt8]) throws -> [UInt8] {
        let salt = Array("saltysalt".utf8)
        var key = [UInt8](repeating: 0, count: 16)
        guard let sha1 = unsafe EVP_MD_fetch(nil, "SHA1", nil) else { throw cryptoFailure("EVP_MD_fetch(SHA1)") }
        defer { unsafe EVP_MD_free(sha1) }
        // PKCS5_PBKDF2_HMAC wants a valid pointer even for an empty password.
        let passwordBytes = password.isEmpty ? [0] : password
        let result = unsafe passwordBytes.withUnsafeBufferPointer { pass in
            unsafe salt.withUnsafeBufferPointer { saltBuffer in
                unsafe key.withUnsafeMutableBufferPointer { out in
                    unsafe pass.withMemoryRebound(to: CChar.self) { passChars in
                        unsafe PKCS5_PBKDF2_HMAC(passChars.baseAddress, Int32(password.count), saltBuffer.baseAddress, Int32(salt.count),
                                          1, sha1, Int32(out.count), out.baseAddress)
                    }
                }
            }
        }
        try check(result, "PKCS5_PBKDF2_HMAC")
        return key
    }

    /// Decrypts one `encrypted_value`.
    ///
    /// - Parameters:
    ///   - encryptedValue: The column's bytes, starting with `v10` or `v11`.
    ///   - hostKey: The row's `host_key`, checked against the plaintext's hash from version 24.
    ///   - databaseVersion: The store's `meta.version`.
    /// - Returns: The cookie's value, without the host hash.
    /// - Throws: ``ChromiumCookieCipherError``, or ``IronError`` of kind ``IronError/Kind/cryptoFailure``.
    package func decrypt(_ encryptedValue: [UInt8], hostKey: String, databaseVersion: Int) throws -> [UInt8] {
        let prefix = Array(encryptedValue.prefix(3))
        let ciphertext = Array(encryptedValue.dropFirst(3))
        let keys: [[UInt8]]
        switch prefix {
        case Array("v10".utf8): keys = [fixedKey, emptyKey]
        case Array("v11".utf8): keys = [emptyKey]
        default:
            let printable = String(decoding: prefix.map { (0x21...0x7E).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
            throw ChromiumCookieCipherError.unknownScheme(prefix: printable)
        }
        let hash = databaseVersion >= Self.hostHashVersion ? try Self.sha256(Array(hostKey.utf8)) : nil
        for key in keys {
            guard var plaintext = try Self.aes128CBC(encrypt: false, key: key, input: ciphertext) else { continue }
            if let hash {
                guard plaintext.count >= 32, Array(plaintext.prefix(32)) == hash else { continue }
                plaintext.removeFirst(32)
            }
            return plaintext
        }
        if prefix == Array("v11".utf8) { throw ChromiumCookieCipherError.keyringKey }
        throw ChromiumCookieCipherError.undecryptable(hash == nil
            ? "the value does not decrypt with Chromium's fixed Linux key"
            : "the value does not decrypt with Chromium's fixed Linux key to the hash of its host \(hostKey)")
    }

    /// Encrypts a value as Chromium does without a keyring: `v10`, and from version 24 the host's
    /// hash before the value. The inverse of ``decrypt(_:hostKey:databaseVersion:)``, for tests.
    package func encrypt(_ value: [UInt8], hostKey: String, databaseVersion: Int) throws -> [UInt8] {
        let plaintext = (databaseVersion >= Self.hostHashVersion ? try Self.sha256(Array(hostKey.utf8)) : []) + value
        guard let ciphertext = try Self.aes128CBC(encrypt: true, key: fixedKey, input: plaintext) else {
            throw cryptoFailure("EVP_EncryptFinal_ex")
        }
        return Array("v10".utf8) + ciphertext
    }

    /// SHA-256 through `EVP_Q_digest`.
    static func sha256(_ bytes: [UInt8]) throws -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length = 0
        let result = unsafe bytes.withUnsafeBytes { input in
            unsafe digest.withUnsafeMutableBufferPointer { out in
                unsafe EVP_Q_digest(nil, "SHA256", nil, input.baseAddress, input.count, out.baseAddress, &length)
            }
        }
        try check(result, "EVP_Q_digest(SHA256)")
        guard length == 32 else { throw cryptoFailure("EVP_Q_digest(SHA256) length") }
        return digest
    }

    /// AES-128-CBC with the IV of 16 spaces. Decrypting returns `nil` when the padding is wrong
    /// (a wrong key); any other failure throws.
    private static func aes128CBC(encrypt: Bool, key: [UInt8], input: [UInt8]) throws -> [UInt8]? {
        precondition(key.count == 16)
        if !encrypt && (input.isEmpty || input.count % 16 != 0) { return nil }
        guard input.count <= Int(Int32.max) - 32 else { return nil }
        guard let cipher = unsafe EVP_CIPHER_fetch(nil, "AES-128-CBC", nil) else { throw cryptoFailure("EVP_CIPHER_fetch(AES-128-CBC)") }
        defer { unsafe EVP_CIPHER_free(cipher) }
        guard let context = unsafe EVP_CIPHER_CTX_new() else { throw cryptoFailure("EVP_CIPHER_CTX_new") }
        defer { unsafe EVP_CIPHER_CTX_free(context) }
        let iv = [UInt8](repeating: UInt8(ascii: " "), count: 16)
        var output = [UInt8](repeating: 0, count: input.count + 16)
        var updated: Int32 = 0
        var finished: Int32 = 0
        // A zero-length input still needs a valid pointer for EVP_*Update.
        let source = input.isEmpty ? [0] : input
        let padded: Bool = unsafe try key.withUnsafeBufferPointer { keyBuffer in
            unsafe try iv.withUnsafeBufferPointer { ivBuffer in
                unsafe try source.withUnsafeBufferPointer { inBuffer in
                    unsafe try output.withUnsafeMutableBufferPointer { outBuffer in
                        let out = outBuffer.baseAddress!
                        if encrypt {
                            unsafe try check(EVP_EncryptInit_ex2(context, cipher, keyBuffer.baseAddress, ivBuffer.baseAddress, nil), "EVP_EncryptInit_ex2")
                            unsafe try check(EVP_EncryptUpdate(context, out, &updated, inBuffer.baseAddress, Int32(input.count)), "EVP_EncryptUpdate")
                            unsafe try check(EVP_EncryptFinal_ex(context, out + Int(updated), &finished), "EVP_EncryptFinal_ex")
                            return true
                        }
                        unsafe try check(EVP_DecryptInit_ex2(context, cipher, keyBuffer.baseAddress, ivBuffer.baseAddress, nil), "EVP_DecryptInit_ex2")
                        unsafe try check(EVP_DecryptUpdate(context, out, &updated, inBuffer.baseAddress, Int32(input.count)), "EVP_DecryptUpdate")
                        if unsafe EVP_DecryptFinal_ex(context, out + Int(updated), &finished) != 1 {
                            // Wrong padding: a wrong key. Empty OpenSSL's error queue for later calls.
                            while ERR_get_error() != 0 {}
                            return false
                        }
                        return true
                    }
                }
            }
        }
        guard padded else { return nil }
        return Array(output.prefix(Int(updated) + Int(finished)))
    }
}
