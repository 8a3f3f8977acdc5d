/*
 * Shell line editing on a byte stream (shell_feed / shell_process on the
 * in-memory backend): echo, Backspace/DEL, Ctrl-U, Ctrl-C, CR/LF, over-long
 * lines, history, tab completion.
 */
#include <errno.h>

#include "common.h"

static int cmd_abc_one(struct shell *sh, size_t argc, char **argv)
{
	(void)argc;
	shell_print(sh, "ran %s", argv[0]);
	return 0;
}
SHELL_CMD_REGISTER(abc_one, NULL, "Completion test 1", cmd_abc_one);
SHELL_CMD_REGISTER(abc_two, NULL, "Completion test 2", cmd_abc_one);

static void feed(const char *s)
{
	kt_assert_eq(shell_feed(&test_sh, s, strlen(s)), (int)strlen(s));
}

static void before(void *fixture)
{
	(void)fixture;
	test_shell_reset();
}

KTEST_SUITE(shell_edit, NULL, before, NULL, NULL);

KTEST(shell_edit, echo_and_enter)
{
	shell_prompt(&test_sh);
	feed("echo hi\r");
	kt_assert_str_eq(test_out, "$ echo hi\n[echo][hi] argc=2\n$ ");
}

KTEST(shell_edit, process_reads_backend)
{
	static const char in[] = "echo via backend\n";

	kt_assert_eq(shell_process(&test_sh), 0);
	shell_mem_backend_push(&test_mem, in, sizeof(in) - 1);
	kt_assert_eq(shell_process(&test_sh), (int)sizeof(in) - 1);
	kt_assert_str_eq(test_out, "echo via backend\n[echo][via][backend] argc=3\n$ ");
	kt_assert_eq(shell_process(&test_sh), 0);
}

KTEST(shell_edit, crlf_runs_once)
{
	feed("echo a\r\necho b\n\r");
	kt_assert_str_eq(test_out,
			 "echo a\n[echo][a] argc=2\n$ echo b\n[echo][b] argc=2\n$ \n$ ");
}

KTEST(shell_edit, backspace_and_del)
{
	feed("echo abx\bc\x7f\x7fz\r");
	kt_assert_str_eq(test_out, "echo abx\b \bc\b \b\b \bz\n[echo][az] argc=2\n$ ");
	/* Backspace on an empty line does nothing. */
	shell_mem_backend_clear(&test_mem);
	feed("\b\x7f");
	kt_assert_str_eq(test_out, "");
}

KTEST(shell_edit, ctrl_u_and_ctrl_c)
{
	feed("nosuch\x15");
	kt_assert_str_eq(test_out, "nosuch\b \b\b \b\b \b\b \b\b \b\b \b");
	feed("echo u\r");
	ASSERT_OUT_HAS("[echo][u] argc=2\n");
	ASSERT_OUT_LACKS("command not found");

	shell_mem_backend_clear(&test_mem);
	feed("nosuch\x03");
	kt_assert_str_eq(test_out, "nosuch^C\n$ ");
	feed("\r");
	ASSERT_OUT_LACKS("command not found");
}

KTEST(shell_edit, overlong_line_refused)
{
	char big[CONFIG_SHELL_LINE_MAX + 11];

	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	feed(big);
	/* Only what fits is stored and echoed. */
	kt_assert_eq(strlen(test_out), (size_t)CONFIG_SHELL_LINE_MAX);
	feed("\r");
	ASSERT_OUT_HAS("\nerror: line too long (74 characters, at most 64), ignored\n$ ");
	ASSERT_OUT_LACKS("command not found");

	/* Erasing the excess makes the line acceptable again. */
	shell_mem_backend_clear(&test_mem);
	feed("echo ");
	feed(big + 5);
	for (int i = 0; i < 10; i++) {
		feed("\b");
	}
	feed("\r");
	ASSERT_OUT_HAS(" argc=2\n");
	ASSERT_OUT_LACKS("too long");
}

KTEST(shell_edit, history)
{
	feed("echo one\r");
	feed("echo two\r");
	feed("echo two\r"); /* a repeat is stored once */
	shell_mem_backend_clear(&test_mem);

	feed("\x1b[A");
	kt_assert_str_eq(test_out, "echo two");
	feed("\x1b[A");
	ASSERT_OUT_HAS("echo two\b \b\b \b\b \b\b \b\b \b\b \b\b \b\b \becho one");
	feed("\x1b[A"); /* no older entry: stays */
	feed("\r");
	ASSERT_OUT_HAS("\n[echo][one] argc=2\n$ ");

	/* Running "echo one" made it the newest: one, two, one.
	 * Up, up, down: the newest again. */
	shell_mem_backend_clear(&test_mem);
	feed("\x1b[A\x1b[A");
	kt_assert(strcmp(test_out + strlen(test_out) - 8, "echo two") == 0, "got: %s", test_out);
	feed("\x1b[B\r");
	ASSERT_OUT_HAS("echo one\n[echo][one] argc=2\n$ ");

	/* Down past the newest entry: an empty line. */
	shell_mem_backend_clear(&test_mem);
	feed("\x1b[A\x1b[B\r");
	kt_assert_str_eq(test_out, "echo one\b \b\b \b\b \b\b \b\b \b\b \b\b \b\b \b\n$ ");

	/* Other escape sequences (Right: ESC [ C, F1: ESC O P) are ignored. */
	shell_mem_backend_clear(&test_mem);
	feed("\x1b[C\x1b[1;5D\x1bOP\x1bxecho z\r");
	kt_assert_str_eq(test_out, "echo z\n[echo][z] argc=2\n$ ");
}

KTEST(shell_edit, history_ring_keeps_newest)
{
	/* CONFIG_SHELL_HISTORY_SIZE is 4: the oldest of 5 is gone. */
	feed("ret 1\rret 2\rret 3\rret 4\rret 5\r");
	shell_mem_backend_clear(&test_mem);
	feed("\x1b[A\x1b[A\x1b[A\x1b[A\x1b[A");
	kt_assert(strcmp(test_out + strlen(test_out) - 5, "ret 2") == 0, "got: %s", test_out);
}

KTEST(shell_edit, tab_completes_unique)
{
	feed("ker\t");
	kt_assert_str_eq(test_out, "kernel ");
	feed("upt\t");
	kt_assert_str_eq(test_out, "kernel uptime ");
	feed("\r");
	ASSERT_OUT_HAS("\nuptime: ");
}

KTEST(shell_edit, tab_lists_several)
{
	feed("ab\t");
	kt_assert_str_eq(test_out, "abc_\nabc_one  abc_two  \n$ abc_");
	feed("t\t\r");
	ASSERT_OUT_HAS("$ abc_two \nran abc_two\n$ ");

	/* Subcommands: all of them on an empty word. */
	shell_mem_backend_clear(&test_mem);
	feed("grp \t");
	kt_assert_str_eq(test_out, "grp \nalpha  beta  \n$ grp ");
}

KTEST(shell_edit, tab_without_match)
{
	feed("zzz\t");
	kt_assert_str_eq(test_out, "zzz");
	feed("\x15" "echo x\t"); /* echo has no subcommands */
	kt_assert_str_eq(test_out, "zzz\b \b\b \b\b \becho x");
}
