import Testing
import IronTestSupport
@testable import Iron

/// Fixed values shared by the unit tests (the reference-vector tests use `Vector` and `vectorNow`).
enum Fixture {
    /// 40 ASCII characters.
    static let password = "some-fixed-test-password-of-40-chars-ok!"
    /// Another 40 ASCII characters.
    static let otherPassword = "another-fixed-password-for-the-tests-42!"
    /// A third, for separate integrity secrets.
    static let integrityPassword = "integrity-secret-that-is-long-enough-123"
    /// 2023-11-14T22:13:20Z.
    static let now: Int64 = 1_700_000_000_000
    static let clock = FixedClock(millisecondsSince1970: now)
}

/// Bytes of a hexadecimal text (two digits a byte, no separators).
func fromHex(_ hex: String) -> [UInt8] {
    let digits = Array(hex.utf8)
    precondition(digits.count % 2 == 0, "odd hex length")
    func value(_ c: UInt8) -> UInt8 {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: preconditionFailure("not hex")
        }
    }
    return stride(from: 0, to: digits.count, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) }
}

/// Lowercase hexadecimal of bytes.
func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 15)])
    }
    return String(decoding: out, as: UTF8.self)
}

/// A deterministic byte sequence (a small LCG) for round trips.
func pseudoRandomBytes(count: Int, seed: UInt32) -> [UInt8] {
    var state = seed &* 2_654_435_761 &+ 1
    return (0..<count).map { _ in
        state = state &* 1_664_525 &+ 1_013_904_223
        return UInt8(truncatingIfNeeded: state >> 24)
    }
}

/// Seals `plaintext` bytes without checking them as JSON.
func sealRaw(_ sealer: Sealer, _ plaintext: [UInt8], parameters: SealParameters? = nil) throws -> String {
    var output: [UInt8] = []
    try sealer.seal(plaintext: plaintext.span, parameters: parameters, appendingTo: &output)
    return String(decoding: output, as: UTF8.self)
}

/// Options with a given cipher and otherwise the defaults.
func makeOptions(_ algorithm: EncryptionAlgorithm, ttl: Int64 = 0) -> SealOptions {
    var options = SealOptions.default
    options.encryption.algorithm = algorithm
    options.ttl = .milliseconds(ttl)
    return options
}
