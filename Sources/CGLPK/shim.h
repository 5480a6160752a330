// GLPK, the GNU Linear Programming Kit (Debian libglpk-dev, header /usr/include/glpk.h).
// Debian ships no pkg-config file for glpk, so the header is found on the default include path.
// Only ShadowTest imports this module; see Sources/ShadowTest/GLPKEnvironment.swift for the
// threading invariant it relies on.
#include <glpk.h>
