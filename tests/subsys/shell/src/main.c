/*
 * Shell core: command dispatch and return values, the parser (quotes,
 * limits), help, and every built-in command's output, through
 * shell_execute_cmd() on the in-memory backend.
 */
#include <errno.h>

#include <kestrel/device.h>
#include <kestrel/logging/log.h>

#include "common.h"

LOG_MODULE_REGISTER(shtest, LOG_LEVEL_DBG);

/* A second module, at CONFIG_LOG_DEFAULT_LEVEL (inf), in its own scope. */
struct log_module log_module_shtest_inf = { .name = "shtest_inf",
					    .compiled_level = LOG_LEVEL_INF,
					    .level = LOG_LEVEL_INF };
struct log_module *const log_module_ptr_shtest_inf
	__attribute__((section("log_modules"), used)) = &log_module_shtest_inf;

struct shell test_sh;
struct shell_mem_backend test_mem;
char test_out[4096];

void test_shell_reset(void)
{
	shell_mem_backend_init(&test_mem, test_out, 4096);
	(void)shell_init(&test_sh, &test_mem.backend, "$ ");
}

/* Decimal (optionally negative) integer at @p s; *@p ok false if none. */
static long parse_long(const char *s, bool *ok)
{
	long sign = 1, v = 0;

	*ok = false;
	if (*s == '-') {
		sign = -1;
		s++;
	}
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (*s++ - '0');
		*ok = true;
	}
	return sign * v;
}

/* ---- test commands ---- */

static int cmd_echo(struct shell *sh, size_t argc, char **argv)
{
	for (size_t i = 0; i < argc; i++) {
		shell_fprint(sh, "[%s]", argv[i]);
	}
	shell_print(sh, " argc=%u", (unsigned int)argc);
	return argv[argc] == NULL ? 0 : -EFAULT;
}
SHELL_CMD_REGISTER(echo, NULL, "Print the arguments in brackets", cmd_echo);

static int cmd_ret(struct shell *sh, size_t argc, char **argv)
{
	bool ok;

	(void)sh;
	return argc == 2 ? (int)parse_long(argv[1], &ok) : -EINVAL;
}
SHELL_CMD_REGISTER(ret, NULL, "Return the given number", cmd_ret);

static int cmd_alpha(struct shell *sh, size_t argc, char **argv)
{
	shell_print(sh, "alpha argc=%u argv0=%s", (unsigned int)argc, argv[0]);
	return 11;
}

static int cmd_grp_self(struct shell *sh, size_t argc, char **argv)
{
	shell_print(sh, "hgrp argc=%u argv0=%s", (unsigned int)argc, argv[0]);
	return 12;
}

SHELL_SUBCMD_SET_CREATE(sub_grp,
	SHELL_CMD(alpha, NULL, "First subcommand", cmd_alpha),
	SHELL_CMD(beta, NULL, "Second subcommand", cmd_alpha));
SHELL_CMD_REGISTER(grp, sub_grp, "A group of subcommands", NULL);
/* A command with subcommands and its own handler for other words. */
SHELL_CMD_REGISTER(hgrp, sub_grp, "A group with a handler", cmd_grp_self);

static struct k_thread helper;
static bool helper_started;

static void before(void *fixture)
{
	(void)fixture;
	test_shell_reset();
}

static void after(void *fixture)
{
	(void)fixture;
	if (helper_started) { /* kernel_threads' helper */
		(void)k_thread_abort(&helper);
		helper_started = false;
	}
}

KTEST_SUITE(shell, NULL, before, after, NULL);

KTEST(shell, returns_handler_value)
{
	kt_assert_eq(shell_execute_cmd(&test_sh, "ret 7"), 7);
	kt_assert_eq(shell_execute_cmd(&test_sh, "ret -5"), -5);
	kt_assert_eq(shell_execute_cmd(&test_sh, "  ret   0  "), 0);
	kt_assert_eq(shell_execute_cmd(&test_sh, ""), 0);
	kt_assert_eq(shell_execute_cmd(&test_sh, "   \t "), 0);
	kt_assert_str_eq(test_out, "");
	kt_assert_eq(shell_execute_cmd(NULL, "ret 1"), -EINVAL);
	kt_assert_eq(shell_execute_cmd(&test_sh, NULL), -EINVAL);
}

KTEST(shell, unknown_command)
{
	kt_assert_eq(shell_execute_cmd(&test_sh, "nosuch a b"), -ENOEXEC);
	kt_assert_str_eq(test_out, "nosuch: command not found\n");
	kt_assert_null(shell_cmd_find("nosuch"));
	kt_assert_not_null(shell_cmd_find("echo"));
}

