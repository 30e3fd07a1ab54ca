// SPDX-License-Identifier: GPL-3.0-or-later
// Progress of savings runs on stderr, from the core's callback (study/savings_run.h): one
// rewritten line on a terminal, plain lines otherwise (logs of cluster jobs). `savings` workers
// send their lines to the parent, which keeps one line per job on a terminal (the board).
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

const char *reach_cli_stage_label(const reach_savings *e, reach_stage s) {
  if (s == REACH_STAGE_GROW) return "grow";
  if (s == REACH_STAGE_DONE) return "done";
  return reach_savings_phases(e, NULL)[s].name;
}

// A line of the board: written whole (below PIPE_BUF, so lines of several workers never mix).
typedef struct board_msg {
  int slot;  // the job's line
  int keep;  // 1: a line to keep above the board (e.g. "network 3 done")
  char text[240];
} board_msg;

static void send_or_print(const reach_cli_progress *p, const char *text, bool keep) {
  if (p->pipe_fd >= 0) {
    board_msg m = {.slot = p->slot, .keep = keep};
    snprintf(m.text, sizeof m.text, "%s", text);
    ssize_t w;
    do w = write(p->pipe_fd, &m, sizeof m);
    while (w < 0 && errno == EINTR);
    return;
  }
  fprintf(stderr, "%s%s%s", p->tty && !keep ? "\r" : "", text, p->tty && !keep ? "  " : "\n");
}

// How well the network reaches now: end-point error and LD of each centre-out reach in the null
// field (after growing up: is the network ready for the phases?).
static void report_reaches(reach_savings *e) {
  const reach_config *c = reach_savings_config(e);
  reach_trace tr;
  reach_error err = {0};
  if (reach_trace_init(&tr, c->task.n_targets, c->task.steps, c->units)) return;
  if (reach_savings_trace(e, 0.0, &tr, &err) == REACH_OK) {
    fprintf(stderr, "centre-out reaches, null field (end error / LD, mm):");
    for (int b = 0; b < tr.batch; b++)
      fprintf(stderr, " %.1f/%+.1f", 1e3 * reach_trace_end_error(&tr, b), 1e3 * tr.ld[b]);
    fputc('\n', stderr);
  }
  reach_trace_free(&tr);
}

void reach_cli_progress_show(reach_savings *e, const reach_savings_progress *s, void *user) {
  reach_cli_progress *p = user;
  if (p->label && s->stage == REACH_STAGE_DONE) return;  // the job's "done" line says it
  // A board on a terminal needs a line every few tenths of a second, not every few batches.
  if (p->pipe_fd >= 0 && !s->stage_changed && s->elapsed_s - p->shown_s < 0.25) return;
  p->shown_s = s->elapsed_s;
  char ld[32] = "      -   ", line[240];
  if (isfinite(s->ld)) snprintf(ld, sizeof ld, "%7.2f mm", 1e3 * s->ld);
  const double eta = isfinite(s->eta_s) ? s->eta_s : 0.0;
  if (p->label)
    snprintf(line, sizeof line,
             "%s: %-4s batch %6d/%-6d  loss %10.4g  LD %s  %6.1f batch/s  ETA %s", p->label,
             reach_cli_stage_label(e, s->stage), s->batch, s->stage_batches, s->loss, ld, s->rate,
             reach_cli_duration(eta, (char[32]){0}, 32));
  else
    snprintf(line, sizeof line, "%-4s batch %6d  loss %10.4g  LD %s  %6.1f batch/s  ETA %5.0f s",
             reach_cli_stage_label(e, s->stage), s->batch, s->loss, ld, s->rate, eta);
  send_or_print(p, line, false);
  p->open_line = p->tty && p->pipe_fd < 0;
  if (p->show_reaches && s->stage_changed && s->stage == REACH_STAGE_NF1) {
    reach_cli_progress_end(p);
    report_reaches(e);
  }
}

void reach_cli_progress_end(reach_cli_progress *p) {
  if (p->open_line) fputc('\n', stderr);
  p->open_line = false;
}

void reach_cli_progress_note(const reach_cli_progress *p, const char *text) {
  send_or_print(p, text, true);
}

const char *reach_cli_duration(double s, char *buf, size_t len) {
  if (!(s >= 0) || !isfinite(s))
    snprintf(buf, len, "-");
  else if (s < 100)
    snprintf(buf, len, "%.0f s", s);
  else if (s < 6000)
    snprintf(buf, len, "%.0f min", s / 60);
  else
    snprintf(buf, len, "%.1f h", s / 3600);
  return buf;
}

int reach_cli_board(int fd, int slots) {
  char lines[64][240] = {{0}};
  if (slots > 64) slots = 64;
  for (int k = 0; k < slots; k++) fputc('\n', stderr);
  board_msg m;
  size_t have = 0;
  for (;;) {
    ssize_t r = read(fd, (char *)&m + have, sizeof m - have);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    have += (size_t)r;
    if (have < sizeof m) continue;
    have = 0;
    // Up to the board's first line, the kept line (the board moves down by one), the board.
    fprintf(stderr, "\033[%dA", slots);
    if (m.keep)
      fprintf(stderr, "\r\033[K%s\n", m.text);
    else if (m.slot >= 0 && m.slot < slots)
      snprintf(lines[m.slot], sizeof lines[0], "%s", m.text);
    for (int k = 0; k < slots; k++) fprintf(stderr, "\r\033[K%s\n", lines[k]);
    fflush(stderr);
  }
  return 0;
}
