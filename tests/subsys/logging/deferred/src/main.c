/*
 * Logging: the output format, compile-time and run-time level filtering,
 * logging from ISRs and with interrupts locked, ordering, hexdump layout,
 * truncation, drop counting when the buffer overflows, and the errors of
 * log_level_set/log_level_get.
 *
 * A printk hook copies the console output into a buffer (and still prints
 * it), so each case checks the exact lines the logger produced. The same
 * cases run in the deferred build (tests/subsys/logging/deferred) and the
 * immediate one (…/immediate, with microsecond time stamps).
 */
#include <string.h>

#include <devicetree.h>
#include <kestrel/drivers/uart.h>
#include <kestrel/ktest.h>
#include <kestrel/logging/log.h>

#include "modules.h"

LOG_MODULE_REGISTER(test_log, LOG_LEVEL_DBG);

#define DEFERRED (!IS_ENABLED(CONFIG_LOG_MODE_IMMEDIATE))

/* ---- console capture ---- */

static char captured[6144];
static size_t captured_len;
static bool capturing;
static volatile bool log_in_hook;

static int capture_out(int c)
{
	const struct device *console = DEVICE_DT_CHOSEN_kestrel_console;

	if (capturing && captured_len < sizeof(captured) - 1) {
		captured[captured_len++] = (char)c;
		if (log_in_hook && c == '\n' && strstr(captured, "fill 000\n") != NULL) {
			log_in_hook = false;
			LOG_INF("hookmsg!"); /* as long as "fill 000" */
		}
	}
	if (c == '\n' && !IS_ENABLED(CONFIG_ARCH_POSIX)) {
		(void)uart_poll_out(console, '\r');
	}
	(void)uart_poll_out(console, (unsigned char)c);
	return c;
}

static void capture_start(void)
{
	memset(captured, 0, sizeof(captured));
	captured_len = 0;
	capturing = true;
}

static void *setup(void)
{
	printk_hook_install(capture_out);
	return NULL;
}

static void before(void *fixture)
{
	(void)fixture;
	(void)log_flush();
	(void)log_level_set("test_log", LOG_LEVEL_DBG);
	(void)log_level_set("test_quiet", LOG_LEVEL_WRN);
	capture_start();
}

static void after(void *fixture)
{
	(void)fixture;
	(void)log_flush();
	capturing = false;
}

KTEST_SUITE(log, setup, before, after, NULL);

/* ---- helpers ---- */

/* The captured line that contains @p text, copied into @p line; fails the
 * case when there is none. */
static void line_with(const char *text, char *line, size_t size)
{
	const char *hit = strstr(captured, text);
	const char *start, *end;

	kt_assert(hit != NULL, "\"%s\" not in the output", text);
	start = hit;
	while (start > captured && start[-1] != '\n') {
		start--;
	}
	end = strchr(hit, '\n');
	kt_assert(end != NULL, "\"%s\": line not ended", text);
	kt_assert((size_t)(end - start) < size, "line too long");
	memcpy(line, start, (size_t)(end - start));
	line[end - start] = '\0';
}

/* Check "[TIMESTAMP] <tag> module: message" and return the time stamp in
 * µs (ms builds: ms * 1000). */
static uint64_t check_line(const char *line, const char *tag, const char *module,
			   const char *message)
{
	char expect[160];
	const char *p = line;
	uint64_t ts = 0;

	kt_assert(*p == '[', "no '[' at the start of \"%s\"", line);
	p++;
	for (int i = 0; i < 8; i++, p++) {
		kt_assert(*p >= '0' && *p <= '9', "time stamp of \"%s\" is not 8 digits", line);
		ts = ts * 10 + (uint64_t)(*p - '0');
	}
	ts *= 1000;
	if (IS_ENABLED(CONFIG_LOG_TIMESTAMP_US)) {
		uint64_t frac = 0;

		kt_assert(*p == '.', "no '.uuu' in the time stamp of \"%s\"", line);
		p++;
		for (int i = 0; i < 3; i++, p++) {
			kt_assert(*p >= '0' && *p <= '9', "bad µs in \"%s\"", line);
			frac = frac * 10 + (uint64_t)(*p - '0');
		}
		ts += frac;
	}
	(void)snprintk(expect, sizeof(expect), "] <%s> %s: %s", tag, module, message);
	kt_assert_str_eq(p, expect);
	return ts;
}

static int count_of(const char *text)
{
	int n = 0;

	for (const char *p = strstr(captured, text); p != NULL; p = strstr(p + 1, text)) {
		n++;
	}
	return n;
}

