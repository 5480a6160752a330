import CGLPK
import Synchronization

/// How this module uses GLPK safely from several threads.
///
/// GLPK keeps its environment (memory pool, terminal settings, error hook) in global state. Since
/// GLPK 4.61 a build whose compiler supports thread-local storage keeps one environment per thread
/// (`glp_config("TLS")` is non-NULL; Debian 12's GLPK 5.0 is built with `_Thread_local`), so
/// independent problems may be solved on different threads at once, provided that
/// 1. no GLPK object (`glp_prob`) is touched by a thread other than the one that created it, and
/// 2. each thread frees its environment (`glp_free_env`) before it ends, or the environment leaks.
///
/// The invariant this module keeps, and which the code enforces by its shape:
/// - every GLPK object is created, used and deleted inside one synchronous call of
///   `GLPK.withEnvironment(serialised:_:)` (no `await` inside, so the call cannot change threads), and the
///   pointer never escapes it;
/// - at the end of that call the thread's environment is freed (`glp_free_env`, about 4 µs), so a
///   thread that ends later leaks nothing; this presumes no other code holds GLPK objects on the same
///   thread across a solve — `CGLPK` is imported by `ShadowTest` alone;
/// - terminal output is switched off (`glp_term_out(GLP_OFF)`) at the start of each call, because a
///   freed environment comes back with output on;
/// - when the library was built without thread-local storage, all calls are serialised by one
///   process-wide mutex instead.
///
/// Values crossing threads are only the Swift problem and solution structs, so no type here needs
/// `@unchecked Sendable`.
enum GLPK {
    /// Whether this GLPK keeps a separate environment per thread (read once).
    static let isReentrant: Bool = {
        guard let tls = glp_config("TLS") else { return false }
        return tls.pointee != 0
    }()

    /// Serialises GLPK calls when the library is not reentrant.
    private static let lock = Mutex(())

    /// Runs `body` with a fresh, silent GLPK environment on this thread and frees it afterwards;
    /// under the process-wide mutex when `serialised` (by default when GLPK is not reentrant).
    static func withEnvironment<Result, Failure: Error>(
        serialised: Bool = !isReentrant,
        _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        if !serialised {
            return try runSilently(body)
        }
        var outcome: Swift.Result<Result, Failure>?
        lock.withLock { _ in
            do throws(Failure) { outcome = .success(try runSilently(body)) } catch { outcome = .failure(error) }
        }
        guard let outcome else { preconditionFailure("GLPK.withEnvironment: the locked body did not run") }
        return try outcome.get()
    }

    private static func runSilently<Result, Failure: Error>(
        _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        glp_term_out(GLP_OFF)
        defer { glp_free_env() }
        return try body()
    }
}
