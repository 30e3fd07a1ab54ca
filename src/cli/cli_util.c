// SPDX-License-Identifier: GPL-3.0-or-later
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "cli.h"

#include <string.h>

int reach_cli_fail(int status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("reachlab-cli: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return status;
}

int reach_cli_parse_options(const char *cmd, const char *param, const char *summary,
                            GOptionEntry *entries, int *argc, char ***argv) {
  GOptionContext *ctx = g_option_context_new(param);
  g_option_context_set_summary(ctx, summary);
  g_option_context_add_main_entries(ctx, entries, NULL);
  GError *gerr = NULL;
  int status = 0;
  if (!g_option_context_parse(ctx, argc, argv, &gerr)) {
    status = reach_cli_fail(2, "%s: %s", cmd, gerr->message);
  } else if (*argc > 1) {
    status = reach_cli_fail(2, "%s: unexpected argument '%s'", cmd, (*argv)[1]);
  }
  g_clear_error(&gerr);
  g_option_context_free(ctx);
  return status;
}

int reach_cli_check_writable(const char *path, char *why, size_t len) {
  FILE *fp = fopen(path, "wx");
  if (!fp && errno == EEXIST) fp = fopen(path, "a");  // exists: may be ours to overwrite
  if (!fp) {
    snprintf(why, len, "cannot write %s: %s", path, strerror(errno));
    return -1;
  }
  fclose(fp);
  remove(path);
  return 0;
}

const char *reach_cli_data_path(const char *rel) {
  static char path[4096];
  const char *roots[] = {REACH_DATADIR, REACH_SOURCE_DATADIR};
  for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", roots[i], rel);
    if (g_file_test(path, G_FILE_TEST_EXISTS)) return path;
  }
  return NULL;
}

// Reads [<model>] key = value from an INI file into theta (keys not given keep their value).
// Unknown groups or keys are errors, so a typo never silently runs the default.
int reach_cli_read_model_params(const char *path, reach_cmodel m, double *theta, char *why, size_t len) {
  const reach_cmodel_info *info = reach_cmodel_get(m);
  GKeyFile *kf = g_key_file_new();
  GError *gerr = NULL;
  int rc = -1;
  char group[16];
  snprintf(group, sizeof group, "%s", info->name);
  for (char *c = group; *c; c++) *c = (char)g_ascii_tolower(*c);
  if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &gerr)) {
    snprintf(why, len, "%s: %s", path, gerr->message);
    goto done;
  }
  gsize ng = 0;
  gchar **groups = g_key_file_get_groups(kf, &ng);
  for (gsize g = 0; g < ng; g++) {
    if (g_ascii_strcasecmp(groups[g], group) != 0) {
      snprintf(why, len, "%s: unexpected group [%s]; expected [%s] for model %s", path,
               groups[g], group, info->name);
      g_strfreev(groups);
      goto done;
    }
    gsize nk = 0;
    gchar **keys = g_key_file_get_keys(kf, groups[g], &nk, NULL);
    for (gsize k = 0; k < nk; k++) {
      int idx = -1;
      for (int i = 0; i < info->k; i++)
        if (strcmp(keys[k], info->pname[i]) == 0) idx = i;
      if (idx < 0) {
        GString *names = g_string_new(NULL);
        for (int i = 0; i < info->k; i++)
          g_string_append_printf(names, "%s%s", i ? ", " : "", info->pname[i]);
        snprintf(why, len, "%s: [%s] has unknown key '%s'; expected one of %s", path, groups[g],
                 keys[k], names->str);
        g_string_free(names, TRUE);
        g_strfreev(keys);
        g_strfreev(groups);
        goto done;
      }
      double v = g_key_file_get_double(kf, groups[g], keys[k], &gerr);
      if (gerr) {
        snprintf(why, len, "%s: [%s] %s: expected a number (%s)", path, groups[g], keys[k],
                 gerr->message);
        g_strfreev(keys);
        g_strfreev(groups);
        goto done;
      }
      if (!isfinite(v)) {
        snprintf(why, len, "%s: [%s] %s: expected a finite number, found %g", path, groups[g],
                 keys[k], v);
        g_strfreev(keys);
        g_strfreev(groups);
        goto done;
      }
      theta[idx] = v;
    }
    g_strfreev(keys);
  }
  g_strfreev(groups);
  // The model's own range checks, here where the file can be named with them.
  if (m == REACH_CMODEL_SSSM) {
    reach_sssm_params par = {theta[0], theta[1], theta[2], theta[3], theta[4], theta[5]};
    reach_sssm probe;
    reach_error err = {0};
    if (reach_sssm_init(&probe, &par, NULL, &err)) {
      snprintf(why, len, "%s: [%s]: %s", path, group, err.msg);
      goto done;
    }
  }
  rc = 0;
done:
  if (gerr) g_error_free(gerr);
  g_key_file_free(kf);
  return rc;
}
