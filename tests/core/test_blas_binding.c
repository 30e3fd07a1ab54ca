// SPDX-License-Identifier: GPL-3.0-or-later
// The link-order trap (../shared/design/ui-and-style-anchors.md §3.3): GSL's cblas_* calls must
// bind to OpenBLAS, not to the slow libgslcblas that libgsl.so itself NEEDs. Looks the symbol up
// as the dynamic linker resolves it and checks which library holds it; then runs a GSL dgemm.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <gsl/gsl_blas.h>
#include <string.h>

#include "harness.h"

int main(void) {
  void *sym = dlsym(RTLD_DEFAULT, "cblas_dgemm");
  Dl_info info = {0};
  int found = sym && dladdr(sym, &info) && info.dli_fname;
  CHECK(found && strstr(info.dli_fname, "openblas") != NULL,
        "cblas_dgemm resolves to %s (expected libopenblas)", found ? info.dli_fname : "(none)");
  double a[] = {1, 2, 3, 4}, b[] = {5, 6, 7, 8}, c[4] = {0};
  gsl_matrix_view A = gsl_matrix_view_array(a, 2, 2), B = gsl_matrix_view_array(b, 2, 2),
                  C = gsl_matrix_view_array(c, 2, 2);
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &A.matrix, &B.matrix, 0.0, &C.matrix);
  CHECK(c[0] == 19 && c[1] == 22 && c[2] == 43 && c[3] == 50,
        "gsl_blas_dgemm [[1,2],[3,4]]·[[5,6],[7,8]] = [[%g,%g],[%g,%g]] (expected 19,22,43,50)",
        c[0], c[1], c[2], c[3]);
  return reach_test_finish("blas binding");
}
