import Iron

/// `Set-Cookie` header values as the `cookie` package (0.7.2) that iron-session uses serializes
/// them: `name=value`, then `Max-Age`, `Domain`, `Path`, `Expires`, `HttpOnly`, `Secure`,
/// `Partitioned`, `Priority`, `SameSite`, in that order.
package enum SetCookie {
    /// The header value for `name=value` with `attributes` and a resolved `Max-Age` (`nil` for none).
    package static func serialize(name: String, value: String, maxAge: Int64?, attributes: CookieAttributes) -> String {
        var header = name + "=" + percentEncoded(value)
        if let maxAge { header += "; Max-Age=\(maxAge)" }
        if let domain = attributes.domain, !domain.isEmpty { header += "; Domain=" + domain }
        if let path = attributes.path, !path.isEmpty { header += "; Path=" + path }
        if let expires = attributes.expires { header += "; Expires=" + httpDate(expires) }
        if attributes.httpOnly { header += "; HttpOnly" }
        if attributes.secure { header += "; Secure" }
        if attributes.partitioned { header += "; Partitioned" }
        if let priority = attributes.priority { header += "; Priority=" + priority.rawValue }
        if let sameSite = attributes.sameSite { header += "; SameSite=" + sameSite.rawValue }
        return header
    }

    /// Whether `name` is a cookie name: one or more RFC 7230 token characters.
    package static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            ASCII.isWordCharacter(byte) || "!#$%&'*+-.^`|~".utf8.contains(byte)
        }
    }

    /// Whether an attribute value (a domain or path) can stand in the header: printable ASCII
    /// without `;`.
    package static func isValidAttributeValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ";") }
    }

    /// JavaScript's `encodeURIComponent`: everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )` as
    /// UTF-8 percent-escapes. An iron token passes unchanged.
    package static func percentEncoded(_ value: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            if ASCII.isWordCharacter(byte) || "-.!~*'()".utf8.contains(byte) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                Hex.appendUppercase(byte, to: &output)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `Sat, 12 Dec 2026 09:14:03 GMT`, as JavaScript's `Date.prototype.toUTCString` writes it.
    package static func httpDate(_ instant: Timestamp) -> String {
        let time = CivilTime(instant)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let pad = CivilTime.padded
        return "\(days[Int(time.weekday)]), \(pad(time.day, 2)) \(months[Int(time.month - 1)]) \(pad(time.year, 4)) \(pad(time.hour, 2)):\(pad(time.minute, 2)):\(pad(time.second, 2)) GMT"
    }
}
