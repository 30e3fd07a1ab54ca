// SPDX-License-Identifier: GPL-3.0-or-later
// The behaviour export (study/behaviour.h, `reachlab-cli behaviour`) on the bundled network:
//   - the speed column, the arm's own |J(q)·q̇|, agrees with the finite difference of the path
//     (the arm steps q with the velocity it has, q[k+1] = q[k] + dt·q̇[k], so (xy[k+1] − xy[k]) / dt
//     is the speed at k up to the Jacobian's change over a step; the backward difference, a step
//     late, misses by about 10 % of the peak);
//   - every activation lies in [0, 1] and moves off its floor after the go cue;
//   - the NF1-final and the grown-up networks reach every target (end error < 10 mm, the bundle
//     test's bound), in the null field;
//   - a noisy behaviour is the trace of the same weights (reach_savings_trace), bit for bit, and
//     differs from the noise-free one; the run's weights are left as they were;
//   - an unfinished stage is refused, naming it; the CSV has a row per target and state.
// usage: test-behaviour NETWORK.h5
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "reach.h"

static double worst_end(const reach_behaviour *b) {
  double w = 0.0;
  for (int i = 0; i < b->targets; i++) w = fmax(w, b->end_error[i]);
  return w;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: test-behaviour NETWORK.h5\n");
    return 2;
  }
  reach_error err = {0};
  reach_savings *e = NULL;
  if (reach_savings_load(argv[1], &e, &err)) {
    printf("cannot load %s: %s\n", argv[1], err.msg);
    return 1;
  }
  size_t np;
  const double *theta = reach_savings_params(e, &np);
  double *before = malloc(np * sizeof *before);
  memcpy(before, theta, np * sizeof *before);

  reach_behaviour b;
  CHECK(reach_behaviour_run(e, REACH_STAGE_GROW, 0.0, false, &b, &err) == REACH_OK, "run: %s",
        err.msg[0] ? err.msg : "grown-up weights, null field, no noise");
  const int B = b.targets, S = b.steps + 1;
  CHECK(B == 8 && S == 101, "8 targets of 101 states: %d, %d", B, S);
  // Speed against the path's finite difference, over the whole reach.
  double worst = 0.0, peak = 0.0;
  for (int i = 0; i < B; i++)
    for (int k = 0; k + 1 < S; k++) {
      const double *p = b.xy + 2 * ((size_t)(k + 1) * B + i), *q = b.xy + 2 * ((size_t)k * B + i);
      const double fd = hypot(p[0] - q[0], p[1] - q[1]) / b.dt;
      worst = fmax(worst, fabs(fd - b.speed[(size_t)k * B + i]));
      peak = fmax(peak, b.speed[(size_t)k * B + i]);
    }
  CHECK(peak > 0.2 && worst < 0.02 * peak,
        "speed vs (xy[k+1] − xy[k])/dt: worst difference %.4f m/s, %.2f %% of the peak %.3f m/s (< "
        "2 %%)",
        worst, 100 * worst / peak, peak);
  double amin = INFINITY, amax = -INFINITY, rest = 0.0, moving = 0.0;
  const int go = (int)lround(b.go_s / b.dt);
  for (int k = 0; k < S; k++)
    for (int i = 0; i < B; i++)
      for (int m = 0; m < REACH_NMUSCLE; m++) {
        const double a = b.act[((size_t)k * B + i) * REACH_NMUSCLE + m];
        amin = fmin(amin, a), amax = fmax(amax, a);
        if (k < go)
          rest = fmax(rest, a);
        else
          moving = fmax(moving, a);
      }
  CHECK(amin >= 0.0 && amax <= 1.0, "activations in [0, 1]: min %.4g, max %.4g", amin, amax);
  CHECK(moving > 5 * rest,
        "activations burst after the go cue at %.2f s: max %.4f before, %.4f after", b.go_s, rest,
        moving);
  CHECK(worst_end(&b) < 0.01, "grown-up network, null field: worst end error %.2f mm (< 10 mm)",
        1e3 * worst_end(&b));
  reach_behaviour nf1;
  CHECK(reach_behaviour_run(e, REACH_STAGE_NF1, 0.0, false, &nf1, &err) == REACH_OK, "NF1 run");
  CHECK(worst_end(&nf1) < 0.01, "NF1-final network, null field: worst end error %.2f mm (< 10 mm)",
        1e3 * worst_end(&nf1));
  reach_behaviour_free(&nf1);

  // Noise on: the trace of the same weights.
  reach_behaviour noisy;
  const reach_config *c = reach_savings_config(e);
  CHECK(reach_behaviour_run(e, REACH_STAGE_GROW, 0.0, true, &noisy, &err) == REACH_OK, "noisy run");
  const size_t nxy = (size_t)S * B * 2;
  CHECK(memcmp(reach_savings_params(e, &np), before, np * sizeof *before) == 0,
        "the run's weights are unchanged by the behaviour runs (%zu parameters)", np);
  reach_trace tr;
  reach_trace_init(&tr, c->task.n_targets, c->task.steps, c->units);
  reach_savings_set_params(e, reach_savings_snapshot(e, REACH_STAGE_GROW));
  reach_savings_trace(e, 0.0, &tr, &err);
  reach_savings_set_params(e, before);
  double dn = 0.0;
  for (size_t k = 0; k < nxy; k++) dn = fmax(dn, fabs(noisy.xy[k] - b.xy[k]));
  CHECK(memcmp(noisy.xy, tr.xy, nxy * sizeof *tr.xy) == 0 &&
            memcmp(noisy.act, tr.act, nxy * 3 * sizeof *tr.act) == 0,
        "noisy behaviour = reach_savings_trace of the grown-up weights, bit for bit");
  CHECK(dn > 0.0 && dn < 0.01, "noise moves the path a little: largest change %.3g mm", 1e3 * dn);
  reach_trace_free(&tr);
  reach_behaviour_free(&noisy);

  // The CSV: header and one row per target and state.
  char path[] = "/tmp/reach-behaviour-XXXXXX";
  const int fd = mkstemp(path);
  if (fd >= 0) close(fd);
  CHECK(reach_behaviour_write_csv(&b, path, &err) == REACH_OK, "CSV written: %s", path);
  FILE *fp = fopen(path, "r");
  char line[1024] = "";
  int rows = 0;
  if (fp && fgets(line, sizeof line, fp))
    while (fgets(line + 512, 512, fp)) rows++;
  CHECK(strncmp(line, "target,target_x_m,target_y_m,t_s,x_m,y_m,speed_m_per_s,act_pectoralis,",
                70) == 0,
        "CSV header: %.*s", 70, line);
  CHECK(rows == B * S, "CSV rows: %d (8 targets × 101 states = %d)", rows, B * S);
  if (fp) fclose(fp);
  remove(path);
  reach_behaviour_free(&b);

  // A stage the run has not finished.
  reach_savings *fresh = NULL;
  reach_config small = *c;
  small.grow_batches = 1;
  reach_savings_create(&small, &fresh, &err);
  reach_status st = reach_behaviour_run(fresh, REACH_STAGE_FF1, 0.0, false, &b, &err);
  CHECK(st == REACH_ERR_USAGE && strstr(err.msg, "FF1"), "unfinished stage refused: %s", err.msg);
  CHECK(reach_behaviour_stage_find("ff2") == REACH_STAGE_FF2 &&
            reach_behaviour_stage_find("grown-up") == REACH_STAGE_GROW &&
            reach_behaviour_stage_find("FF3") == -2,
        "stage names: ff2, grown-up, and FF3 refused");
  reach_savings_free(fresh);
  reach_savings_free(e);
  free(before);
  return reach_test_finish("behaviour");
}
