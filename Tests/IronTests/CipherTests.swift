import Testing
import IronTestSupport
@testable import Iron

private let cbcKey = fromHex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")
private let cbcIV = fromHex("000102030405060708090a0b0c0d0e0f")
private let ctrKey = fromHex("2b7e151628aed2a6abf7158809cf4f3c")
private let ctrIV = fromHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")
/// NIST SP 800-38A's first two plaintext blocks.
private let nistPlaintext = fromHex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51")

private func run(_ context: CipherContext, encrypt: Bool, key: [UInt8], iv: [UInt8], _ input: [UInt8]) throws -> [UInt8] {
    var output = [UInt8](repeating: 0, count: context.maximumOutputCount(forInputCount: input.count))
    var out = output.mutableSpan
    let count = encrypt ? try context.encrypt(key: key.span, iv: iv.span, input: input.span, output: &out)
        : try context.decrypt(key: key.span, iv: iv.span, input: input.span, output: &out)
    return Array(output[0..<count])
}

@Suite("The OpenSSL cipher wrapper (NIST SP 800-38A)")
struct CipherTests {
    @Test("AES-256-CBC: F.2.5's blocks, then a PKCS#7 padding block; decryption inverts it")
    func cbcVector() throws {
        let context = try CipherContext(algorithm: .aes256CBC)
        let ciphertext = try run(context, encrypt: true, key: cbcKey, iv: cbcIV, nistPlaintext)
        #expect(hex(ciphertext) == "f58c4c04d6e5f1ba779eabfb5f7bfbd6" + "9cfc4e967edb808d679f777bc6702c7d" + "3a3aa5e0213db1a9901f9036cf5102d2")
        #expect(try run(context, encrypt: false, key: cbcKey, iv: cbcIV, ciphertext) == nistPlaintext)
        #expect(hex(try run(context, encrypt: true, key: cbcKey, iv: cbcIV, utf8("abc"))) == "83286afe49594ce405a251bdb203750f")
        #expect(hex(try run(context, encrypt: true, key: cbcKey, iv: cbcIV, [])) == "7e9248e5d829ca7593f0c549db2f5b8c")
        #expect(try run(context, encrypt: false, key: cbcKey, iv: cbcIV, fromHex("7e9248e5d829ca7593f0c549db2f5b8c")) == [])
    }

    @Test("AES-128-CTR: F.5.1's blocks; no padding, any length")
    func ctrVector() throws {
        let context = try CipherContext(algorithm: .aes128CTR)
        let ciphertext = try run(context, encrypt: true, key: ctrKey, iv: ctrIV, nistPlaintext)
        #expect(hex(ciphertext) == "874d6191b620e3261bef6864990db6ce" + "9806f66b7970fdff8617187bb9fffdff")
        #expect(try run(context, encrypt: false, key: ctrKey, iv: ctrIV, ciphertext) == nistPlaintext)
        let partial = try run(context, encrypt: true, key: ctrKey, iv: ctrIV, Array(nistPlaintext.prefix(20)))
        #expect(partial == Array(ciphertext.prefix(20)))
        #expect(try run(context, encrypt: true, key: ctrKey, iv: ctrIV, []) == [])
    }

    @Test("one context alternates encryption and decryption with fresh keys and IVs")
    func contextReuse() throws {
        let context = try CipherContext(algorithm: .aes256CBC)
        let otherKey = [UInt8](repeating: 0x42, count: 32)
        for round in 0..<3 {
            let a = try run(context, encrypt: true, key: cbcKey, iv: cbcIV, nistPlaintext)
            #expect(hex(a).hasPrefix("f58c4c04d6e5f1ba779eabfb5f7bfbd6"), "round \(round)")
            let b = try run(context, encrypt: true, key: otherKey, iv: cbcIV, nistPlaintext)
            #expect(a != b)
            #expect(try run(context, encrypt: false, key: otherKey, iv: cbcIV, b) == nistPlaintext)
            #expect(try run(context, encrypt: false, key: cbcKey, iv: cbcIV, a) == nistPlaintext)
        }
    }

    @Test("a wrong padding is decryptionFailed ('bad decrypt'), and the context still works afterwards")
    func badPadding() throws {
        let context = try CipherContext(algorithm: .aes256CBC)
        let ciphertext = try run(context, encrypt: true, key: cbcKey, iv: cbcIV, utf8("abc"))
        let wrongKey = [UInt8](repeating: 7, count: 32)
        // A wrong key almost always (255 times in 256) leaves an invalid padding; the keys are fixed, so the outcome is too.
        var failures = 0
        for trial in 0..<8 {
            let key = wrongKey.map { $0 &+ UInt8(trial) }
            do {
                _ = try run(context, encrypt: false, key: key, iv: cbcIV, ciphertext)
            } catch let error as IronError {
                #expect(error.kind == .decryptionFailed)
                #expect(error.reason == "bad decrypt")
                failures += 1
            }
            #expect(try run(context, encrypt: false, key: cbcKey, iv: cbcIV, ciphertext) == utf8("abc"))
        }
        #expect(failures >= 6)
        // A ciphertext that is not whole blocks cannot decrypt.
        #expect(thrownError { _ = try run(context, encrypt: false, key: cbcKey, iv: cbcIV, Array(ciphertext.prefix(15))) }?.kind == .decryptionFailed)
        #expect(try run(context, encrypt: false, key: cbcKey, iv: cbcIV, ciphertext) == utf8("abc"))
    }

