#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

func strerrorText(_ code: Int32) -> UnsafeMutablePointer<CChar> { strerror(code) }
