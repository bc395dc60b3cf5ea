/// The processors a Linux process may use, from the files that say so. A cgroup's CPU quota as a
/// number of processors, rounded up: cgroup v2's `cpu.max`
/// (`"200000 100000"`; `"max 100000"` for none) or v1's `cpu.cfs_quota_us` and
/// `cpu.cfs_period_us` (`-1` for none).
enum ProcessorLimits {
    /// The quota of this process's cgroup, or `nil` when there is none (or no cgroup file to read).
    static func quota() -> Int? {
        if let line = read("/sys/fs/cgroup/cpu.max") ?? ownV2Path().flatMap(read) {
            return fromCPUMax(line)
        }
        if let quota = read("/sys/fs/cgroup/cpu/cpu.cfs_quota_us") ?? read("/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us"),
           let period = read("/sys/fs/cgroup/cpu/cpu.cfs_period_us") ?? read("/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us") {
            return fromV1(quota: quota, period: period)
        }
        return nil
    }

    /// cgroup v2: `QUOTA PERIOD`, or `max PERIOD` for no quota.
    static func fromCPUMax(_ text: String) -> Int? {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count == 2, let quota = Int(fields[0]), let period = Int(fields[1]) else { return nil }
        return processors(quota: quota, period: period)
    }

    /// cgroup v1: the quota (`-1` for none) and the period, in microseconds.
    static func fromV1(quota: String, period: String) -> Int? {
        guard let quota = Int(quota.filter { $0 != "\n" && $0 != " " }), let period = Int(period.filter { $0 != "\n" && $0 != " " }) else { return nil }
        return processors(quota: quota, period: period)
    }

    /// The number of processors in an affinity mask as `/proc/self/status` writes it:
    /// hexadecimal words separated by commas (`ff,00000003`).
    static func fromAffinityMask(_ text: String) -> Int? {
        var count = 0
        for character in text where character != "," && character != " " && character != "\t" {
            guard let nibble = character.hexDigitValue else { return nil }
            count += nibble.nonzeroBitCount
        }
        return count > 0 ? count : nil
    }

    private static func processors(quota: Int, period: Int) -> Int? {
        guard quota > 0, period > 0 else { return nil }
        return max(1, (quota + period - 1) / period)
    }

    /// `/sys/fs/cgroup/PATH/cpu.max` for the `0::PATH` line of `/proc/self/cgroup` (cgroup v2
    /// mounted without a namespace of its own).
    private static func ownV2Path() -> String? {
        guard let text = read("/proc/self/cgroup") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("0::") {
            let path = line.dropFirst(3)
            return "/sys/fs/cgroup" + (path == "/" ? "" : path) + "/cpu.max"
        }
        return nil
    }

    private static func read(_ path: String) -> String? {
        guard let bytes = try? Files.read(path, limit: 4096) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
