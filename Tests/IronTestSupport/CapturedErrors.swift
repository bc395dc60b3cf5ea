import Iron
import Testing

// How the tests capture errors, in one place.

/// The error `body` must throw, of type `E` (``IronError`` by default); an issue is recorded when
/// it throws nothing or another type.
@discardableResult
public func thrownError<E: Error, R>(_ type: E.Type = IronError.self, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R) -> E? {
    #expect(throws: E.self, sourceLocation: sourceLocation) { _ = try body() }
}

/// The error `body` throws, or `nil` when it succeeds; an error of another type than `E` is
/// recorded as an issue.
public func caughtError<E: Error, R>(_ type: E.Type = IronError.self, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R) -> E? {
    do {
        _ = try body()
        return nil
    } catch let error as E {
        return error
    } catch {
        Issue.record("unexpected error \(error) where \(E.self) was expected", sourceLocation: sourceLocation)
        return nil
    }
}
