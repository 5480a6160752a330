// LAPACKE (Debian liblapacke-dev). OpenBLAS's Debian build ships LAPACK but not LAPACKE.
#include <lapacke.h>
