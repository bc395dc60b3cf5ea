#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

func openForReading(_ path: String) throws -> Int32 {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
        throw CLIError(.noInput, "cannot read file \(path): \(String(cString: strerror(errno)))")
    }
    return descriptor
}

func closeDescriptor(_ descriptor: Int32) {
    close(descriptor)
}
