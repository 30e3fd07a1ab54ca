// SPDX-License-Identifier: GPL-3.0-or-later
#include "context_fit.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/rng.h"
#include "../io/csv.h"

static char *join(const char *dir, const char *name) {
  const size_t len = strlen(dir) + strlen(name) + 2;
  char *p = malloc(len);
  if (p) snprintf(p, len, "%s/%s", dir, name);
  return p;
}

reach_status reach_fit_write(const char *dir, const reach_design *d, const double *data,
                             const reach_cmodel *models, int nm, const reach_fit_result *res,
                             double *const *curves, reach_error *err) {
  char *path;
  path = join(dir, "bic.csv");
  reach_file f;
  if (!path) return reach_error_set(err, REACH_ERR_NOMEM, "out of memory");
  reach_status st = reach_file_begin(&f, path, err);
  free(path);
  if (st != REACH_OK) return st;
  fputs("model,k,n,sse,r2,bic,dbic,reconstruction\n", f.fp);
  for (int i = 0; i < nm; i++) {
    fprintf(f.fp, "%s,%d,%d,", reach_cmodel_get(models[i])->name, res[i].k, res[i].n);
    reach_csv_put(f.fp, res[i].sse, 0);
    reach_csv_put(f.fp, res[i].r2, 0);
    reach_csv_put(f.fp, res[i].bic, 0);
    reach_csv_put(f.fp, res[i].dbic, 0);
    fprintf(f.fp, "%d\n", reach_cmodel_get(models[i])->reconstructed);
  }
  if ((st = reach_file_commit(&f, err)) != REACH_OK) return st;

  path = join(dir, "curves.csv");
  st = reach_file_begin(&f, path, err);
  free(path);
  if (st != REACH_OK) return st;
  fputs("group,control_point,channel_index,mean_trial,data", f.fp);
  for (int i = 0; i < nm; i++) fprintf(f.fp, ",%s", reach_cmodel_get(models[i])->name);
  fputc('\n', f.fp);
  for (int p = 0; p < d->npoints; p++) {
    int g, cue, idx;
    reach_design_point(d, p, &g, &cue, &idx);
    fprintf(f.fp, "%s,%d,%d,%.4f,", reach_group_name(g), cue, idx, reach_design_mean_trial(d, p));
    reach_csv_put(f.fp, data[p], nm == 0);
    for (int i = 0; i < nm; i++) reach_csv_put(f.fp, curves[i][p], i == nm - 1);
  }
  if ((st = reach_file_commit(&f, err)) != REACH_OK) return st;

  for (int i = 0; i < nm; i++) {
    const reach_cmodel_info *in = reach_cmodel_get(models[i]);
    char group[16], name[32];
    snprintf(group, sizeof group, "%s", in->name);
    for (char *c = group; *c; c++) *c = (char)tolower((unsigned char)*c);
    snprintf(name, sizeof name, "params_%s.ini", group);
    path = join(dir, name);
    st = reach_file_begin(&f, path, err);
    free(path);
    if (st != REACH_OK) return st;
    fprintf(f.fp, "# %s fitted by reachlab-cli fit: SSE %.6g, R2 %.6f, BIC %.4f, dBIC %.4f\n",
            in->name, res[i].sse, res[i].r2, res[i].bic, res[i].dbic);
    if (in->reconstructed) fprintf(f.fp, "# %s\n", REACH_SSM_RECONSTRUCTED_NOTE);
    fprintf(f.fp, "[%s]\n", group);
    for (int k = 0; k < in->k; k++) fprintf(f.fp, "%s = %.17g\n", in->pname[k], res[i].theta[k]);
    if ((st = reach_file_commit(&f, err)) != REACH_OK) return st;
  }
  return REACH_OK;
}

// "all" or a comma list of model names into models[]; returns the count or -1.
int reach_fit_models_parse(const char *text, reach_cmodel *models, char *why, size_t len) {
  if (strcmp(text, "all") == 0) {
    for (int m = 0; m < REACH_CMODEL_COUNT; m++) models[m] = (reach_cmodel)m;
    return REACH_CMODEL_COUNT;
  }
  if (!*text) {
    snprintf(why, len, "--models: empty list");
    return -1;
  }
  int n = 0;
  char item[64];
  for (const char *p = text;; p++) {
    const char *end = strchr(p, ',');
    if (!end) end = p + strlen(p);
    while (p < end && isspace((unsigned char)*p)) p++;
    size_t k = (size_t)(end - p);
    while (k > 0 && isspace((unsigned char)p[k - 1])) k--;
    snprintf(item, sizeof item, "%.*s", (int)(k < sizeof item ? k : sizeof item - 1), p);
    const int m = reach_cmodel_find(item);
    if (m < 0 || n == REACH_CMODEL_COUNT) {
      snprintf(why, len,
               "--models: expected all or a comma list of sssm, ssm1 ... ssm7, found '%s'", item);
      return -1;
    }
    for (int j = 0; j < n; j++)
      if (models[j] == (reach_cmodel)m) {
        snprintf(why, len, "--models: '%s' is listed twice", item);
        return -1;
      }
    models[n++] = (reach_cmodel)m;
    if (!*end) break;
    p = end;
  }
  return n;
}

reach_status reach_fit_synthetic(reach_design *d, reach_cmodel m, const reach_sssm_options *sssm,
                                 double noise, unsigned long seed, double *data, reach_error *err) {
  double th[REACH_CMODEL_MAXP];
  reach_cmodel_default_params(m, th);
  reach_status st = reach_design_predict(d, m, th, sssm, data, err);
  if (st != REACH_OK) return st;
  reach_rng rng;
  if (reach_rng_init_exact(&rng, seed + 1000003UL) != 0)
    return reach_error_set(err, REACH_ERR_NOMEM, "out of memory");
  for (int i = 0; i < d->npoints; i++) data[i] += reach_rng_gauss(&rng, noise);
  reach_rng_free(&rng);
  return REACH_OK;
}