/* ---- format ---- */

KTEST(log, message_line_has_timestamp_level_module_and_text)
{
	char line[160];

	LOG_INF("hello %d %s", 42, "world");
	kt_assert_eq(log_flush(), 0);
	line_with("hello 42", line, sizeof(line));
	(void)check_line(line, "inf", "test_log", "hello 42 world");
}

KTEST(log, each_level_has_its_tag)
{
	char line[160];

	LOG_ERR("lvl-e");
	LOG_WRN("lvl-w");
	LOG_INF("lvl-i");
	LOG_DBG("lvl-d");
	(void)log_flush();
	line_with("lvl-e", line, sizeof(line));
	(void)check_line(line, "err", "test_log", "lvl-e");
	line_with("lvl-w", line, sizeof(line));
	(void)check_line(line, "wrn", "test_log", "lvl-w");
	line_with("lvl-i", line, sizeof(line));
	(void)check_line(line, "inf", "test_log", "lvl-i");
	line_with("lvl-d", line, sizeof(line));
	(void)check_line(line, "dbg", "test_log", "lvl-d");
}

KTEST(log, timestamp_is_uptime_when_logged_not_when_printed)
{
	char line[160];
	uint64_t t0, t1, ts;

	k_msleep(1234);
	t0 = (uint64_t)k_uptime_get();
	LOG_INF("stamp");
	t1 = (uint64_t)k_uptime_get();
	k_busy_wait(5000);
	(void)log_flush();
	line_with("stamp", line, sizeof(line));
	ts = check_line(line, "inf", "test_log", "stamp");
	kt_assert_ge(ts, t0 * 1000);
	kt_assert_le(ts, (t1 + 1) * 1000);
	kt_assert_ge(ts, 1234000);
}

KTEST(log, long_message_is_truncated_with_ellipsis)
{
	char text[CONFIG_LOG_MSG_MAX_LEN + 40];
	char line[CONFIG_LOG_MSG_MAX_LEN + 80];

	memset(text, 'x', sizeof(text) - 1);
	text[0] = 'T';
	text[sizeof(text) - 1] = '\0';
	LOG_INF("%s", text);
	(void)log_flush();
	line_with("> test_log: T", line, sizeof(line));
	kt_assert_eq(strlen(strchr(line, 'T')), CONFIG_LOG_MSG_MAX_LEN - 1);
	kt_assert_str_eq(line + strlen(line) - 3, "...");
}

/* ---- deferred output ---- */

KTEST(log, deferred_message_waits_for_the_log_thread)
{
	if (!DEFERRED) {
		LOG_INF("now-printed");
		kt_assert_eq(count_of("now-printed"), 1);
		return;
	}
	/* The case's thread outranks the log thread: nothing printed yet. */
	LOG_INF("queued-msg");
	kt_assert_eq(count_of("queued-msg"), 0);
	(void)log_flush();
	kt_assert_eq(count_of("queued-msg"), 1);
}

KTEST(log, log_thread_prints_when_the_caller_sleeps)
{
	LOG_INF("by-thread");
	k_msleep(10);
	kt_assert_eq(count_of("by-thread"), 1);
}

static volatile int isr_ret;

static void isr_flush(const void *arg)
{
	(void)arg;
	isr_ret = log_flush();
}

KTEST(log, flush_from_isr_returns_eperm)
{
	isr_ret = 1;
	ktest_run_in_isr(isr_flush, NULL);
	kt_assert_eq(isr_ret, -EPERM);
}

/* ---- levels ---- */

KTEST(log, messages_above_compile_time_level_are_compiled_out)
{
	int evaluated = 0;

	kt_assert_eq(quiet_log_all(&evaluated), LOG_LEVEL_WRN);
	(void)log_flush();
	kt_assert_eq(count_of("test_quiet: quiet-err"), 1);
	kt_assert_eq(count_of("test_quiet: quiet-wrn"), 1);
	kt_assert_eq(count_of("quiet-inf"), 0);
	kt_assert_eq(count_of("quiet-dbg"), 0);
	kt_assert_eq(evaluated, 0);
}

KTEST(log, module_without_level_gets_config_default)
{
	kt_assert_eq(log_level_get("test_default"), CONFIG_LOG_DEFAULT_LEVEL);
	default_log_all();
	(void)log_flush();
	kt_assert_eq(count_of("<inf> test_default: default-inf"), 1);
	kt_assert_eq(count_of("default-dbg"), 0);
}

