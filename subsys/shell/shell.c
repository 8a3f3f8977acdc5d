/*
 * Shell core: the command registry, the line parser, command dispatch,
 * output and the `help` command.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include <kestrel/shell/shell.h>

#include "shell_priv.h"

extern const struct shell_cmd *const __start_shell_cmds[] __attribute__((weak));
extern const struct shell_cmd *const __stop_shell_cmds[] __attribute__((weak));

size_t z_shell_cmd_count(void)
{
	return (size_t)(__stop_shell_cmds - __start_shell_cmds);
}

const struct shell_cmd *z_shell_cmd_at(size_t i)
{
	return __start_shell_cmds[i];
}

const struct shell_cmd *shell_cmd_find(const char *name)
{
	if (name == NULL) {
		return NULL;
	}
	for (size_t i = 0; i < z_shell_cmd_count(); i++) {
		if (strcmp(z_shell_cmd_at(i)->name, name) == 0) {
			return z_shell_cmd_at(i);
		}
	}
	return NULL;
}

const struct shell_cmd *z_shell_subcmd_find(const struct shell_cmd *set, const char *name)
{
	for (; set != NULL && set->name != NULL; set++) {
		if (strcmp(set->name, name) == 0) {
			return set;
		}
	}
	return NULL;
}

int shell_init(struct shell *sh, const struct shell_backend *backend, const char *prompt)
{
	if (sh == NULL || backend == NULL || backend->api == NULL ||
	    backend->api->read == NULL || backend->api->write == NULL) {
		return -EINVAL;
	}
	memset(sh, 0, sizeof(*sh));
	sh->backend = backend;
	sh->prompt = prompt != NULL ? prompt : "kestrel:~$ ";
	return 0;
}

void shell_write(struct shell *sh, const void *buf, size_t len)
{
	if (sh != NULL && sh->backend != NULL && len > 0) {
		(void)sh->backend->api->write(sh->backend, buf, len);
	}
}

void z_shell_puts(struct shell *sh, const char *s)
{
	shell_write(sh, s, strlen(s));
}

void shell_prompt(struct shell *sh)
{
	z_shell_puts(sh, sh->prompt);
}

static void vprint(struct shell *sh, const char *prefix, const char *fmt,
		   va_list ap, bool newline)
{
	char buf[CONFIG_SHELL_PRINT_MAX + 1];
	int n = vsnprintk(buf, sizeof(buf), fmt, ap);

	if (n < 0) {
		return;
	}
	if ((size_t)n >= sizeof(buf)) {
		n = sizeof(buf) - 1;
	}
	if (prefix != NULL) {
		z_shell_puts(sh, prefix);
	}
	shell_write(sh, buf, (size_t)n);
	if (newline) {
		shell_write(sh, "\n", 1);
	}
}

void shell_print(struct shell *sh, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(sh, NULL, fmt, ap, true);
	va_end(ap);
}

void shell_error(struct shell *sh, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(sh, "error: ", fmt, ap, true);
	va_end(ap);
}

void shell_fprint(struct shell *sh, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(sh, NULL, fmt, ap, false);
	va_end(ap);
}

/* Split @p buf in place into words. Returns the word count or a negative
 * errno (message printed). */
static int parse_line(struct shell *sh, char *buf, char **argv, size_t argv_max)
{
	char *in = buf, *out = buf;
	size_t argc = 0;

	for (;;) {
		while (*in == ' ' || *in == '\t') {
			in++;
		}
		if (*in == '\0') {
			return (int)argc;
		}
		if (argc == argv_max) {
			shell_error(sh, "too many arguments (more than %d words)",
				    (int)argv_max);
			return -E2BIG;
		}
		argv[argc++] = out;
		char quote = 0;

		while (*in != '\0' && (quote != 0 || (*in != ' ' && *in != '\t'))) {
			char c = *in++;

			if (quote == 0 && (c == '"' || c == '\'')) {
				quote = c;
			} else if (quote != 0 && c == quote) {
				quote = 0;
			} else if (c == '\\' && quote != '\'' && *in != '\0') {
				*out++ = *in++;
			} else {
				*out++ = c;
			}
		}
		if (quote != 0) {
			shell_error(sh, "unterminated %c quote", quote);
			return -EINVAL;
		}
		if (*in != '\0') {
			in++;
		}
		*out++ = '\0';
	}
}

