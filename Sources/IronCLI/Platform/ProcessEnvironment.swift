#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the process was started with, and how it ends.
public enum ProcessEnvironment {
    /// The environment variables.
    static func variables() -> [String: String] {
        var variables: [String: String] = [:]
        var entry = unsafe environ
        while let pointer = unsafe entry.pointee {
            let text = unsafe String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                variables[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            unsafe entry += 1
        }
        return variables
    }

    /// The processors this process may use, the default for `--jobs`: those online, fewer when
    /// the CPU affinity mask allows fewer (`taskset`, a container's cpuset), and fewer again when
    /// a cgroup's CPU quota (`docker --cpus`, a Kubernetes limit) grants fewer, rounded up.
    static func processorCount() -> Int {
        var count = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        if let allowed = affinityCount() { count = min(count, allowed) }
        if let quota = ProcessorLimits.quota() { count = min(count, quota) }
        return max(1, count)
    }

    /// The number of processors in the affinity mask (Linux: `Cpus_allowed` of
    /// `/proc/self/status`), or `nil` where it cannot be read.
    private static func affinityCount() -> Int? {
        guard let bytes = try? Files.read("/proc/self/status", limit: 1 << 16) else { return nil }
        let status = String(decoding: bytes, as: UTF8.self)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) else { return nil }
        return ProcessorLimits.fromAffinityMask(String(line.dropFirst("Cpus_allowed:".count)))
    }

    /// Makes a write to a closed pipe fail with `EPIPE` (exit 74) instead of killing the process.
    public static func ignoreBrokenPipe() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Ends the process with `status`.
    public static func exit(_ status: Int32) -> Never {
        #if canImport(Darwin)
        Darwin.exit(status)
        #elseif canImport(Musl)
        Musl.exit(status)
        #else
        Glibc.exit(status)
        #endif
    }
}

/// Seconds on a clock that only moves forward, for measuring durations.
enum MonotonicClock {
    static func seconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
