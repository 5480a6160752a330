#if canImport(Glibc)
import Glibc
#endif
import CStartup
import MentorCertCLI

// MentorCert runs its own parallel blocks with one BLAS thread each (docs/DECISIONS.md). OpenBLAS
// creates its thread pool when the library loads, before `main`, from OPENBLAS_NUM_THREADS; idle pool
// threads then spin on one core for about a tenth of a second. The CStartup module sets the variable
// in the executable's pre-initialisation hook, before any library constructor runs. Only if that hook
// did not run (a linker that dropped it) do we fall back to re-executing once with the variable set;
// if exec fails we simply go on.
#if os(Linux)
if mentorcert_startup_environment_ready() == 0 && getenv("OPENBLAS_NUM_THREADS") == nil {
    setenv("OPENBLAS_NUM_THREADS", "1", 1)
    execv("/proc/self/exe", CommandLine.unsafeArgv)
}
#endif

MentorCertCommand.main()