KTEST(log, declaring_file_has_its_own_compile_time_level)
{
	kt_assert_eq(log_level_get("test_log"), LOG_LEVEL_DBG);
	declared_log_all();
	(void)log_flush();
	kt_assert_eq(count_of("<inf> test_log: declared-inf"), 1);
	kt_assert_eq(count_of("declared-dbg"), 0);
}

KTEST(log, runtime_level_filters_and_can_be_raised_again)
{
	int evaluated = 0;

	kt_assert_eq(log_level_get("test_log"), LOG_LEVEL_DBG);
	kt_assert_eq(log_level_set("test_log", LOG_LEVEL_WRN), 0);
	kt_assert_eq(log_level_get("test_log"), LOG_LEVEL_WRN);
	LOG_ERR("rt-err");
	LOG_WRN("rt-wrn");
	LOG_INF("rt-inf %d", ++evaluated);
	LOG_DBG("rt-dbg %d", ++evaluated);
	kt_assert_eq(log_level_set("test_log", LOG_LEVEL_DBG), 0);
	LOG_DBG("rt-dbg-again");
	kt_assert_eq(log_level_set("test_log", LOG_LEVEL_NONE), 0);
	LOG_ERR("rt-none");
	(void)log_flush();
	kt_assert_eq(count_of("rt-err"), 1);
	kt_assert_eq(count_of("rt-wrn"), 1);
	kt_assert_eq(count_of("rt-inf"), 0);
	kt_assert_eq(count_of("rt-dbg "), 0);
	kt_assert_eq(count_of("rt-dbg-again"), 1);
	kt_assert_eq(count_of("rt-none"), 0);
	kt_assert_eq(evaluated, 0);
}

KTEST(log, runtime_level_of_one_module_leaves_others_alone)
{
	int evaluated = 0;

	kt_assert_eq(log_level_set("test_log", LOG_LEVEL_NONE), 0);
	(void)quiet_log_all(&evaluated);
	(void)log_flush();
	kt_assert_eq(count_of("quiet-err"), 1);
	kt_assert_eq(log_level_get("test_quiet"), LOG_LEVEL_WRN);
}

KTEST(log, level_set_unknown_module_returns_enoent)
{
	kt_assert_eq(log_level_set("no_such_module", LOG_LEVEL_ERR), -ENOENT);
	kt_assert_eq(log_level_get("no_such_module"), -ENOENT);
	kt_assert_eq(log_level_set("test_lo", LOG_LEVEL_ERR), -ENOENT);
}

KTEST(log, level_set_bad_arguments_return_einval)
{
	kt_assert_eq(log_level_set(NULL, LOG_LEVEL_ERR), -EINVAL);
	kt_assert_eq(log_level_get(NULL), -EINVAL);
	kt_assert_eq(log_level_set("test_log", -1), -EINVAL);
	kt_assert_eq(log_level_set("test_log", LOG_LEVEL_DBG + 1), -EINVAL);
	kt_assert_eq(log_level_get("test_log"), LOG_LEVEL_DBG);
}

KTEST(log, level_set_above_compile_time_level_returns_einval)
{
	kt_assert_eq(log_level_set("test_quiet", LOG_LEVEL_INF), -EINVAL);
	kt_assert_eq(log_level_get("test_quiet"), LOG_LEVEL_WRN);
	kt_assert_eq(log_level_set("test_quiet", LOG_LEVEL_ERR), 0);
	kt_assert_eq(log_level_get("test_quiet"), LOG_LEVEL_ERR);
}

static void count_module(const struct log_module *mod, void *arg)
{
	int *found = arg;

	if (strcmp(mod->name, "test_log") == 0 && mod->compiled_level == LOG_LEVEL_DBG) {
		found[0]++;
	}
	if (strcmp(mod->name, "test_quiet") == 0 && mod->compiled_level == LOG_LEVEL_WRN) {
		found[1]++;
	}
	if (strcmp(mod->name, "test_default") == 0) {
		found[2]++;
	}
}

KTEST(log, module_foreach_lists_every_registered_module)
{
	int found[3] = { 0, 0, 0 };

	kt_assert_ge(log_module_foreach(count_module, found), 3);
	kt_assert_eq(found[0], 1);
	kt_assert_eq(found[1], 1);
	kt_assert_eq(found[2], 1);
	kt_assert_eq(log_module_foreach(NULL, NULL), log_module_foreach(count_module, found));
	kt_assert_str_eq(log_level_name(LOG_LEVEL_WRN), "wrn");
	kt_assert_str_eq(log_level_name(7), "?");
}

