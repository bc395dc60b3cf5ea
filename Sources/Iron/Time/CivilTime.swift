/// An instant broken into its UTC calendar date and time of day (proleptic Gregorian, Howard
/// Hinnant's algorithms): what ISO 8601 and HTTP dates are written from.
package struct CivilTime: Sendable, Equatable {
    package let year: Int64, month: Int64, day: Int64
    package let hour: Int64, minute: Int64, second: Int64, millisecond: Int64
    /// 0 for Sunday, as JavaScript's `getUTCDay`.
    package let weekday: Int64

    /// The UTC date and time of an instant.
    package init(_ instant: Timestamp) {
        let (days, msOfDay) = CivilTime.floorDivide(instant.millisecondsSince1970, 86_400_000)
        (year, month, day) = CivilTime.date(fromDays: days)
        hour = msOfDay / 3_600_000
        minute = msOfDay / 60_000 % 60
        second = msOfDay / 1000 % 60
        millisecond = msOfDay % 1000
        weekday = CivilTime.floorDivide(days + 4, 7).1 // 1970-01-01 was a Thursday
    }

    /// `2101-11-23T10:02:08.083Z`, as JavaScript's `Date.prototype.toISOString` writes an instant
    /// (six-digit signed years outside 0000-9999).
    package static func iso8601(_ instant: Timestamp) -> String {
        let time = CivilTime(instant)
        let year = (0...9999).contains(time.year) ? padded(time.year, 4) : (time.year < 0 ? "-" : "+") + padded(abs(time.year), 6)
        return "\(year)-\(padded(time.month, 2))-\(padded(time.day, 2))T\(padded(time.hour, 2)):\(padded(time.minute, 2)):\(padded(time.second, 2)).\(padded(time.millisecond, 3))Z"
    }

    /// Days since 1970-01-01 of a date.
    package static func days(fromYear year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    package static func date(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
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

    /// The number of days in a month.
    package static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Quotient and non-negative remainder.
    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    /// `value` in decimal with at least `width` digits.
    package static func padded(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
