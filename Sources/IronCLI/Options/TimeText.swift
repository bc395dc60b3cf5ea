import Iron

/// Dates and durations as text, without Foundation: ISO 8601 in UTC as JavaScript's
/// `toISOString` writes it, the ISO 8601 forms `--now` accepts, and relative times.
enum TimeText {
    /// `2101-11-23T10:02:08.083Z` for an instant.
    static func iso8601(_ instant: Timestamp) -> String {
        CivilTime.iso8601(instant)
    }

    /// "in 13 days", "expired 2 hours ago", "in 45 seconds".
    static func relative(_ instant: Timestamp, now: Timestamp) -> String {
        relative(instant.millisecondsSince1970, now: now.millisecondsSince1970)
    }

    /// `2101-11-23T10:02:08.083Z` for milliseconds since the epoch.
    static func iso8601(_ milliseconds: Int64) -> String {
        CivilTime.iso8601(Timestamp(millisecondsSince1970: milliseconds))
    }

    /// Parses `--now`: epoch milliseconds (digits), or ISO 8601 `YYYY-MM-DD`, with an optional
    /// `THH:MM[:SS[.fff...]]` and `Z` or `±HH:MM` (UTC when omitted).
    static func parseTime(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        if bytes.count <= 18, ASCII.isDigits(bytes) { return Int64(text) }
        var reader = ISO8601Reader(bytes)
        guard let days = reader.date() else { return nil }
        var milliseconds: Int64 = 0
        if reader.take(any: "Tt ") {
            guard let time = reader.timeOfDay(), let offset = reader.offset() else { return nil }
            milliseconds = time - offset
        }
        guard reader.atEnd else { return nil }
        return days * 86_400_000 + milliseconds
    }

    /// "in 13 days", "expired 2 hours ago", "in 45 seconds".
    static func relative(_ milliseconds: Int64, now: Int64) -> String {
        let (delta, overflow) = milliseconds.subtractingReportingOverflow(now)
        let amount = overflow ? span(UInt64.max) : span(delta.magnitude)
        return (overflow ? milliseconds > now : delta > 0) ? "in \(amount)" : "expired \(amount) ago"
    }

    /// "13 days", "2 hours", "1 minute".
    static func span(_ milliseconds: UInt64) -> String {
        let seconds = milliseconds / 1000
        func unit(_ value: UInt64, _ name: String) -> String { "\(value) \(name)\(value == 1 ? "" : "s")" }
        if seconds < 90 { return unit(seconds, "second") }
        if seconds < 90 * 60 { return unit((seconds + 30) / 60, "minute") }
        if seconds < 36 * 3600 { return unit((seconds + 1800) / 3600, "hour") }
        if seconds < 730 * 86400 { return unit((seconds + 43200) / 86400, "day") }
        return unit(seconds / 31_556_952, "year")
    }

    /// Parses a duration into milliseconds: `0`, whole seconds, or a number with `ms`, `s`, `m`,
    /// `h`, `d` or `w`.
    static func parseDuration(_ text: String) -> Int64? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000), ("w", 604_800_000)]
        var digits = Substring(text)
        var scale: Int64 = 1000
        for (suffix, factor) in units.sorted(by: { $0.0.count > $1.0.count }) where text.hasSuffix(suffix) {
            digits = text.dropLast(suffix.count)
            scale = factor
            break
        }
        guard digits.utf8.count <= 18, ASCII.isDigits(digits.utf8), let value = Int64(digits) else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: scale)
        return overflow ? nil : product
    }
}

/// Reads the parts of an ISO 8601 time, left to right.
private struct ISO8601Reader {
    private let bytes: [UInt8]
    private var i = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { i == bytes.count }

    /// `YYYY-MM-DD` as days since the epoch.
    mutating func date() -> Int64? {
        guard let year = number(4), take("-"), let month = number(2), take("-"), let day = number(2) else { return nil }
        guard (1...12).contains(month), (1...CivilTime.daysIn(month: month, year: year)).contains(day) else { return nil }
        return CivilTime.days(fromYear: year, month: month, day: day)
    }

    /// `HH:MM[:SS[.fff...]]` as milliseconds into the day; any number of fraction digits, the
    /// first three kept, as `Date.parse` keeps them.
    mutating func timeOfDay() -> Int64? {
        guard let hour = number(2), hour < 24, take(":"), let minute = number(2), minute < 60 else { return nil }
        var second: Int64 = 0, fraction: Int64 = 0
        if take(":") {
            guard let s = number(2), s < 60 else { return nil }
            second = s
            if take(".") {
                guard let f = milliseconds() else { return nil }
                fraction = f
            }
        }
        return ((hour * 60 + minute) * 60 + second) * 1000 + fraction
    }

    /// The zone after the time: nothing or `Z` (UTC), or `±HH[:]MM`, in milliseconds east of UTC.
    mutating func offset() -> Int64? {
        if atEnd || take(any: "Zz") { return 0 }
        guard let sign = bytes[i] == UInt8(ascii: "+") ? Int64(1) : bytes[i] == UInt8(ascii: "-") ? -1 : nil else { return nil }
        i += 1
        guard let hours = number(2), hours < 24 else { return nil }
        _ = take(":")
        guard let minutes = number(2), minutes < 60 else { return nil }
        return sign * (hours * 60 + minutes) * 60_000
    }

    /// The digits of a fraction of a second, as milliseconds.
    private mutating func milliseconds() -> Int64? {
        var value: Int64 = 0, digits = 0
        while i < bytes.count, ASCII.isDigit(bytes[i]) {
            if digits < 3 { value = value * 10 + Int64(bytes[i] - UInt8(ascii: "0")) }
            digits += 1
            i += 1
        }
        guard digits > 0 else { return nil }
        for _ in digits..<max(digits, 3) { value *= 10 }
        return value
    }

    /// A number of exactly `digits` digits.
    private mutating func number(_ digits: Int) -> Int64? {
        guard i + digits <= bytes.count, ASCII.isDigits(bytes[i..<i + digits]) else { return nil }
        defer { i += digits }
        return bytes[i..<i + digits].reduce(0) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }
    }

    /// Takes `character` if it comes next.
    mutating func take(_ character: Unicode.Scalar) -> Bool { take(any: String(character)) }

    /// Takes one of `characters` if it comes next.
    mutating func take(any characters: String) -> Bool {
        guard i < bytes.count, characters.utf8.contains(bytes[i]) else { return false }
        i += 1
        return true
    }
}
