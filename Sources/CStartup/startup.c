// The process environment MentorCert needs before any shared library initialises.
//
// OpenBLAS creates its thread pool in its library constructor, from OPENBLAS_NUM_THREADS; MentorCert
// runs its own parallel blocks with one BLAS thread each (docs/DECISIONS.md), and idle pool threads
// spin on the second core for about a tenth of a second after they start. A function in the
// executable's .preinit_array runs before the constructors of every shared library (System V gABI,
// "Initialization and Termination Functions": pre-initialisation functions run before the
// initialisation functions of the executable's dependencies), so setting the variable there keeps the
// pool from being created, with no second exec of the whole process (which loaded every shared
// library twice). A value the user has set is left alone.
#include <stdlib.h>
#include "CStartup.h"

static int ready = 0;

static void mentorcert_set_environment(int argc, char **argv, char **envp) {
    (void)argc; (void)argv; (void)envp;
    setenv("OPENBLAS_NUM_THREADS", "1", 0);
    ready = 1;
}

#if defined(__linux__) && defined(__ELF__)
__attribute__((section(".preinit_array"), used))
static void (*const mentorcert_preinit)(int, char **, char **) = mentorcert_set_environment;
#endif

int mentorcert_startup_environment_ready(void) { return ready; }
