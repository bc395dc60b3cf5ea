/// Random passwords from OpenSSL's CSPRNG, every character drawn uniformly (rejection sampling,
/// no modulo bias).
public enum PasswordGenerator {
    /// The characters a password is drawn from.
    public enum Charset: String, Sendable, CaseIterable {
        /// `A-Z a-z 0-9 - _`: 6 bits a character.
        case base64url
        /// `A-Z a-z 0-9`: about 5.95 bits a character.
        case alnum
        /// `0-9 a-f`: 4 bits a character.
        case hex
        /// Printable ASCII without space (`!` to `~`): about 6.55 bits a character.
        case ascii

        /// The alphabet, in order.
        package var characters: [UInt8] {
            switch self {
            case .base64url: return Base64URL.alphabet
            case .alnum: return Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
            case .hex: return Hex.lowercaseDigits
            case .ascii: return Array(0x21...0x7E)
            }
        }

        /// The shortest length with at least 256 bits of entropy: 43, 43, 64 or 40.
        public var defaultLength: Int {
            switch self {
            case .base64url, .alnum: return 43
            case .hex: return 64
            case .ascii: return 40
            }
        }
    }

    /// The shortest password @hapi/iron accepts by default.
    public static let minimumLength = 32

    /// Generates a password.
    ///
    /// With ``Charset/base64url`` and 43 characters, this is the base64url encoding of 32 random
    /// bytes (its last character carries 4 bits, as an encoding does).
    ///
    /// - Parameters:
    ///   - length: The number of characters; at least ``minimumLength``.
    ///   - charset: The alphabet.
    ///   - random: The source of randomness.
    /// - Returns: The password.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/invalidOptions`` for a length below
    ///   ``minimumLength``, or ``IronError/Kind/cryptoFailure``.
    public static func generate(length: Int? = nil, charset: Charset = .base64url, random: any RandomSource = SystemRandom()) throws -> String {
        var random = random
        let length = length ?? charset.defaultLength
        guard length >= minimumLength else {
            throw IronError.invalidOptions("a password must be at least \(minimumLength) characters, as @hapi/iron requires")
        }
        guard length <= 1 << 20 else { throw IronError.invalidOptions("a password of more than 1048576 characters is not useful") }
        if charset == .base64url && length == 43 {
            var bytes = [UInt8](repeating: 0, count: 32)
            defer { secureZero(&bytes) }
            var span = bytes.mutableSpan
            try random.fill(&span)
            return Base64URL.encode(bytes)
        }
        let alphabet = charset.characters
        // Accept a random byte only below the largest multiple of the alphabet's size.
        let limit = 256 - 256 % alphabet.count
        var output: [UInt8] = []
        output.reserveCapacity(length)
        var pool = [UInt8](repeating: 0, count: 64)
        defer { secureZero(&pool) }
        while output.count < length {
            var span = pool.mutableSpan
            try random.fill(&span)
            for byte in pool where Int(byte) < limit && output.count < length {
                output.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        defer { secureZero(&output) }
        return String(decoding: output, as: UTF8.self)
    }
}