KTEST(log, level_parse_accepts_names_and_digits_only)
{
	kt_assert_eq(log_level_parse("none"), LOG_LEVEL_NONE);
	kt_assert_eq(log_level_parse("err"), LOG_LEVEL_ERR);
	kt_assert_eq(log_level_parse("dbg"), LOG_LEVEL_DBG);
	kt_assert_eq(log_level_parse("2"), LOG_LEVEL_WRN);
	kt_assert_eq(log_level_parse("5"), -EINVAL);
	kt_assert_eq(log_level_parse("22"), -EINVAL);
	kt_assert_eq(log_level_parse("debug"), -EINVAL);
	kt_assert_eq(log_level_parse(""), -EINVAL);
	kt_assert_eq(log_level_parse(NULL), -EINVAL);
}

/* ---- contexts and order ---- */

static void isr_log(const void *arg)
{
	LOG_WRN("from-isr %d in_isr=%d", *(const int *)arg, (int)k_is_in_isr());
}

KTEST(log, isr_may_log)
{
	int n = 7;
	char line[160];

	ktest_run_in_isr(isr_log, &n);
	(void)log_flush();
	line_with("from-isr", line, sizeof(line));
	(void)check_line(line, "wrn", "test_log", "from-isr 7 in_isr=1");
}

KTEST(log, logging_with_irqs_locked_does_not_block)
{
	unsigned int key = irq_lock();

	LOG_INF("locked-1");
	LOG_INF("locked-2");
	irq_unlock(key);
	(void)log_flush();
	kt_assert_eq(count_of("locked-1"), 1);
	kt_assert_eq(count_of("locked-2"), 1);
}

static void isr_seq(const void *arg)
{
	LOG_INF("seq %02d", *(const int *)arg);
}

KTEST(log, messages_print_in_the_order_they_were_logged)
{
	char tag[16];
	const char *prev = captured;

	for (int i = 0; i < 12; i++) {
		if (i % 3 == 1) {
			ktest_run_in_isr(isr_seq, &i);
		} else {
			LOG_INF("seq %02d", i);
		}
	}
	(void)log_flush();
	for (int i = 0; i < 12; i++) {
		const char *at;

		(void)snprintk(tag, sizeof(tag), "seq %02d", i);
		at = strstr(captured, tag);
		kt_assert(at != NULL, "\"%s\" missing", tag);
		kt_assert(at >= prev, "\"%s\" printed out of order", tag);
		prev = at;
	}
}

/* ---- hexdump ---- */

KTEST(log, hexdump_prints_label_then_16_bytes_a_line)
{
	static const uint8_t data[20] = "0123456789abcdefXY\x01\xff";
	char line[160];

	LOG_HEXDUMP_INF(data, sizeof(data), "frame");
	(void)log_flush();
	line_with("frame", line, sizeof(line));
	(void)check_line(line, "inf", "test_log", "frame");
	line_with("    0000:", line, sizeof(line));
	kt_assert_str_eq(line, "    0000: 30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66 "
			       "|0123456789abcdef|");
	line_with("    0010:", line, sizeof(line));
	kt_assert_str_eq(line, "    0010: 58 59 01 ff                                      "
			       "|XY..|");
	kt_assert_eq(count_of("more bytes not shown"), 0);
}

KTEST(log, hexdump_below_runtime_level_prints_nothing)
{
	static const uint8_t data[4] = { 1, 2, 3, 4 };

	kt_assert_eq(log_level_set("test_log", LOG_LEVEL_INF), 0);
	LOG_HEXDUMP_DBG(data, sizeof(data), "hidden-dump");
	LOG_HEXDUMP_ERR(data, sizeof(data), "shown-dump");
	(void)log_flush();
	kt_assert_eq(count_of("hidden-dump"), 0);
	kt_assert_eq(count_of("<err> test_log: shown-dump"), 1);
	kt_assert_eq(count_of("    0000: 01 02 03 04 "), 1);
}

KTEST(log, hexdump_too_long_says_how_much_was_left_out)
{
	static uint8_t data[CONFIG_LOG_MSG_MAX_LEN + 50];
	char expect[64];
	size_t shown = CONFIG_LOG_MSG_MAX_LEN - sizeof("big");

	for (size_t i = 0; i < sizeof(data); i++) {
		data[i] = (uint8_t)i;
	}
	LOG_HEXDUMP_INF(data, sizeof(data), "big");
	(void)log_flush();
	(void)snprintk(expect, sizeof(expect), "    (%u more bytes not shown)",
		       (unsigned int)(sizeof(data) - shown));
	kt_assert_eq(count_of(expect), 1);
	kt_assert_eq(count_of("    00"), (int)((shown + 15) / 16));
}