void z_shell_list_subcmds(struct shell *sh, const struct shell_cmd *set, int indent)
{
	for (; set != NULL && set->name != NULL; set++) {
		shell_print(sh, "%*s%-12s %s", indent, "", set->name,
			    set->help != NULL ? set->help : "");
	}
}

static int dispatch(struct shell *sh, size_t argc, char **argv)
{
	const struct shell_cmd *cmd = shell_cmd_find(argv[0]);
	size_t first = 0;

	if (cmd == NULL) {
		shell_print(sh, "%s: command not found", argv[0]);
		return -ENOEXEC;
	}
	while (first + 1 < argc && cmd->subcmds != NULL) {
		const struct shell_cmd *sub = z_shell_subcmd_find(cmd->subcmds, argv[first + 1]);

		if (sub == NULL) {
			break;
		}
		cmd = sub;
		first++;
	}
	if (cmd->handler != NULL) {
		return cmd->handler(sh, argc - first, &argv[first]);
	}
	if (first + 1 < argc) {
		shell_error(sh, "%s: unknown subcommand '%s'; one of:", cmd->name,
			    argv[first + 1]);
		z_shell_list_subcmds(sh, cmd->subcmds, 2);
		return -ENOEXEC;
	}
	shell_error(sh, "%s: missing subcommand; one of:", cmd->name);
	z_shell_list_subcmds(sh, cmd->subcmds, 2);
	return -EINVAL;
}

int shell_execute_cmd(struct shell *sh, const char *line)
{
	char buf[CONFIG_SHELL_LINE_MAX + 1];
	char *argv[CONFIG_SHELL_ARGC_MAX + 1];
	size_t len;
	int argc;

	if (sh == NULL || line == NULL) {
		return -EINVAL;
	}
	len = strlen(line);
	if (len > CONFIG_SHELL_LINE_MAX) {
		shell_error(sh, "line too long (%u characters, at most %d)",
			    (unsigned int)len, CONFIG_SHELL_LINE_MAX);
		return -E2BIG;
	}
	memcpy(buf, line, len + 1);
	argc = parse_line(sh, buf, argv, CONFIG_SHELL_ARGC_MAX);
	if (argc <= 0) {
		return argc;
	}
	argv[argc] = NULL;
	return dispatch(sh, (size_t)argc, argv);
}

/* ---- help ---- */

/* The registered commands in name order: the first one after @p prev
 * (NULL: the first of all). */
const struct shell_cmd *z_shell_cmd_next_sorted(const struct shell_cmd *prev)
{
	const struct shell_cmd *best = NULL;

	for (size_t i = 0; i < z_shell_cmd_count(); i++) {
		const struct shell_cmd *c = z_shell_cmd_at(i);

		if (prev != NULL && strcmp(c->name, prev->name) <= 0) {
			continue;
		}
		if (best == NULL || strcmp(c->name, best->name) < 0) {
			best = c;
		}
	}
	return best;
}

static int cmd_help(struct shell *sh, size_t argc, char **argv)
{
	if (argc == 1) {
		shell_print(sh, "Commands:");
		for (const struct shell_cmd *c = z_shell_cmd_next_sorted(NULL); c != NULL;
		     c = z_shell_cmd_next_sorted(c)) {
			shell_print(sh, "  %-12s %s", c->name, c->help != NULL ? c->help : "");
		}
		return 0;
	}
	const struct shell_cmd *cmd = shell_cmd_find(argv[1]);

	if (cmd == NULL) {
		shell_print(sh, "%s: command not found", argv[1]);
		return -ENOEXEC;
	}
	for (size_t i = 2; i < argc; i++) {
		const struct shell_cmd *sub = z_shell_subcmd_find(cmd->subcmds, argv[i]);

		if (sub == NULL) {
			shell_error(sh, "%s: no subcommand '%s'", cmd->name, argv[i]);
			return -ENOEXEC;
		}
		cmd = sub;
	}
	shell_print(sh, "%s - %s", cmd->name, cmd->help != NULL ? cmd->help : "");
	if (cmd->subcmds != NULL) {
		shell_print(sh, "Subcommands:");
		z_shell_list_subcmds(sh, cmd->subcmds, 2);
	}
	return 0;
}

SHELL_CMD_REGISTER(help, NULL, "List commands; help <command> [subcommand...] explains one",
		   cmd_help);

#ifndef CONFIG_SHELL_BACKEND_CONSOLE
struct shell *shell_console_get(void)
{
	return NULL;
}
#endif