KTEST(shell, quotes_and_escapes)
{
	kt_assert_eq(shell_execute_cmd(&test_sh, "echo a \"b c\" 'd \"e\"' f\\ g \"\""), 0);
	kt_assert_str_eq(test_out, "[echo][a][b c][d \"e\"][f g][] argc=6\n");
	shell_mem_backend_clear(&test_mem);
	kt_assert_eq(shell_execute_cmd(&test_sh, "echo x\"y z\"w"), 0);
	kt_assert_str_eq(test_out, "[echo][xy zw] argc=2\n");
}

KTEST(shell, unterminated_quote)
{
	kt_assert_eq(shell_execute_cmd(&test_sh, "echo \"abc"), -EINVAL);
	kt_assert_str_eq(test_out, "error: unterminated \" quote\n");
}

KTEST(shell, line_too_long)
{
	char xs[CONFIG_SHELL_LINE_MAX];
	char line[CONFIG_SHELL_LINE_MAX + 2];

	memset(xs, 'x', sizeof(xs));
	(void)snprintk(line, sizeof(line), "echo %.*s", CONFIG_SHELL_LINE_MAX - 5, xs);
	kt_assert_eq(strlen(line), (size_t)CONFIG_SHELL_LINE_MAX);
	kt_assert_eq(shell_execute_cmd(&test_sh, line), 0);
	ASSERT_OUT_HAS(" argc=2\n");

	shell_mem_backend_clear(&test_mem);
	line[CONFIG_SHELL_LINE_MAX] = 'x';
	line[CONFIG_SHELL_LINE_MAX + 1] = '\0';
	kt_assert_eq(shell_execute_cmd(&test_sh, line), -E2BIG);
	kt_assert_str_eq(test_out, "error: line too long (65 characters, at most 64)\n");
}

KTEST(shell, too_many_words)
{
	kt_assert_eq(shell_execute_cmd(&test_sh, "echo 1 2 3 4 5 6 7"), 0);
	shell_mem_backend_clear(&test_mem);
	kt_assert_eq(shell_execute_cmd(&test_sh, "echo 1 2 3 4 5 6 7 8"), -E2BIG);
	kt_assert_str_eq(test_out, "error: too many arguments (more than 8 words)\n");
}

KTEST(shell, subcommands)
{
	kt_assert_eq(shell_execute_cmd(&test_sh, "grp alpha 1 2"), 11);
	kt_assert_str_eq(test_out, "alpha argc=3 argv0=alpha\n");

	shell_mem_backend_clear(&test_mem);
	kt_assert_eq(shell_execute_cmd(&test_sh, "grp"), -EINVAL);
	ASSERT_OUT_HAS("error: grp: missing subcommand; one of:\n");
	ASSERT_OUT_HAS("  alpha        First subcommand\n");
	ASSERT_OUT_HAS("  beta         Second subcommand\n");

	shell_mem_backend_clear(&test_mem);
	kt_assert_eq(shell_execute_cmd(&test_sh, "grp zz"), -ENOEXEC);
	ASSERT_OUT_HAS("error: grp: unknown subcommand 'zz'; one of:\n");

	/* A group with a handler gets the words no subcommand matches. */
	shell_mem_backend_clear(&test_mem);
	kt_assert_eq(shell_execute_cmd(&test_sh, "hgrp zz"), 12);
	kt_assert_str_eq(test_out, "hgrp argc=2 argv0=hgrp\n");
	shell_mem_backend_clear(&test_mem);
	kt_assert_eq(shell_execute_cmd(&test_sh, "hgrp beta"), 11);
	kt_assert_str_eq(test_out, "alpha argc=1 argv0=beta\n");
}

KTEST(shell, help_lists_commands_sorted)
{
	const char *names[] = { "  device ", "  echo ", "  grp ", "  help ", "  hgrp ",
				"  kernel ", "  log ", "  ret " };
	const char *prev = test_out;

	kt_assert_eq(shell_execute_cmd(&test_sh, "help"), 0);
	ASSERT_OUT_HAS("Commands:\n");
	ASSERT_OUT_HAS("  echo         Print the arguments in brackets\n");
	ASSERT_OUT_HAS("  kernel       Kernel information and control\n");
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const char *at = strstr(test_out, names[i]);

		kt_assert(at != NULL && at > prev, "%s missing or out of order:\n%s",
			  names[i], test_out);
		prev = at;
	}
}

