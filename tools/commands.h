/* SPDX-License-Identifier: GPL-2.0 */
/* Subcommand entry points: each returns 0, -errno (cause in diag), or a
 * positive documented exit status (a verdict: doctor's worst severity). */
#ifndef MS_COMMANDS_H
#define MS_COMMANDS_H

#include "base/diag.h"

int cmd_snoop(int argc, char **argv, struct ms_diag *d);
int cmd_doctor(int argc, char **argv, struct ms_diag *d);
int cmd_oom(int argc, char **argv, struct ms_diag *d);
int cmd_hist(int argc, char **argv, struct ms_diag *d);
int cmd_stacks(int argc, char **argv, struct ms_diag *d);
int cmd_top(int argc, char **argv, struct ms_diag *d);
int cmd_explain(int argc, char **argv, struct ms_diag *d);
int cmd_export(int argc, char **argv, struct ms_diag *d);
int cmd_record(int argc, char **argv, struct ms_diag *d);
int cmd_report(int argc, char **argv, struct ms_diag *d);
int cmd_version(int argc, char **argv, struct ms_diag *d);

#endif
