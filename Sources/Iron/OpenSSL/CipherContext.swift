import COpenSSL

/// A reusable AES context over OpenSSL 3's `EVP_CIPHER`, fetched once.
///
/// One context serves every token of a ``Sealer`` or ``Unsealer``: each call re-initialises it
/// with that token's key and IV.
final class CipherContext {
    let algorithm: EncryptionAlgorithm
    private let cipher: OpaquePointer
    private let context: OpaquePointer
    /// Whether the context holds the cipher for this direction already: then a new key and IV
    /// are all a token needs (no cipher lookup).
    private var ready: (encrypt: Bool, decrypt: Bool) = (false, false)

    init(algorithm: EncryptionAlgorithm) throws {
        self.algorithm = algorithm
        let name: StaticString = algorithm == .aes256CBC ? "AES-256-CBC" : "AES-128-CTR"
        let fetched = name.withUTF8Buffer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { EVP_CIPHER_fetch(nil, $0.baseAddress, nil) }
        }
        guard let cipher = fetched else { throw cryptoFailure("EVP_CIPHER_fetch(\(name))") }
        guard let context = EVP_CIPHER_CTX_new() else {
            EVP_CIPHER_free(cipher)
            throw cryptoFailure("EVP_CIPHER_CTX_new")
        }
        self.cipher = cipher
        self.context = context
    }

    deinit {
        EVP_CIPHER_CTX_free(context)
        EVP_CIPHER_free(cipher)
    }

    /// The largest output for `count` bytes of input: one extra block for CBC's padding.
    func maximumOutputCount(forInputCount count: Int) -> Int {
        count + 16
    }

    /// Encrypts `input` and writes the ciphertext to `output`, returning its length.
    /// `output` must hold ``maximumOutputCount(forInputCount:)`` bytes.
    func encrypt(key: UnsafeRawBufferPointer, iv: UnsafeRawBufferPointer, input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) throws -> Int {
        try run(encrypt: true, key: key, iv: iv, input: input, output: output)
    }

    /// Decrypts `input` into `output` (at least `input.count + 16` bytes), returning the plaintext length.
    ///
    /// - Throws: ``IronError`` of kind ``IronError/Kind/decryptionFailed`` when the padding is wrong.
    func decrypt(key: UnsafeRawBufferPointer, iv: UnsafeRawBufferPointer, input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) throws -> Int {
        try run(encrypt: false, key: key, iv: iv, input: input, output: output)
    }

    private func run(encrypt: Bool, key: UnsafeRawBufferPointer, iv: UnsafeRawBufferPointer, input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) throws -> Int {
        precondition(key.count == algorithm.keyByteCount && iv.count == 16)
        precondition(output.count >= input.count + 16)
        precondition(input.count <= Int(Int32.max) - 32)
        let keyPointer = key.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let ivPointer = iv.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var updated: Int32 = 0
        var finished: Int32 = 0
        // A zero-length input still needs a valid pointer for EVP_*Update.
        var empty: UInt8 = 0
        return try withUnsafePointer(to: &empty) { emptyPointer in
            let inPointer = input.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? emptyPointer
            if encrypt {
                try check(EVP_EncryptInit_ex2(context, ready.encrypt ? nil : cipher, keyPointer, ivPointer, nil), "EVP_EncryptInit_ex2")
                ready = (true, false)
                try check(EVP_EncryptUpdate(context, out, &updated, inPointer, Int32(input.count)), "EVP_EncryptUpdate")
                try check(EVP_EncryptFinal_ex(context, out + Int(updated), &finished), "EVP_EncryptFinal_ex")
            } else {
                try check(EVP_DecryptInit_ex2(context, ready.decrypt ? nil : cipher, keyPointer, ivPointer, nil), "EVP_DecryptInit_ex2")
                ready = (false, true)
                try check(EVP_DecryptUpdate(context, out, &updated, inPointer, Int32(input.count)), "EVP_DecryptUpdate")
                if EVP_DecryptFinal_ex(context, out + Int(updated), &finished) != 1 {
                    // A wrong padding: what Node reports as "bad decrypt".
                    let failure = cryptoFailure("EVP_DecryptFinal_ex")
                    throw IronError(.decryptionFailed, "bad decrypt", openSSLCode: failure.openSSLCode)
                }
            }
            return Int(updated) + Int(finished)
        }
    }
}
