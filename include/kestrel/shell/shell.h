/*
 * Shell: statically registered commands, a line parser and a line editor
 * on a byte-stream backend.
 *
 *   static int cmd_led_on(struct shell *sh, size_t argc, char **argv)
 *   {
 *           shell_print(sh, "led %s on", argv[1]);
 *           return 0;
 *   }
 *   SHELL_SUBCMD_SET_CREATE(sub_led,
 *           SHELL_CMD(on, NULL, "Turn a LED on: led on <n>", cmd_led_on),
 *           SHELL_CMD(off, NULL, "Turn a LED off: led off <n>", cmd_led_off));
 *   SHELL_CMD_REGISTER(led, sub_led, "LED control", NULL);
 *
 * A line is split into words at spaces and tabs; "double" or 'single'
 * quotes make one word of text with spaces, and a backslash takes the next
 * character literally (outside single quotes). The first words select a
 * command and then subcommands as long as they match; the handler gets the
 * rest, with argv[0] the name of the (sub)command it belongs to.
 *
 * Line editing (shell_feed()): printable characters are inserted at the end
 * of the line and echoed; Backspace/DEL erases one, Ctrl-U the whole line,
 * Ctrl-C drops it; Enter (CR, LF or CR LF) runs it; Up/Down (ESC [ A,
 * ESC [ B) walk the history; Tab completes a command or subcommand name
 * (one match: the rest of it and a space; several: their common prefix,
 * and a list of them). There is no cursor movement inside the line.
 *
 * Output uses '\n' alone; a backend for a terminal turns it into "\r\n".
 *
 * With CONFIG_SHELL_BACKEND_CONSOLE a thread serves a shell on the chosen
 * kestrel,console UART with the prompt "kestrel:~$ ".
 *
 * A shell is used by one thread at a time: shell_feed(),
 * shell_execute_cmd() and the print functions are not for ISRs.
 */
#ifndef KESTREL_SHELL_SHELL_H
#define KESTREL_SHELL_SHELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kestrel/kernel.h>

#ifndef CONFIG_SHELL_LINE_MAX
#define CONFIG_SHELL_LINE_MAX 128
#endif
#ifndef CONFIG_SHELL_HISTORY_SIZE
#define CONFIG_SHELL_HISTORY_SIZE 8
#endif

struct shell;

/**
 * A command handler.
 * @param argc number of words in @p argv (at least 1)
 * @param argv argv[0] is the command's own name, then its arguments
 * @return 0 on success, a negative errno on failure; shell_execute_cmd()
 *         returns it unchanged.
 */
typedef int (*shell_cmd_handler_t)(struct shell *sh, size_t argc, char **argv);

/** A command or subcommand. */
struct shell_cmd {
	const char *name;                /**< NULL ends a subcommand set */
	const char *help;                /**< one line, shown by `help` */
	const struct shell_cmd *subcmds; /**< NULL, or a SHELL_SUBCMD_SET_CREATE set */
	shell_cmd_handler_t handler;     /**< NULL: only a group of subcommands */
};

/** One entry of a subcommand set. */
#define SHELL_CMD(_name, _subcmds, _help, _handler)                          \
	{ .name = #_name, .help = (_help), .subcmds = (_subcmds),            \
	  .handler = (_handler) }

/** Define subcommand set @p sym (pass @p sym as a command's subcmds). */
#define SHELL_SUBCMD_SET_CREATE(sym, ...)                                    \
	static const struct shell_cmd sym[] = { __VA_ARGS__,                 \
						 { NULL, NULL, NULL, NULL } }

/**
 * Register top-level command @p name (a C identifier) with subcommand set
 * @p subcmds (or NULL), a one-line @p help and @p handler (NULL when the
 * command is only a group). At file scope; names must be unique.
 */
#define SHELL_CMD_REGISTER(_name, _subcmds, _help, _handler)                 \
	static const struct shell_cmd shell_cmd_##_name =                    \
		SHELL_CMD(_name, _subcmds, _help, _handler);                 \
	const struct shell_cmd *const shell_cmd_ptr_##_name                  \
		__attribute__((section("shell_cmds"), used)) = &shell_cmd_##_name

/* ---- backends ---- */

struct shell_backend;

/** Byte-stream operations of a backend. */
struct shell_backend_api {
	/**
	 * Read up to @p len bytes without waiting.
	 * @return the number of bytes read (0: nothing available), or a
	 *         negative errno
	 */
	int (*read)(const struct shell_backend *backend, void *buf, size_t len);
	/**
	 * Write @p len bytes (may wait until they are out).
	 * @return the number written, or a negative errno
	 */
	int (*write)(const struct shell_backend *backend, const void *buf, size_t len);
};