KTEST(shell, help_for_a_command)
{
	kt_assert_eq(shell_execute_cmd(&test_sh, "help kernel"), 0);
	ASSERT_OUT_HAS("kernel - Kernel information and control\nSubcommands:\n");
	ASSERT_OUT_HAS("  uptime ");
	ASSERT_OUT_HAS("  threads ");
	ASSERT_OUT_HAS("  reboot       Stop the system");
	ASSERT_OUT_HAS("k_sys_exit(0)");

	shell_mem_backend_clear(&test_mem);
	kt_assert_eq(shell_execute_cmd(&test_sh, "help grp beta"), 0);
	kt_assert_str_eq(test_out, "beta - Second subcommand\n");
	shell_mem_backend_clear(&test_mem);
	kt_assert_eq(shell_execute_cmd(&test_sh, "help nosuch"), -ENOEXEC);
	kt_assert_str_eq(test_out, "nosuch: command not found\n");
}

KTEST(shell, kernel_uptime)
{
	bool ok;

	k_msleep(30);
	int64_t before_ms = k_uptime_get();

	kt_assert_eq(shell_execute_cmd(&test_sh, "kernel uptime"), 0);
	int64_t after_ms = k_uptime_get();

	kt_assert(strncmp(test_out, "uptime: ", 8) == 0, "got: %s", test_out);
	long ms = parse_long(test_out + 8, &ok);

	kt_assert_true(ok);
	kt_assert(ms >= before_ms && ms <= after_ms, "uptime %ld not in [%lld, %lld]", ms,
		  (long long)before_ms, (long long)after_ms);
	ASSERT_OUT_HAS(" ms (");
}

static K_THREAD_STACK_DEFINE(helper_stack, 1024);

static void helper_entry(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	k_busy_wait(5000); /* some CPU time for the CPU% column */
	k_msleep(10000);
}

KTEST(shell, kernel_threads)
{
	char *row;
	bool ok;

	kt_assert_eq(k_thread_create(&helper, helper_stack, K_THREAD_STACK_SIZEOF(helper_stack),
				     helper_entry, NULL, NULL, NULL, 5, 0, K_NO_WAIT), 0);
	helper_started = true;
	(void)k_thread_name_set(&helper, "sh_helper");
	k_msleep(10); /* let it run and go to sleep */
	kt_assert_eq(shell_execute_cmd(&test_sh, "kernel threads"), 0);

	kt_assert(strncmp(test_out, "NAME ", 5) == 0, "no header:\n%s", test_out);
	ASSERT_OUT_HAS(" STATE ");
	ASSERT_OUT_HAS(" PRIO ");
	static const char cpu_header[] = " STACK-UNUSED  CPU%\n";

	ASSERT_OUT_HAS(cpu_header);
	row = strstr(test_out, "sh_helper ");
	kt_assert(row != NULL, "no sh_helper row:\n%s", test_out);
	/* "sh_helper        sleeping       5          NNN" */
	kt_assert(strncmp(row + 17, "sleeping ", 9) == 0, "state: %s", row);
	kt_assert(strncmp(row + 28, "    5 ", 6) == 0, "priority: %s", row);
	while (row[34] == ' ') {
		row++;
	}
	long unused = parse_long(row + 34, &ok);

	size_t expect;

	kt_assert_eq(k_thread_stack_space_get(&helper, &expect), 0);
	kt_assert(ok && unused > 0 && unused == (long)expect, "stack unused (expected %u): %s",
		  (unsigned int)expect, row);

	/* CPU%: the helper's share of the cycles since boot, "P.D". */
	char *cpu = strchr(row + 34, ' ');

	kt_assert(cpu != NULL, "no CPU%% column: %s", row);
	while (*cpu == ' ') {
		cpu++;
	}
	long whole = parse_long(cpu, &ok);

	kt_assert(ok && cpu[strspn(cpu, "0123456789")] == '.', "CPU%%: %s", row);
	long tenths = whole * 10 + (cpu[strspn(cpu, "0123456789") + 1] - '0');
	struct k_thread_runtime_stats rt;

	kt_assert_eq(k_thread_runtime_stats_get(&helper, &rt), 0);
	long expect_tenths = (long)(rt.execution_cycles * 1000U / k_cycle_get_64());

	kt_assert(tenths > 0 && tenths <= 1000, "CPU%% out of range: %s", row);
	/* The helper sleeps: only the total moved since the command ran. */
	kt_assert(tenths >= expect_tenths && tenths <= expect_tenths + 2,
		  "CPU%% %ld tenths, expected about %ld: %s", tenths, expect_tenths, row);
	/* The test's own thread is the running one. */
	ASSERT_OUT_HAS(" running ");
}

