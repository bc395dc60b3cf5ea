import Iron

/// Dates and durations as text, without Foundation: ISO 8601 in UTC as JavaScript's
/// `toISOString` writes it, the ISO 8601 forms `--now` accepts, and relative times.
enum TimeText {
    /// `2101-11-23T10:02:08.083Z` for milliseconds since the epoch.
    static func iso8601(_ milliseconds: Int64) -> String {
        let (days, msOfDay) = floorDivide(milliseconds, 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        let hour = msOfDay / 3_600_000, minute = msOfDay / 60_000 % 60, second = msOfDay / 1000 % 60, ms = msOfDay % 1000
        let yearText = (0...9999).contains(year) ? pad(year, 4) : (year < 0 ? "-" : "+") + pad(abs(year), 6)
        return "\(yearText)-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(pad(ms, 3))Z"
    }

    /// Parses `--now`: epoch milliseconds (digits), or ISO 8601 `YYYY-MM-DD`, with an optional
    /// `THH:MM[:SS[.fff]]` and `Z` or `±HH:MM` (UTC when omitted).
    static func parseTime(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        if !bytes.isEmpty, bytes.count <= 18, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return Int64(text) }
        var i = 0
        func number(_ digits: Int) -> Int64? {
            guard i + digits <= bytes.count else { return nil }
            var value: Int64 = 0
            for k in i..<i + digits {
                guard bytes[k] >= 0x30 && bytes[k] <= 0x39 else { return nil }
                value = value * 10 + Int64(bytes[k] - 0x30)
            }
            i += digits
            return value
        }
        func expect(_ character: Character) -> Bool {
            guard i < bytes.count, bytes[i] == character.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2) else { return nil }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        var ms: Int64 = 0
        if i < bytes.count && (bytes[i] == UInt8(ascii: "T") || bytes[i] == UInt8(ascii: "t") || bytes[i] == UInt8(ascii: " ")) {
            i += 1
            guard let hour = number(2), hour < 24, expect(":"), let minute = number(2), minute < 60 else { return nil }
            var second: Int64 = 0
            if expect(":") {
                guard let s = number(2), s < 60 else { return nil }
                second = s
                if expect(".") {
                    // Any number of digits; the first three are milliseconds, as Date.parse keeps them.
                    var fraction: Int64 = 0, digits = 0
                    while i < bytes.count, ASCII.isDigit(bytes[i]) {
                        if digits < 3 { fraction = fraction * 10 + Int64(bytes[i] - 0x30) }
                        digits += 1
                        i += 1
                    }
                    guard digits > 0 else { return nil }
                    while digits < 3 {
                        fraction *= 10
                        digits += 1
                    }
                    ms = fraction
                }
            }
            ms += ((hour * 60 + minute) * 60 + second) * 1000
            if i < bytes.count {
                if expect("Z") || expect("z") {
                } else if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                    let sign: Int64 = bytes[i] == UInt8(ascii: "+") ? 1 : -1
                    i += 1
                    guard let offsetHours = number(2), offsetHours < 24 else { return nil }
                    _ = expect(":")
                    guard let offsetMinutes = number(2), offsetMinutes < 60 else { return nil }
                    ms -= sign * (offsetHours * 60 + offsetMinutes) * 60_000
                } else {
                    return nil
                }
            }
        }
        guard i == bytes.count else { return nil }
        return days(fromCivil: year, month, day) * 86_400_000 + ms
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
        guard !digits.isEmpty, digits.utf8.count <= 18, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int64(digits) else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: scale)
        return overflow ? nil : product
    }

    // MARK: - Calendar (proleptic Gregorian, H. Hinnant's algorithms)

    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
