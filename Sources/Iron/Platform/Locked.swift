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
package final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    package init(_ value: Value) {
        self.value = value
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        unsafe mutex.initialize(to: pthread_mutex_t())
        let status = unsafe pthread_mutex_init(mutex, nil)
        precondition(status == 0, "pthread_mutex_init failed (\(status))")
    }

    deinit {
        unsafe pthread_mutex_destroy(mutex)
        unsafe mutex.deallocate()
    }

    /// Runs `body` with the value, waiting for the lock if another thread holds it.
    package func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        let status = unsafe pthread_mutex_lock(mutex)
        precondition(status == 0, "pthread_mutex_lock failed (\(status))")
        defer { unsafe pthread_mutex_unlock(mutex) }
        return try body(&value)
    }

    /// Runs `body` with the value if no other thread holds the lock; returns `nil`, doing
    /// nothing, if one does.
    package func withLockIfAvailable<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result? {
        guard unsafe pthread_mutex_trylock(mutex) == 0 else { return nil }
        defer { unsafe pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