KTEST(shell, device_list)
{
	char count[24];

	kt_assert_eq(shell_execute_cmd(&test_sh, "device list"), 0);
	ASSERT_OUT_HAS("NAME             LEVEL         STATUS\n");
	for (unsigned int i = 0; i < device_count; i++) {
		const struct device *dev = device_list[i];
		char row[64];

		(void)snprintk(row, sizeof(row), "%-16s ", dev->name);
		ASSERT_OUT_HAS(row);
		if (dev->state->initialized && dev->state->init_res == 0) {
			(void)snprintk(row, sizeof(row), "%-16s %-13s ready\n", dev->name,
				       dev->level == DEVICE_INIT_PRE_KERNEL_1 ? "PRE_KERNEL_1" :
				       dev->level == DEVICE_INIT_PRE_KERNEL_2 ? "PRE_KERNEL_2" :
				       dev->level == DEVICE_INIT_POST_KERNEL ? "POST_KERNEL" :
				       "APPLICATION");
			ASSERT_OUT_HAS(row);
		}
	}
	kt_assert_gt(device_count, 0u);
	(void)snprintk(count, sizeof(count), "\n%u devices\n", device_count);
	ASSERT_OUT_HAS(count);
}

KTEST(shell, log_level)
{
	kt_assert_eq(shell_execute_cmd(&test_sh, "log level"), 0);
	ASSERT_OUT_HAS("shtest           dbg   (compiled: dbg)\n");

	shell_mem_backend_clear(&test_mem);
	kt_assert_eq(shell_execute_cmd(&test_sh, "log level shtest wrn"), 0);
	kt_assert_str_eq(test_out, "shtest: wrn\n");
	kt_assert_eq(log_level_get("shtest"), LOG_LEVEL_WRN);

	shell_mem_backend_clear(&test_mem);
	kt_assert_eq(shell_execute_cmd(&test_sh, "log level shtest"), 0);
	kt_assert_str_eq(test_out, "shtest: wrn\n");

	shell_mem_backend_clear(&test_mem);
	kt_assert_eq(shell_execute_cmd(&test_sh, "log level shtest 4"), 0);
	kt_assert_eq(log_level_get("shtest"), LOG_LEVEL_DBG);

	shell_mem_backend_clear(&test_mem);
	kt_assert_eq(shell_execute_cmd(&test_sh, "log level nosuch"), -ENOENT);
	kt_assert_str_eq(test_out, "error: no log module 'nosuch' (log level lists them)\n");

	shell_mem_backend_clear(&test_mem);
	kt_assert_eq(shell_execute_cmd(&test_sh, "log level shtest loud"), -EINVAL);
	ASSERT_OUT_HAS("error: bad level 'loud'");
	kt_assert_eq(log_level_get("shtest"), LOG_LEVEL_DBG);

	/* Not above the level compiled in. */
	shell_mem_backend_clear(&test_mem);
	kt_assert_eq(shell_execute_cmd(&test_sh, "log level shtest_inf dbg"), -EINVAL);
	kt_assert_str_eq(test_out, "error: shtest_inf: level dbg is above its compiled-in level\n");
	kt_assert_eq(log_level_get("shtest_inf"), LOG_LEVEL_INF);

	shell_mem_backend_clear(&test_mem);
	kt_assert_eq(shell_execute_cmd(&test_sh, "log level shtest 1 2"), -EINVAL);
	ASSERT_OUT_HAS("usage: log level [module] [level]");
}

KTEST(shell, init_checks_arguments)
{
	struct shell other;
	struct shell_backend no_ops = { .api = NULL };

	kt_assert_eq(shell_init(NULL, &test_mem.backend, NULL), -EINVAL);
	kt_assert_eq(shell_init(&other, NULL, NULL), -EINVAL);
	kt_assert_eq(shell_init(&other, &no_ops, NULL), -EINVAL);
	kt_assert_eq(shell_init(&other, &test_mem.backend, NULL), 0);
	shell_prompt(&other);
	kt_assert_str_eq(test_out, "kestrel:~$ ");
}

KTEST(shell, print_is_cut_at_print_max)
{
	char big[CONFIG_SHELL_PRINT_MAX + 20];

	memset(big, 'p', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	shell_print(&test_sh, "%s", big);
	kt_assert_eq(strlen(test_out), (size_t)CONFIG_SHELL_PRINT_MAX + 1);
	kt_assert_eq(test_out[CONFIG_SHELL_PRINT_MAX], '\n');
	shell_mem_backend_clear(&test_mem);
	shell_error(&test_sh, "bad %d", 3);
	kt_assert_str_eq(test_out, "error: bad 3\n");
}
