import COpenSSL

/// A reusable AES context over OpenSSL 3's `EVP_CIPHER`, fetched once.
///
/// One context serves every token of a ``Sealer`` or ``Unsealer``: each call re-initialises it
/// with that token's key and IV.
package final class CipherContext {
    package let algorithm: EncryptionAlgorithm
    private let cipher: OpaquePointer
    private let context: OpaquePointer
    /// Whether the context holds the cipher for this direction already: then a new key and IV
    /// are all a token needs (no cipher lookup).
    private var ready: (encrypt: Bool, decrypt: Bool) = (false, false)

    package init(algorithm: EncryptionAlgorithm) throws(IronError) {
        self.algorithm = algorithm
        try OpenSSLLibrary.start()
        let name: StaticString = algorithm == .aes256CBC ? "AES-256-CBC" : "AES-128-CTR"
        let fetched = name.withUTF8Buffer { buffer in
            unsafe buffer.withMemoryRebound(to: CChar.self) { unsafe EVP_CIPHER_fetch(nil, $0.baseAddress, nil) }
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
    package func maximumOutputCount(forInputCount count: Int) -> Int {
        count + 16
    }

    /// Encrypts `input` into the start of `output` (at least ``maximumOutputCount(forInputCount:)``
    /// bytes) and returns the ciphertext's length.
    package func encrypt(key: Span<UInt8>, iv: Span<UInt8>, input: Span<UInt8>, output: inout MutableSpan<UInt8>) throws(IronError) -> Int {
        try run(encrypt: true, key: key, iv: iv, input: input, output: &output)
    }

    /// Decrypts `input` into the start of `output` (at least `input.count + 16` bytes) and returns
    /// the plaintext's length.
    ///
    /// - Throws: ``IronError`` of kind ``IronError/Kind/decryptionFailed`` when the padding is wrong.
    package func decrypt(key: Span<UInt8>, iv: Span<UInt8>, input: Span<UInt8>, output: inout MutableSpan<UInt8>) throws(IronError) -> Int {
        try run(encrypt: false, key: key, iv: iv, input: input, output: &output)
    }

    private func run(encrypt: Bool, key: Span<UInt8>, iv: Span<UInt8>, input: Span<UInt8>, output: inout MutableSpan<UInt8>) throws(IronError) -> Int {
        precondition(key.count == algorithm.keyByteCount && iv.count == 16)
        precondition(output.count >= input.count + 16)
        precondition(input.count <= Int(Int32.max) - 32)
        return try unsafe key.withUnsafeBufferPointer { (keyBytes) throws(IronError) in
            try unsafe iv.withUnsafeBufferPointer { (ivBytes) throws(IronError) in
                try unsafe input.withUnsafeBufferPointer { (inBytes) throws(IronError) in
                    try unsafe output.withUnsafeMutableBufferPointer { (outBytes) throws(IronError) in
                        try unsafe run(encrypt: encrypt, key: keyBytes.baseAddress!, iv: ivBytes.baseAddress!, input: inBytes, output: outBytes.baseAddress!)
                    }
                }
            }
        }
    }

    private func run(encrypt: Bool, key: UnsafePointer<UInt8>, iv: UnsafePointer<UInt8>, input: UnsafeBufferPointer<UInt8>, output: UnsafeMutablePointer<UInt8>) throws(IronError) -> Int {
        var updated: Int32 = 0
        var finished: Int32 = 0
        // A zero-length input still needs a valid pointer for EVP_*Update.
        var empty: UInt8 = 0
        return try unsafe withUnsafePointer(to: &empty) { (emptyPointer) throws(IronError) in
            let inPointer = unsafe input.baseAddress ?? emptyPointer
            if encrypt {
                try check(unsafe EVP_EncryptInit_ex2(context, ready.encrypt ? nil : cipher, key, iv, nil), "EVP_EncryptInit_ex2")
                ready = (true, false)
                try check(unsafe EVP_EncryptUpdate(context, output, &updated, inPointer, Int32(input.count)), "EVP_EncryptUpdate")
                try check(unsafe EVP_EncryptFinal_ex(context, output + Int(updated), &finished), "EVP_EncryptFinal_ex")
            } else {
                try check(unsafe EVP_DecryptInit_ex2(context, ready.decrypt ? nil : cipher, key, iv, nil), "EVP_DecryptInit_ex2")
                ready = (false, true)
                try check(unsafe EVP_DecryptUpdate(context, output, &updated, inPointer, Int32(input.count)), "EVP_DecryptUpdate")
                if unsafe EVP_DecryptFinal_ex(context, output + Int(updated), &finished) != 1 {
                    // A wrong padding: what Node reports as "bad decrypt".
                    let failure = cryptoFailure("EVP_DecryptFinal_ex")
                    throw IronError(.decryptionFailed, "bad decrypt", openSSLCode: failure.openSSLCode)
                }
            }
            return Int(updated) + Int(finished)
        }
    }
}
