#if canImport(Glibc)
import Glibc
#endif
import MentorCertCLI

// MentorCert runs its own parallel blocks with one BLAS thread each (docs/DECISIONS.md). OpenBLAS
// creates its thread pool when the library loads, before `main`, from OPENBLAS_NUM_THREADS; idle
// pool threads then spin on one core for about a tenth of a second. Re-executing once with the
// variable set keeps the pool from being created at all. If exec fails we simply go on.
#if os(Linux)
if getenv("OPENBLAS_NUM_THREADS") == nil {
    setenv("OPENBLAS_NUM_THREADS", "1", 1)
    execv("/proc/self/exe", CommandLine.unsafeArgv)
}
#endif

MentorCertCommand.main()