/* ---- overflow ---- */

#define FLOOD 200

KTEST(log, full_buffer_drops_and_counts_then_reports_the_drop)
{
	uint32_t before = log_dropped_count();
	char expect[48];
	unsigned int key;
	uint32_t dropped;
	int printed;

	if (!DEFERRED) {
		kt_skip();
	}
	key = irq_lock();
	for (int i = 0; i < FLOOD; i++) {
		LOG_INF("flood %03d", i);
	}
	irq_unlock(key);
	dropped = log_dropped_count() - before;
	kt_assert_gt(dropped, 0);
	kt_assert_lt(dropped, FLOOD);
	(void)log_flush();
	printed = count_of("> test_log: flood ");
	kt_assert_eq(printed + (int)dropped, FLOOD);
	/* The oldest messages were kept, then the drops are reported. */
	kt_assert_eq(count_of("flood 000"), 1);
	(void)snprintk(expect, sizeof(expect), "flood %03d\n--- %u messages dropped ---\n",
		       printed - 1, (unsigned int)dropped);
	kt_assert(strstr(captured, expect) != NULL, "no \"%s\" after the last kept message",
		  expect);
	kt_assert_eq(count_of("messages dropped"), 1);
}

KTEST(log, drop_line_comes_before_the_next_kept_message)
{
	uint32_t before = log_dropped_count();
	char expect[64];
	unsigned int key;
	uint32_t dropped;

	if (!DEFERRED) {
		kt_skip();
	}
	/* Overflow the buffer, then queue one more message while the queue
	 * drains (from the printk hook, once the first message has been
	 * taken out): its line must be preceded by the drop report, and no
	 * report may follow it. */
	key = irq_lock();
	for (int i = 0; i < FLOOD; i++) {
		LOG_INF("fill %03d", i);
	}
	irq_unlock(key);
	dropped = log_dropped_count() - before;
	kt_assert_gt(dropped, 0);
	log_in_hook = true;
	(void)log_flush();
	kt_assert_false(log_in_hook);
	(void)snprintk(expect, sizeof(expect), "--- %u messages dropped ---\n[",
		       (unsigned int)dropped);
	kt_assert(strstr(captured, expect) != NULL, "no drop line before the next message");
	kt_assert(strstr(strstr(captured, expect), "<inf> test_log: hookmsg!\n") != NULL,
		  "the message after the drops is not next");
	kt_assert_eq(count_of("messages dropped"), 1);
	kt_assert_eq(count_of("hookmsg!"), 1);
}

KTEST(log, no_drops_without_overflow)
{
	uint32_t before = log_dropped_count();

	for (int i = 0; i < 5; i++) {
		LOG_INF("few %d", i);
	}
	(void)log_flush();
	kt_assert_eq(log_dropped_count(), before);
	kt_assert_eq(count_of("messages dropped"), 0);
}

/* ---- the log thread (deferred builds only) ---- */

#ifndef CONFIG_LOG_MODE_IMMEDIATE

static void find_log_thread(const struct k_thread *t, void *arg)
{
	if (strcmp(t->name, "log") == 0) {
		*(const struct k_thread **)arg = t;
	}
}

KTEST(log, log_thread_prints_hexdumps_within_its_stack)
{
	static uint8_t data[CONFIG_LOG_MSG_MAX_LEN];
	const struct k_thread *t = NULL;
	size_t unused;

	if (!IS_ENABLED(CONFIG_INIT_STACKS)) {
		kt_skip();
	}
	k_thread_foreach(find_log_thread, &t);
	kt_assert_not_null(t);
	kt_assert_eq(k_thread_priority_get((k_tid_t)t), CONFIG_LOG_THREAD_PRIORITY);
	LOG_HEXDUMP_INF(data, sizeof(data), "stack-check");
	LOG_INF("%s %d %x %p", "stack-check", -12345, 0xabcdu, (void *)data);
	k_msleep(10); /* the log thread prints them */
	kt_assert_eq(count_of("stack-check"), 2);
	kt_assert_eq(k_thread_stack_space_get(t, &unused), 0);
	printk("  log thread: %u of %u stack bytes used\n",
	       (unsigned int)(t->stack_size - unused), (unsigned int)t->stack_size);
	kt_assert_ge(unused, 128);
}
#endif
