#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A value that one thread at a time may use, behind a POSIX mutex: what
/// `Synchronization.Mutex` offers, over a lock that ThreadSanitizer sees.
///
/// Swift's `Mutex` on Linux takes and releases a contended lock in the kernel (priority-inheriting
/// futexes), where ThreadSanitizer cannot see it: a pool of sealers shared by many tasks then
/// drew reports of races between accesses the lock did order, and the sanitizer run failed at
/// random. `pthread_mutex_*` is intercepted by the sanitizers, so a report here is a real one.
///
/// The mutex and the value lie in memory of their own, aligned to and padded out to whole
/// cache-line pairs: the locks of the per-thread sealers of a batch are taken by different
/// threads all the time, and if two shared a cache line each lock would take it from the other
/// core (in `perf` of a two-job batch, the unlock and reference counting went from about 6% of
/// the time to 2%).
package final class Locked<Value>: @unchecked Sendable {
    private let storage: UnsafeMutableRawPointer
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let value: UnsafeMutablePointer<Value>

    /// Two cache lines: adjacent-line prefetching moves lines in pairs.
    private static var lineSize: Int { 128 }
    /// Where the value lies in the storage: after the mutex, at the value's alignment.
    private static var valueOffset: Int {
        let alignment = MemoryLayout<Value>.alignment
        return (MemoryLayout<pthread_mutex_t>.size + alignment - 1) / alignment * alignment
    }

    package init(_ value: Value) {
        let size = Locked.valueOffset + MemoryLayout<Value>.size
        storage = UnsafeMutableRawPointer.allocate(byteCount: (size + Locked.lineSize - 1) / Locked.lineSize * Locked.lineSize,
                                                   alignment: max(Locked.lineSize, MemoryLayout<Value>.alignment))
        mutex = unsafe storage.bindMemory(to: pthread_mutex_t.self, capacity: 1)
        unsafe mutex.initialize(to: pthread_mutex_t())
        self.value = unsafe (storage + Locked.valueOffset).bindMemory(to: Value.self, capacity: 1)
        unsafe self.value.initialize(to: value)
        let status = unsafe pthread_mutex_init(mutex, nil)
        precondition(status == 0, "pthread_mutex_init failed (\(status))")
    }

    deinit {
        unsafe pthread_mutex_destroy(mutex)
        unsafe value.deinitialize(count: 1)
        unsafe storage.deallocate()
    }

    /// Runs `body` with the value, waiting for the lock if another thread holds it.
    package func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        let status = unsafe pthread_mutex_lock(mutex)
        precondition(status == 0, "pthread_mutex_lock failed (\(status))")
        defer { unsafe pthread_mutex_unlock(mutex) }
        return try unsafe body(&value.pointee)
    }

    /// Runs `body` with the value if no other thread holds the lock; returns `nil`, doing
    /// nothing, if one does.
    package func withLockIfAvailable<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result? {
        guard unsafe pthread_mutex_trylock(mutex) == 0 else { return nil }
        defer { unsafe pthread_mutex_unlock(mutex) }
        return try unsafe body(&value.pointee)
    }
}
