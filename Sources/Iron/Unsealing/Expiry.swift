/// Where a token stands against its expiration, judged as @hapi/iron judges it:
/// `exp <= now - timestampSkewSec * 1000` is "Expired seal", computed in doubles as in JavaScript.
///
/// Unsealing and inspecting both ask here, so they never disagree.
public enum Expiry: Sendable, Equatable {
    /// Before the expiration.
    case unexpired
    /// Past the expiration by no more than the allowed skew: still accepted.
    case withinSkew
    /// Past the expiration and the skew: "Expired seal".
    case expired

    /// The latest expiration a sealer computes from a ttl: 2^53 - 1 milliseconds (the year 287396),
    /// the largest JavaScript reads exactly.
    public static let latestExact: Int64 = (1 << 53) - 1

    /// Judges an expiration.
    ///
    /// - Parameters:
    ///   - expiration: The expiration in milliseconds since the epoch, as JavaScript's `parseInt`
    ///     reads the field (a double).
    ///   - now: The time to judge by, clock offset included.
    ///   - skew: The clock skew allowed (@hapi/iron's `timestampSkewSec`).
    package init(expiration: Double, now: Timestamp, skew: Duration) {
        self.init(expiration: expiration, now: now, skewMilliseconds: skew.doubleMilliseconds)
    }

    /// The same with the skew in milliseconds (``Duration``'s arithmetic is wide, and an
    /// unsealer judges every token with one skew).
    package init(expiration: Double, now: Timestamp, skewMilliseconds skew: Double) {
        let now = Double(now.millisecondsSince1970)
        if expiration <= now - skew {
            self = .expired
        } else if expiration <= now {
            self = .withinSkew
        } else {
            self = .unexpired
        }
    }

    /// The value of an expiration field (decimal digits): as JavaScript's `parseInt` gives it
    /// (a double, for judging), and as an integer (exact, or `Int64.max` past it, for showing).
    ///
    /// - Parameter digits: The field, every byte a decimal digit.
    /// - Returns: Both readings.
    static func read(_ digits: Span<UInt8>) -> (value: Double, milliseconds: Int64) {
        var exact: Int64 = 0
        if digits.count <= 18 { // no overflow is possible: 18 digits are less than 2^63
            for k in 0..<digits.count { exact = exact &* 10 &+ Int64(digits[k] &- 0x30) }
            return (Double(exact), exact)
        }
        for k in 0..<digits.count {
            let (product, overflow) = exact.multipliedReportingOverflow(by: 10)
            let (sum, carry) = product.addingReportingOverflow(Int64(digits[k] &- 0x30))
            if overflow || carry { return read(Bytes.array(digits)) } // past 2^63: read as JavaScript's double
            exact = sum
        }
        return (Double(exact), exact)
    }

    /// ``read(_:)-(Span<UInt8>)`` if every byte is a decimal digit, else `nil`: the check and the
    /// reading in one pass (every token's expiration comes here).
    static func readIfDigits(_ text: Span<UInt8>) -> (value: Double, milliseconds: Int64)? {
        guard text.count <= 18 else { return (0..<text.count).allSatisfy({ ASCII.isDigit(text[$0]) }) ? read(text) : nil }
        var exact: Int64 = 0
        var notDigit = false
        for k in 0..<text.count {
            let digit = text[k] &- 0x30
            notDigit = notDigit || digit > 9
            exact = exact &* 10 &+ Int64(digit)
        }
        return notDigit ? nil : (Double(exact), exact)
    }

    /// The same over any collection of digits.
    static func read(_ digits: some Collection<UInt8>) -> (value: Double, milliseconds: Int64) {
        var exact: Int64 = 0
        for digit in digits {
            let (product, overflow) = exact.multipliedReportingOverflow(by: 10)
            let (sum, carry) = product.addingReportingOverflow(Int64(digit &- 0x30))
            if overflow || carry { return (Double(String(decoding: digits, as: UTF8.self)) ?? .infinity, .max) }
            exact = sum
        }
        return (Double(exact), exact)
    }
}
