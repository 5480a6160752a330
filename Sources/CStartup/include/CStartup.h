#ifndef MENTORCERT_CSTARTUP_H
#define MENTORCERT_CSTARTUP_H

/// 1 when the pre-initialisation hook of this module ran (it runs before any shared library's
/// constructor); referencing it from `main` also keeps the object file in the link.
int mentorcert_startup_environment_ready(void);

#endif
