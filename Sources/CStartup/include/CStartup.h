#ifndef MENTORCERT_CSTARTUP_H
#define MENTORCERT_CSTARTUP_H

/// 1 when OPENBLAS_NUM_THREADS was in the environment before any shared library initialised (set by
/// the user, or placed by this module's pre-initialisation hook); 0 when `main` must still see to it.
int mentorcert_startup_environment_ready(void);

/// Gives back the environment entry whose slot carried OPENBLAS_NUM_THREADS=1 through start-up (call
/// first thing in `main`; OPENBLAS_NUM_THREADS=1 stays set).
void mentorcert_restore_environment(void);

#endif
