/*
 * Shell line editor: turns input bytes into an edited, echoed line, keeps
 * the history and completes command names. The cursor is always at the
 * end of the line.
 */
#include <errno.h>
#include <string.h>

#include <kestrel/shell/shell.h>

#include "shell_priv.h"

#define CTRL_C 0x03
#define CTRL_U 0x15
#define ESC 0x1b

enum { ESC_NONE, ESC_START, ESC_CSI, ESC_SS3 };

static void erase_chars(struct shell *sh, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		shell_write(sh, "\b \b", 3);
	}
}

static void insert_char(struct shell *sh, char c)
{
	if (sh->len >= CONFIG_SHELL_LINE_MAX) {
		/* Not stored, not echoed: the line is refused at Enter. */
		sh->dropped++;
		return;
	}
	sh->line[sh->len++] = c;
	sh->line[sh->len] = '\0';
	shell_write(sh, &c, 1);
}

static void backspace(struct shell *sh)
{
	if (sh->dropped > 0) {
		sh->dropped--;
	} else if (sh->len > 0) {
		sh->line[--sh->len] = '\0';
		erase_chars(sh, 1);
	}
}

static void clear_line(struct shell *sh)
{
	erase_chars(sh, sh->len);
	sh->len = 0;
	sh->dropped = 0;
	sh->line[0] = '\0';
}

/* ---- history ---- */

#if CONFIG_SHELL_HISTORY_SIZE > 0
/* Replace the line being edited with @p text (shown). */
static void replace_line(struct shell *sh, const char *text)
{
	clear_line(sh);
	for (; *text != '\0'; text++) {
		insert_char(sh, *text);
	}
}

static void history_add(struct shell *sh)
{
	const unsigned int n = CONFIG_SHELL_HISTORY_SIZE;

	if (sh->hist_count > 0 && strcmp(sh->history[sh->hist_head], sh->line) == 0) {
		return;
	}
	sh->hist_head = (uint8_t)((sh->hist_head + 1) % n);
	memcpy(sh->history[sh->hist_head], sh->line, sh->len + 1);
	if (sh->hist_count < n) {
		sh->hist_count++;
	}
}

/* Up (@p older) or down in the history. */
static void history_move(struct shell *sh, bool older)
{
	const unsigned int n = CONFIG_SHELL_HISTORY_SIZE;

	if (older && sh->hist_pos < sh->hist_count) {
		sh->hist_pos++;
	} else if (!older && sh->hist_pos > 0) {
		sh->hist_pos--;
	} else {
		return;
	}
	if (sh->hist_pos == 0) {
		replace_line(sh, "");
		return;
	}
	replace_line(sh, sh->history[(sh->hist_head + n - (sh->hist_pos - 1U)) % n]);
}
#else
static void history_add(struct shell *sh)
{
	(void)sh;
}

static void history_move(struct shell *sh, bool older)
{
	(void)sh;
	(void)older;
}
#endif

/* ---- completion ---- */

/* The candidates after @p prev (NULL: the first) at a level: the
 * registered commands when @p parent is NULL, else its subcommands. */
static const struct shell_cmd *cand_next(const struct shell_cmd *parent,
					 const struct shell_cmd *prev)
{
	if (parent == NULL) {
		return z_shell_cmd_next_sorted(prev);
	}
	const struct shell_cmd *c = prev == NULL ? parent->subcmds : prev + 1;

	return c != NULL && c->name != NULL ? c : NULL;
}

/* Resolve the complete words of the line to the command whose
 * subcommands complete the last word. Sets *@p word to the partial word.
 * Returns false when there is nothing to complete from. */
static bool completion_parent(struct shell *sh, const struct shell_cmd **parent,
			      const char **word)
{
	const char *p = sh->line;
	const struct shell_cmd *cmd = NULL;

	for (;;) {
		while (*p == ' ') {
			p++;
		}
		const char *end = strchr(p, ' ');

		if (end == NULL) {
			*parent = cmd;
			*word = p;
			return true;
		}
		const struct shell_cmd *c = NULL;

		while ((c = cand_next(cmd, c)) != NULL) {
			if (strlen(c->name) == (size_t)(end - p) &&
			    strncmp(c->name, p, (size_t)(end - p)) == 0) {
				break;
			}
		}
		if (c == NULL || c->subcmds == NULL) {
			return false;
		}
		cmd = c;
		p = end;
	}
}