/** A backend: its operations and their context. */
struct shell_backend {
	const struct shell_backend_api *api;
	void *ctx;
};

/** A shell instance. Fields are private; set up with shell_init(). */
struct shell {
	const struct shell_backend *backend;
	const char *prompt;
	char line[CONFIG_SHELL_LINE_MAX + 1];
	size_t len;        /* characters in line */
	size_t dropped;    /* characters typed past CONFIG_SHELL_LINE_MAX */
	uint8_t esc;       /* escape sequence parser state */
	bool last_cr;      /* last byte was CR: an LF right after is ignored */
#if CONFIG_SHELL_HISTORY_SIZE > 0
	char history[CONFIG_SHELL_HISTORY_SIZE][CONFIG_SHELL_LINE_MAX + 1];
	uint8_t hist_count; /* entries stored */
	uint8_t hist_head;  /* slot of the newest entry */
	uint8_t hist_pos;   /* 0: editing a new line, n: showing the n-th newest */
#endif
};

/**
 * Set up @p sh on @p backend with @p prompt (NULL: "kestrel:~$ ").
 * Prints nothing; call shell_prompt() to show the prompt.
 * @retval 0 ready
 * @retval -EINVAL NULL shell or backend, or a backend without read/write
 */
int shell_init(struct shell *sh, const struct shell_backend *backend,
	       const char *prompt);

/** Print the prompt. */
void shell_prompt(struct shell *sh);

/**
 * Process input bytes: edit the line, echo, run it on Enter.
 * @return the number of bytes processed (@p len), or -EINVAL for NULL
 *         arguments
 */
int shell_feed(struct shell *sh, const void *buf, size_t len);

/**
 * Read what the backend has (without waiting) and shell_feed() it.
 * @return the number of bytes processed (0: nothing arrived), or the
 *         backend's negative errno
 */
int shell_process(struct shell *sh);

/**
 * Parse and run one command line (no editing, no echo, no history).
 * @return the handler's return value, or:
 * @retval 0 an empty line
 * @retval -ENOEXEC unknown command ("<cmd>: command not found" is printed)
 *         or unknown subcommand of a command without a handler
 * @retval -EINVAL NULL arguments, an unterminated quote, or a group
 *         command without a subcommand (the message says which)
 * @retval -E2BIG the line is longer than CONFIG_SHELL_LINE_MAX, or has
 *         more than CONFIG_SHELL_ARGC_MAX words (refused with a message)
 */
int shell_execute_cmd(struct shell *sh, const char *line);

/** Write @p len raw bytes to the shell's output. */
void shell_write(struct shell *sh, const void *buf, size_t len);

/**
 * printk-style formatted output followed by '\n' (at most
 * CONFIG_SHELL_PRINT_MAX characters a call; longer output is cut).
 */
void shell_print(struct shell *sh, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** Like shell_print(), for errors (prefixed with "error: "). */
void shell_error(struct shell *sh, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** Like shell_print() without the final '\n'. */
void shell_fprint(struct shell *sh, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * Find top-level command @p name.
 * @return the command, or NULL
 */
const struct shell_cmd *shell_cmd_find(const char *name);

/* ---- in-memory backend (tests) ---- */

/**
 * A backend in memory: input bytes queued with shell_mem_backend_push()
 * are read by shell_process(); output collects in a buffer (NUL-terminated,
 * extra output dropped and counted).
 */
struct shell_mem_backend {
	struct shell_backend backend; /**< pass &m->backend to shell_init() */
	char *out;
	size_t out_size;
	size_t out_len;
	size_t out_dropped;
	const uint8_t *in;
	size_t in_len;
	size_t in_pos;
};

/** Set up @p m with output buffer @p out of @p out_size bytes (> 0). */
void shell_mem_backend_init(struct shell_mem_backend *m, char *out, size_t out_size);

/** Queue @p len input bytes (the buffer must stay valid until read). */
void shell_mem_backend_push(struct shell_mem_backend *m, const void *in, size_t len);

/** Empty the output buffer. */
void shell_mem_backend_clear(struct shell_mem_backend *m);

/** The console shell (CONFIG_SHELL_BACKEND_CONSOLE), else NULL. */
struct shell *shell_console_get(void);

#endif /* KESTREL_SHELL_SHELL_H */
