#if canImport(Glibc)
import Glibc
#endif
import CStartup
import MentorCertCLI

// MentorCert runs its own parallel blocks with one BLAS thread each (docs/DECISIONS.md). OpenBLAS
// creates its thread pool when the library loads, before `main`, from OPENBLAS_NUM_THREADS; idle pool
// threads then spin on one core for about a tenth of a second. The CStartup module puts the variable
// into the environment in the executable's pre-initialisation hook, before any library constructor
// runs (see Sources/CStartup/startup.c for how, and why not setenv). Only if it could not (no spare
// environment slot, or a linker that dropped the hook) do we fall back to re-executing once with the
// variable set; if exec fails we simply go on.
#if os(Linux)
mentorcert_restore_environment()
if mentorcert_startup_environment_ready() == 0 && getenv("OPENBLAS_NUM_THREADS") == nil {
    setenv("OPENBLAS_NUM_THREADS", "1", 1)
    execv("/proc/self/exe", CommandLine.unsafeArgv)
}
#endif

MentorCertCommand.main()
