/// Where a token's eight fields and its version suffix lie in its bytes: the one split that
/// unsealing and ``Token`` share.
///
/// `Fe26.2*id*encryptionSalt*iv*ciphertext*expiration*integritySalt*hmac~2`: iron-session's
/// suffix is split off first, as iron-session 8 does (`seal.split("~")`): the fields are what
/// precedes the first `~`, the suffix what follows it up to the next `~`.
package struct TokenFields: Sendable, Equatable {
    /// The eight fields, in order.
    package enum Field: Int, Sendable, CaseIterable {
        case prefix, passwordId, encryptionSalt, iv, ciphertext, expiration, integritySalt, hmac
    }

    /// The offsets of the seven `*`.
    private let stars: (Int, Int, Int, Int, Int, Int, Int)
    /// Where the eight fields end: at the first `~`, or at the end of the token.
    package let bodyEnd: Int
    /// The suffix after the first `~` (up to a second `~`); `nil` for a token without `~`.
    package let suffix: Range<Int>?

    /// Splits a token, with @hapi/iron's first check only: exactly eight fields.
    ///
    /// - Parameter token: The token's bytes.
    /// - Throws: ``IronError`` of kind ``IronError/Kind/incorrectComponentCount``.
    package init(_ token: Span<UInt8>) throws(IronError) {
        let tilde = Bytes.firstIndex(of: UInt8(ascii: "~"), in: token)
        bodyEnd = tilde ?? token.count
        suffix = tilde.map { ($0 + 1)..<(Bytes.firstIndex(of: UInt8(ascii: "~"), in: token, from: $0 + 1) ?? token.count) }
        let body = token.extracting(0..<bodyEnd)
        func star(after start: Int) throws(IronError) -> Int {
            guard let star = Bytes.firstIndex(of: UInt8(ascii: "*"), in: body, from: start) else { throw IronError.incorrectComponentCount }
            return star
        }
        let s1 = try star(after: 0), s2 = try star(after: s1 + 1), s3 = try star(after: s2 + 1), s4 = try star(after: s3 + 1)
        let s5 = try star(after: s4 + 1), s6 = try star(after: s5 + 1), s7 = try star(after: s6 + 1)
        guard Bytes.firstIndex(of: UInt8(ascii: "*"), in: body, from: s7 + 1) == nil else { throw IronError.incorrectComponentCount }
        stars = (s1, s2, s3, s4, s5, s6, s7)
    }

    /// Where a field lies.
    @inline(__always)
    package func range(_ field: Field) -> Range<Int> {
        let start = field == .prefix ? 0 : star(field.rawValue - 1) + 1
        let end = field == .hmac ? bodyEnd : star(field.rawValue)
        return start..<end
    }

    /// The first six fields joined by `*`: what the HMAC covers.
    package var authenticated: Range<Int> { 0..<stars.5 }

    @inline(__always)
    private func star(_ index: Int) -> Int {
        switch index {
        case 0: return stars.0
        case 1: return stars.1
        case 2: return stars.2
        case 3: return stars.3
        case 4: return stars.4
        case 5: return stars.5
        default: return stars.6
        }
    }

    package static func == (lhs: TokenFields, rhs: TokenFields) -> Bool {
        lhs.bodyEnd == rhs.bodyEnd && lhs.suffix == rhs.suffix && Field.allCases.allSatisfy { lhs.range($0) == rhs.range($0) }
    }
}
