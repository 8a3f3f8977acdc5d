/* Shell internals shared by the files of subsys/shell/. */
#ifndef KESTREL_SUBSYS_SHELL_PRIV_H
#define KESTREL_SUBSYS_SHELL_PRIV_H

#include <kestrel/shell/shell.h>

size_t z_shell_cmd_count(void);
const struct shell_cmd *z_shell_cmd_at(size_t i);
const struct shell_cmd *z_shell_cmd_next_sorted(const struct shell_cmd *prev);
const struct shell_cmd *z_shell_subcmd_find(const struct shell_cmd *set, const char *name);
void z_shell_list_subcmds(struct shell *sh, const struct shell_cmd *set, int indent);
void z_shell_puts(struct shell *sh, const char *s);

#endif