    @Test("every last block is judged as OpenSSL's padding check judges it: the last byte n is 1 to 16 and the last n bytes are n")
    func paddingVerdicts() throws {
        let context = try CipherContext(algorithm: .aes256CBC)
        let ciphertext = try run(context, encrypt: true, key: cbcKey, iv: cbcIV, utf8("0123456789abcdef"))
        #expect(ciphertext.count == 32)
        // Changing the first block by d changes the decrypted second block (16 bytes of 0x10) by d.
        func decryptWithLastBlock(_ last: [UInt8]) throws -> [UInt8] {
            var altered = ciphertext
            for k in 0..<16 { altered[k] ^= 0x10 ^ last[k] }
            return try run(context, encrypt: false, key: cbcKey, iv: cbcIV, altered)
        }
        var random = SeededGenerator(seed: 0xC0FFEE)
        var lasts: [[UInt8]] = []
        for pad in 0...20 {
            for wrongAt in [nil] + Array(0..<16) {
                var last = (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }
                for k in max(0, 16 - pad)..<16 { last[k] = UInt8(pad) }
                if let wrongAt, wrongAt >= 16 - pad, wrongAt < 15 { last[wrongAt] ^= 0x01 }
                lasts.append(last)
            }
        }
        lasts += (0..<2_000).map { _ in (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) } }
        var passed = 0, refused = 0
        for last in lasts {
            let pad = Int(last[15])
            let valid = pad >= 1 && pad <= 16 && last[(16 - pad)...].allSatisfy { Int($0) == pad }
            do {
                let plaintext = try decryptWithLastBlock(last)
                #expect(valid, "\(last)")
                #expect(plaintext.count == 32 - pad)
                #expect(Array(plaintext[16...]) == Array(last[..<(16 - pad)]))
                passed += 1
            } catch let error as IronError {
                #expect(!valid, "\(last)")
                #expect(error.kind == .decryptionFailed && error.reason == "bad decrypt")
                refused += 1
            }
        }
        #expect(passed >= 16 && refused >= 2_000)
        // Encrypting again after decrypting pads again.
        #expect(try run(context, encrypt: true, key: cbcKey, iv: cbcIV, utf8("abc")).count == 16)
        #expect(try run(context, encrypt: false, key: cbcKey, iv: cbcIV, ciphertext) == utf8("0123456789abcdef"))
    }

    @Test("a ciphertext that is empty or not whole blocks is 'bad decrypt'", arguments: [0, 1, 15, 17, 31, 33, 47])
    func partialBlocks(_ count: Int) throws {
        let context = try CipherContext(algorithm: .aes256CBC)
        let error = thrownError { _ = try run(context, encrypt: false, key: cbcKey, iv: cbcIV, [UInt8](repeating: 0x41, count: count)) }
        #expect(error?.kind == .decryptionFailed && error?.reason == "bad decrypt")
    }

    @Test("the output bound leaves room for a padding block")
    func outputBound() throws {
        let context = try CipherContext(algorithm: .aes256CBC)
        #expect(context.maximumOutputCount(forInputCount: 0) >= 16)
        #expect(context.maximumOutputCount(forInputCount: 32) >= 48)
        #expect(EncryptionAlgorithm.aes256CBC.keyByteCount == 32)
        #expect(EncryptionAlgorithm.aes128CTR.keyByteCount == 16)
        #expect(EncryptionAlgorithm(rawValue: "aes-256-cbc") == .aes256CBC)
        #expect(EncryptionAlgorithm(rawValue: "aes-128-ctr") == .aes128CTR)
    }
}

@Suite("Erasing secrets")
struct SecretErasureTests {
    @Test("secureZero(first:) zeroes exactly the first bytes; all of them when asked for more; none for 0")
    func erasesPrefix() {
        for (count, zeroed) in [(0, 0), (1, 1), (7, 7), (32, 32), (33, 32), (1000, 32)] {
            var bytes = [UInt8](repeating: 0xAB, count: 32)
            secureZero(&bytes, first: count)
            #expect(bytes.prefix(zeroed).allSatisfy { $0 == 0 }, "count \(count)")
            #expect(bytes.dropFirst(zeroed).allSatisfy { $0 == 0xAB }, "count \(count)")
        }
    }
}
