/// The progress line of long batches, on a terminal only.
final class Progress {
    private let io: IO
    private let start = MonotonicClock.seconds()
    private var lastReport: Double = 0
    private var shown = false
    /// `false` with `--quiet`.
    private let enabled: Bool

    init(io: IO, shown enabled: Bool = true) {
        self.io = io
        self.enabled = enabled
    }

    /// Shows the count of lines done, once the batch has run for a while and then at intervals.
    func update(lines: Int) {
        guard enabled && io.stderrIsTerminal else { return }
        let now = MonotonicClock.seconds()
        let elapsed = now - start
        guard elapsed >= io.progressTiming.delay, now - lastReport >= io.progressTiming.interval else { return }
        lastReport = now
        shown = true
        let rate = elapsed > 0 ? Int(Double(lines) / elapsed) : lines
        try? io.stderr.write("\r\u{1B}[Kiron: \(lines) lines, \(rate)/s, \(Int(elapsed)) s")
        try? io.stderr.flush()
    }

    /// Clears the progress line, if one was shown.
    func finish() {
        guard shown else { return }
        try? io.stderr.write("\r\u{1B}[K")
        try? io.stderr.flush()
    }
}
