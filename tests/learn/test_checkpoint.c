// SPDX-License-Identifier: GPL-3.0-or-later
// Checkpoints: a run saved mid-way (in growing up and again in FF1), loaded and continued must
// end with exactly the weights and logs of the run that never stopped (--resume gives results
// identical to an uninterrupted run), in double and in single precision. Also: a damaged
// checkpoint is refused with a message that names the file and the dataset, and a diverging run
// stops at the batch that produced NaN, naming it, with the parameters of the last good batch.
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "reach.h"
#include "run_hash.h"

static int steps(reach_savings *e, int n, reach_error *err) {
  for (int i = 0; i < n && reach_savings_stage(e) != REACH_STAGE_DONE; i++)
    if (reach_savings_step(e, err)) return -1;
  return 0;
}

int main(void) {
  reach_config cfg;
  tiny_run_config(&cfg, 3);
  reach_error err = {0};
  char dir[] = "/tmp/reach-ckpt-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  char path[256];
  snprintf(path, sizeof path, "%s/network.h5", dir);

  // In both precisions: a single-precision run keeps no float state between batches (θ is
  // converted afresh each pass), so it resumes bit for bit too.
  reach_savings *e = NULL;
  for (int prec = 0; prec < 2; prec++) {
    cfg.precision = prec ? REACH_PRECISION_SINGLE : REACH_PRECISION_DOUBLE;
    const char *pname = prec ? "single" : "double";
    reach_savings *ref = NULL;
    reach_savings_create(&cfg, &ref, &err);
    steps(ref, 1000, &err);
    const uint64_t h_ref = run_hash(ref);
    reach_savings_free(ref);

    // Interrupted twice: in growing up (batch 5) and in FF1 (batch 3).
    const int cut[2] = {5, 12 + 4 + 3 - 5};
    reach_savings_create(&cfg, &e, &err);
    for (int c = 0; c < 2; c++) {
      steps(e, cut[c], &err);
      reach_status st = reach_savings_save(e, path, &err);
      CHECK(st == REACH_OK, "%s: save at stage %d batch %d: %s", pname, reach_savings_stage(e),
            reach_savings_batch(e), st ? err.msg : "ok");
      reach_savings_free(e);
      e = NULL;
      st = reach_savings_load(path, &e, &err);
      CHECK(st == REACH_OK, "%s: load: %s", pname, st ? err.msg : "ok");
      if (st) return reach_test_finish("checkpoint");
      printf("        resumed at stage %d batch %d, precision %s\n", reach_savings_stage(e),
             reach_savings_batch(e),
             reach_savings_config(e)->precision == REACH_PRECISION_SINGLE ? "single" : "double");
    }
    steps(e, 1000, &err);
    const uint64_t h_resumed = run_hash(e);
    CHECK(h_resumed == h_ref,
          "%s: run saved and resumed twice vs uninterrupted: hash of weights "
          "and logs %016llx vs %016llx",
          pname, (unsigned long long)h_resumed, (unsigned long long)h_ref);
    reach_savings_save(e, path, &err);
    reach_savings_free(e);
  }
  cfg.precision = REACH_PRECISION_DOUBLE;

  // A file that is not a checkpoint.
  char bad[256];
  snprintf(bad, sizeof bad, "%s/not-a-run.h5", dir);
  FILE *fp = fopen(bad, "w");
  fputs("[network]\nunits = 3\n", fp);
  fclose(fp);
  reach_status st = reach_savings_load(bad, &e, &err);
  CHECK(st != REACH_OK && strstr(err.msg, "not-a-run.h5"),
        "a text file as checkpoint is "
        "refused naming it: \"%s\"",
        err.msg);

  // Divergence: a huge learning rate makes the weights overflow; the run must stop at that
  // batch, name it, and keep the last good parameters.
  reach_config wild = cfg;
  wild.grow_optim.kind = REACH_OPT_SGD;
  wild.grow_optim.clip = 0.0;
  wild.grow_optim.lr = 1e300;
  wild.grow_batches = 50;
  reach_savings_create(&wild, &e, &err);
  int done = 0;
  reach_status rs = REACH_OK;
  while (done < 50 && !(rs = reach_savings_step(e, &err))) done++;
  size_t n;
  const double *theta = reach_savings_params(e, &n);
  int finite = 1;
  for (size_t i = 0; i < n; i++) finite &= isfinite(theta[i]) != 0;
  CHECK(rs == REACH_ERR_NUMERIC && strstr(err.msg, "growing up batch") && finite,
        "diverging run stopped after %d good batches: \"%s\"; parameters finite: %s", done, err.msg,
        finite ? "yes" : "no");
  reach_savings_free(e);

  // Traces: a function of the weights (the same twice), and a one-step push of the hidden state
  // changes exactly that state by the push, nothing before it.
  reach_savings_create(&cfg, &e, &err);
  steps(e, 20, &err);
  const int T = cfg.task.steps, B = cfg.task.n_targets, H = cfg.units, at = 17;
  reach_trace t1, t2, t3;
  reach_trace_init(&t1, B, T, H);
  reach_trace_init(&t2, B, T, H);
  reach_trace_init(&t3, B, T, H);
  double push[64];
  for (int k = 0; k < H; k++) push[k] = 0.01 * (k + 1);
  reach_savings_trace(e, 8.0, &t1, &err);
  reach_savings_trace(e, 8.0, &t2, &err);
  reach_status pst = reach_savings_trace_pushed(e, 8.0, at, push, &t3, &err);
  const size_t per = (size_t)B * H;
  int same = memcmp(t1.hidden, t2.hidden, (T + 1) * per * sizeof(double)) == 0 &&
             memcmp(t1.xy, t2.xy, (T + 1) * (size_t)B * 2 * sizeof(double)) == 0;
  CHECK(same, "two traces of the same weights are identical (hidden states and hand paths)");
  double before = 0.0, at_err = 0.0, after = 0.0;
  for (size_t i = 0; i < (size_t)at * per; i++)
    before = fmax(before, fabs(t3.hidden[i] - t1.hidden[i]));
  for (size_t i = 0; i < per; i++) {
    size_t j = (size_t)at * per + i;
    at_err = fmax(at_err, fabs(t3.hidden[j] - t1.hidden[j] - push[i % H]));
  }
  for (size_t i = (size_t)(at + 1) * per; i < (T + 1) * per; i++)
    after = fmax(after, fabs(t3.hidden[i] - t1.hidden[i]));
  CHECK(pst == REACH_OK && before == 0.0 && at_err < 1e-15 && after > 1e-6,
        "push at hidden index %d: states before unchanged (max diff %.1e), state %d moved by the "
        "push (error %.1e), later states respond (max diff %.2e)",
        at, before, at, at_err, after);
  pst = reach_savings_trace_pushed(e, 8.0, T + 1, push, &t3, &err);
  CHECK(pst == REACH_ERR_RANGE, "push index %d refused: \"%s\"", T + 1, err.msg);
  reach_trace_free(&t1);
  reach_trace_free(&t2);
  reach_trace_free(&t3);
  reach_savings_free(e);

  unlink(bad);
  unlink(path);
  rmdir(dir);
  return reach_test_finish("checkpoint");
}
