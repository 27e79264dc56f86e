/* SPDX-License-Identifier: GPL-2.0 */
/* Subcommand entry points: each returns 0 or -errno (cause in diag). */
#ifndef MS_COMMANDS_H
#define MS_COMMANDS_H

#include "diag.h"

int cmd_snoop(int argc, char **argv, struct ms_diag *d);
int cmd_doctor(int argc, char **argv, struct ms_diag *d);

#endif
