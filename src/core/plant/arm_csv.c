// SPDX-License-Identifier: GPL-3.0-or-later
#include "arm_csv.h"

#include <math.h>

#include "../io/csv.h"

static const char *const joint_cols[] = {"q_sho", "q_elb", "qd_sho", "qd_elb",
                                         "x",     "y",     "xd",     "yd"};
static const char *const muscle_groups[] = {"act",   "mlen",     "mvel",    "flpe",
                                            "flce",  "factive",  "force",   "mtlen",
                                            "mtvel", "marm_sho", "marm_elb"};

void reach_arm_csv_column_name(int c, char *buf, size_t len) {
  if (c == 0) {
    snprintf(buf, len, "step");
  } else if (c == 1) {
    snprintf(buf, len, "t");
  } else if (c < 10) {
    snprintf(buf, len, "%s", joint_cols[c - 2]);
  } else {
    int g = (c - 10) / REACH_NMUSCLE, i = (c - 10) % REACH_NMUSCLE;
    snprintf(buf, len, "%s_%s", muscle_groups[g], reach_muscle_names[i]);
  }
}

void reach_arm_csv_row(const reach_arm_model *m, const reach_arm_state *s, int b, long k,
                       double row[REACH_ARM_CSV_COLS]) {
  const size_t n = (size_t)s->batch;
  double q[2] = {s->q[b], s->q[n + (size_t)b]}, qd[2] = {s->qd[b], s->qd[n + (size_t)b]};
  double pos[2], vel[2];
  reach_arm_fingertip(m, q, qd, pos, vel, NULL);
  double lmt[REACH_NMUSCLE], vmt[REACH_NMUSCLE], r0[REACH_NMUSCLE], r1[REACH_NMUSCLE];
  reach_arm_geometry(m, q, qd, lmt, vmt, r0, r1);
  row[0] = (double)k;
  row[1] = (double)k / (1.0 / m->dt);  // k/100 rounds like the reference's times
  row[2] = q[0];
  row[3] = q[1];
  row[4] = qd[0];
  row[5] = qd[1];
  row[6] = pos[0];
  row[7] = pos[1];
  row[8] = vel[0];
  row[9] = vel[1];
  const double *muscle[7] = {s->act, s->mlen, s->mvel, s->flpe, s->flce, s->factive, s->force};
  const double *geom[4] = {lmt, vmt, r0, r1};
  for (int i = 0; i < REACH_NMUSCLE; i++) {
    for (int g = 0; g < 7; g++)
      row[10 + g * REACH_NMUSCLE + i] = muscle[g][(size_t)i * n + (size_t)b];
    for (int g = 0; g < 4; g++) row[10 + (7 + g) * REACH_NMUSCLE + i] = geom[g][i];
  }
}

void reach_arm_csv_write_header(FILE *fp) {
  char name[64];
  for (int c = 0; c < REACH_ARM_CSV_COLS; c++) {
    reach_arm_csv_column_name(c, name, sizeof name);
    fprintf(fp, "%s%c", name, c + 1 == REACH_ARM_CSV_COLS ? '\n' : ',');
  }
}

void reach_arm_csv_write_row(FILE *fp, const double row[REACH_ARM_CSV_COLS]) {
  fprintf(fp, "%ld,", lround(row[0]));
  for (int c = 1; c < REACH_ARM_CSV_COLS; c++)
    reach_csv_put(fp, row[c], c + 1 == REACH_ARM_CSV_COLS);
}