static void complete(struct shell *sh)
{
	const struct shell_cmd *parent, *c = NULL, *first = NULL;
	const char *word;
	size_t wlen, common = 0;
	int matches = 0;

	if (sh->dropped > 0 || !completion_parent(sh, &parent, &word)) {
		return;
	}
	wlen = strlen(word);
	while ((c = cand_next(parent, c)) != NULL) {
		if (strncmp(c->name, word, wlen) != 0) {
			continue;
		}
		if (first == NULL) {
			first = c;
			common = strlen(c->name);
		}
		while (common > wlen && strncmp(c->name, first->name, common) != 0) {
			common--;
		}
		matches++;
	}
	if (matches == 0) {
		return;
	}
	for (size_t i = wlen; i < common; i++) {
		insert_char(sh, first->name[i]);
	}
	if (matches == 1) {
		insert_char(sh, ' ');
		return;
	}
	shell_write(sh, "\n", 1);
	c = NULL;
	while ((c = cand_next(parent, c)) != NULL) {
		if (strncmp(c->name, word, wlen) == 0) {
			shell_fprint(sh, "%s  ", c->name);
		}
	}
	shell_write(sh, "\n", 1);
	shell_prompt(sh);
	shell_write(sh, sh->line, sh->len);
}

/* ---- input ---- */

static void enter(struct shell *sh)
{
	shell_write(sh, "\n", 1);
	if (sh->dropped > 0) {
		shell_error(sh, "line too long (%u characters, at most %d), ignored",
			    (unsigned int)(sh->len + sh->dropped), CONFIG_SHELL_LINE_MAX);
	} else if (sh->len > 0) {
		history_add(sh);
		(void)shell_execute_cmd(sh, sh->line);
	}
	sh->len = 0;
	sh->dropped = 0;
	sh->line[0] = '\0';
#if CONFIG_SHELL_HISTORY_SIZE > 0
	sh->hist_pos = 0;
#endif
	shell_prompt(sh);
}

static void escape_byte(struct shell *sh, uint8_t c)
{
	if (sh->esc == ESC_START) {
		/* ESC [ ... final: CSI; ESC O x: SS3 (F1-F4, some Home/End) */
		sh->esc = c == '[' ? ESC_CSI : c == 'O' ? ESC_SS3 : ESC_NONE;
		return;
	}
	if (sh->esc == ESC_SS3) {
		sh->esc = ESC_NONE;
		return;
	}
	if (c >= 0x40 && c <= 0x7e) { /* final byte of a CSI sequence */
		sh->esc = ESC_NONE;
		if (c == 'A' || c == 'B') {
			history_move(sh, c == 'A');
		}
	}
}

static void feed_byte(struct shell *sh, uint8_t c)
{
	bool was_cr = sh->last_cr;

	sh->last_cr = c == '\r';
	if (sh->esc != ESC_NONE) {
		escape_byte(sh, c);
		return;
	}
	switch (c) {
	case '\n':
		if (!was_cr) {
			enter(sh);
		}
		break;
	case '\r':
		enter(sh);
		break;
	case '\b':
	case 0x7f:
		backspace(sh);
		break;
	case CTRL_U:
		clear_line(sh);
		break;
	case CTRL_C:
		shell_write(sh, "^C\n", 3);
		sh->len = 0;
		sh->dropped = 0;
		sh->line[0] = '\0';
		shell_prompt(sh);
		break;
	case '\t':
		complete(sh);
		break;
	case ESC:
		sh->esc = ESC_START;
		break;
	default:
		if (c >= 0x20 && c < 0x7f) {
			insert_char(sh, (char)c);
		}
		break;
	}
}

int shell_feed(struct shell *sh, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (sh == NULL || sh->backend == NULL || (buf == NULL && len > 0)) {
		return -EINVAL;
	}
	for (size_t i = 0; i < len; i++) {
		feed_byte(sh, p[i]);
	}
	return (int)len;
}

int shell_process(struct shell *sh)
{
	uint8_t buf[16];
	int total = 0, n;

	if (sh == NULL || sh->backend == NULL) {
		return -EINVAL;
	}
	while ((n = sh->backend->api->read(sh->backend, buf, sizeof(buf))) > 0) {
		(void)shell_feed(sh, buf, (size_t)n);
		total += n;
	}
	return n < 0 && total == 0 ? n : total;
}
