import Testing
@testable import IronCLI

@Suite("Times and durations as text")
struct TimeTextTests {
    @Test("ISO 8601 output matches JavaScript's toISOString", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (Int64(4_162_746_128_083), "2101-11-29T22:22:08.083Z"),
        (Int64(1_793_420_528_072), "2026-10-31T04:22:08.072Z"),
        (Int64(-1), "1969-12-31T23:59:59.999Z"),
        (Int64(951_782_400_000), "2000-02-29T00:00:00.000Z"),
    ])
    func iso8601(_ milliseconds: Int64, _ text: String) {
        #expect(TimeText.iso8601(milliseconds) == text)
        #expect(TimeText.parseTime(text) == milliseconds)
    }

    @Test("--now accepts epoch milliseconds and ISO 8601 forms", arguments: [
        ("1795910400000", Int64(1_795_910_400_000)),
        ("2026-11-29", Int64(1_795_910_400_000)),
        ("2026-11-29T00:00:00Z", Int64(1_795_910_400_000)),
        ("2026-11-29T01:30:00+01:30", Int64(1_795_910_400_000)),
        ("2026-11-28T19:00-05:00", Int64(1_795_910_400_000)),
        ("2026-11-29T00:00:00.5Z", Int64(1_795_910_400_500)),
        ("2026-11-29 00:00:01", Int64(1_795_910_401_000)),
    ])
    func parseTime(_ text: String, _ expected: Int64) {
        #expect(TimeText.parseTime(text) == expected)
    }

    @Test("invalid times are refused", arguments: ["", "yesterday", "2026-02-30", "2026-13-01", "2026-11-29T24:00Z", "2026-11-29T10:00:00Q", "12345678901234567890"])
    func invalidTimes(_ text: String) {
        #expect(TimeText.parseTime(text) == nil)
    }

    @Test("durations", arguments: [("0", Int64(0)), ("90", Int64(90_000)), ("500ms", Int64(500)), ("90s", Int64(90_000)), ("15m", Int64(900_000)), ("12h", Int64(43_200_000)), ("14d", Int64(1_209_600_000)), ("2w", Int64(1_209_600_000))])
    func durations(_ text: String, _ milliseconds: Int64) {
        #expect(TimeText.parseDuration(text) == milliseconds)
    }

    @Test("invalid durations are refused", arguments: ["", "-5", "1.5h", "10y", "ms", "9999999999999999999d"])
    func invalidDurations(_ text: String) {
        #expect(TimeText.parseDuration(text) == nil)
    }

    @Test("relative times read naturally")
    func relative() {
        let now: Int64 = 1_000_000_000_000
        #expect(TimeText.relative(now + 13 * 86_400_000, now: now) == "in 13 days")
        #expect(TimeText.relative(now - 2 * 3_600_000, now: now) == "expired 2 hours ago")
        #expect(TimeText.relative(now + 45_000, now: now) == "in 45 seconds")
        #expect(TimeText.relative(now + 60 * 60_000, now: now) == "in 60 minutes")
        #expect(TimeText.relative(now - 86_400_000, now: now) == "expired 24 hours ago")
        #expect(TimeText.relative(now + 75 * 31_556_952_000, now: now) == "in 75 years")
        #expect(TimeText.relative(now + 1000, now: now) == "in 1 second")
    }
}
