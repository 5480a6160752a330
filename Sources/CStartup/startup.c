// The process environment MentorCert needs before any shared library initialises.
//
// OpenBLAS creates its thread pool in its library constructor, from OPENBLAS_NUM_THREADS; MentorCert
// runs its own parallel blocks with one BLAS thread each (docs/DECISIONS.md), and idle pool threads
// spin on the second core for about a tenth of a second after they start. A function in the
// executable's .preinit_array runs before the initialisation functions of every shared library (System V
// gABI, "Initialization and Termination Functions"), so the variable can be in the environment when
// OpenBLAS's constructor reads it, with no second exec of the whole process (which loaded every shared
// library twice).
//
// setenv() cannot be used here: it builds a new environment array, and the C library's own
// initialisation (which runs after the pre-initialisation functions) sets `environ` back to the array
// the kernel passed. That array cannot grow, so one entry that no library reads during start-up (`_`,
// the shell's last-command path, `OLDPWD` or `SHLVL`) lends its slot to OPENBLAS_NUM_THREADS=1 until
// `main`, where mentorcert_restore_environment() puts it back. With no such entry (or a value the user
// has set for OPENBLAS_NUM_THREADS) nothing is changed, and `main` falls back to re-executing itself.
#include <stdlib.h>
#include <string.h>
#include "CStartup.h"

static int ready = 0;
static char *lent = NULL;
static char openblas_threads[] = "OPENBLAS_NUM_THREADS=1";

static int has_name(const char *entry, const char *name) {
    size_t n = strlen(name);
    return strncmp(entry, name, n) == 0 && entry[n] == '=';
}

static void mentorcert_set_environment(int argc, char **argv, char **envp) {
    (void)argc; (void)argv;
    if (envp == NULL) return;
    static const char *const harmless[] = {"_", "OLDPWD", "SHLVL"};
    char **slot = NULL;
    for (char **e = envp; *e != NULL; ++e) {
        if (has_name(*e, "OPENBLAS_NUM_THREADS")) { ready = 1; return; } // the user's value stands
        for (size_t k = 0; k < sizeof harmless / sizeof harmless[0] && slot == NULL; ++k) {
            if (has_name(*e, harmless[k])) slot = e;
        }
    }
    if (slot == NULL) return;
    lent = *slot;
    *slot = openblas_threads;
    ready = 1;
}

#if defined(__linux__) && defined(__ELF__)
__attribute__((section(".preinit_array"), used))
static void (*const mentorcert_preinit)(int, char **, char **) = mentorcert_set_environment;
#endif

int mentorcert_startup_environment_ready(void) { return ready; }

void mentorcert_restore_environment(void) {
    if (lent == NULL) return;
    // putenv keeps the string itself (it lives in the process's initial stack for its whole life);
    // OPENBLAS_NUM_THREADS=1 stays set, as the re-executed process had it before.
    setenv("OPENBLAS_NUM_THREADS", "1", 0);
    putenv(lent);
    lent = NULL;
}
