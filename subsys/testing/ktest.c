/*
 * ktest runner: runs every registered case in its own thread and reports.
 * See include/kestrel/ktest.h for the output format.
 */
#include <stdarg.h>
#include <string.h>

#include <kestrel/irq_offload.h>
#include <kestrel/ktest.h>

extern const struct ktest_suite *const __start_ktest_suites[] __attribute__((weak));
extern const struct ktest_suite *const __stop_ktest_suites[] __attribute__((weak));
extern const struct ktest_case *const __start_ktest_cases[] __attribute__((weak));
extern const struct ktest_case *const __stop_ktest_cases[] __attribute__((weak));

enum result { RESULT_PASS, RESULT_FAIL, RESULT_SKIP };

static struct k_thread case_thread;
static K_THREAD_STACK_DEFINE(case_stack, CONFIG_KTEST_STACK_SIZE);

static struct {
	const struct ktest_case *tc;
	void *fixture;
	enum result result;
	bool expect_fatal;
	unsigned int fatal_reason;
	bool fatal_seen;
} run;

/* End the case (when called in its thread) or the helper thread. */
static void end_current_thread(void)
{
	if (k_is_in_isr()) {
		return; /* the case goes on; its result is already marked */
	}
	(void)k_thread_abort(k_current_get());
}

void ktest_fail_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printk("    %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	run.result = RESULT_FAIL;
	end_current_thread();
}

void ktest_check_int(const char *file, int line, const char *expr,
		     const char *op, intmax_t a, intmax_t b, bool ok)
{
	if (ok) {
		return;
	}
	if (op[0] == '=') {
		ktest_fail_at(file, line, "%s failed: expected %jd, got %jd", expr,
			      b, a);
	} else {
		ktest_fail_at(file, line, "%s failed: %jd %s %jd is false", expr,
			      a, op, b);
	}
}

void ktest_check_str(const char *file, int line, const char *expr,
		     const char *a, const char *b)
{
	if (a == NULL || b == NULL || strcmp(a, b) != 0) {
		ktest_fail_at(file, line, "%s failed: expected \"%s\", got \"%s\"",
			      expr, b != NULL ? b : "(null)",
			      a != NULL ? a : "(null)");
	}
}

void ktest_check_mem(const char *file, int line, const char *expr,
		     const void *a, const void *b, size_t n)
{
	const unsigned char *pa = a, *pb = b;

	for (size_t i = 0; i < n; i++) {
		if (pa[i] != pb[i]) {
			ktest_fail_at(file, line,
				      "%s failed: first difference at byte %zu: "
				      "expected 0x%02x, got 0x%02x",
				      expr, i, pb[i], pa[i]);
			return;
		}
	}
}

void ktest_skip_at(const char *file, int line)
{
	printk("    %s:%d: skipped\n", file, line);
	if (run.result != RESULT_FAIL) {
		run.result = RESULT_SKIP;
	}
	end_current_thread();
}

void ktest_expect_fatal(unsigned int reason)
{
	run.expect_fatal = true;
	run.fatal_reason = reason;
	run.fatal_seen = false;
}

void k_sys_fatal_error_handler(unsigned int reason)
{
	if (run.expect_fatal && reason == run.fatal_reason && !run.fatal_seen) {
		printk("    expected fatal error %u caught\n", reason);
		run.fatal_seen = true;
		return; /* the kernel aborts the faulting thread */
	}
	printk("    unexpected fatal error %u\n", reason);
	run.result = RESULT_FAIL;
	if (reason == K_ERR_KERNEL_PANIC || run.tc == NULL) {
		/* Cannot go on safely: report what we have and stop. */
		printk("FAIL %s.%s (%d ms)\n", run.tc != NULL ? run.tc->suite : "?",
		       run.tc != NULL ? run.tc->name : "?", 0);
		printk("ktest: aborted by a fatal error\n");
		k_sys_exit(1);
	}
	/* Returning aborts the faulting thread; the run goes on. */
}

void ktest_run_in_isr(void (*fn)(const void *arg), const void *arg)
{
	irq_offload(fn, arg);
}

static void case_entry(void *p1, void *p2, void *p3)
{
	const struct ktest_case *tc = p1;

	(void)p2;
	(void)p3;
	tc->fn(run.fixture);
}

static enum result run_case(const struct ktest_suite *suite,
			    const struct ktest_case *tc)
{
	int64_t start = k_uptime_get();

	run.tc = tc;
	run.result = RESULT_PASS;
	run.expect_fatal = false;
	printk("RUN  %s.%s\n", tc->suite, tc->name);
	if (suite->before != NULL) {
		suite->before(run.fixture);
	}
	(void)k_thread_create(&case_thread, case_stack, K_THREAD_STACK_SIZEOF(case_stack),
			      case_entry, (void *)tc, NULL, NULL,
			      CONFIG_KTEST_THREAD_PRIORITY, 0, K_NO_WAIT);
	(void)k_thread_name_set(&case_thread, "ktest");
	(void)k_thread_join(&case_thread, K_FOREVER);
	if (run.expect_fatal && !run.fatal_seen && run.result == RESULT_PASS) {
		printk("    expected fatal error %u did not happen\n", run.fatal_reason);
		run.result = RESULT_FAIL;
	}
	run.expect_fatal = false;
	if (suite->after != NULL) {
		suite->after(run.fixture);
	}
	static const char *const tag[] = { "PASS", "FAIL", "SKIP" };

	printk("%s %s.%s (%lld ms)\n", tag[run.result], tc->suite, tc->name,
	       (long long)(k_uptime_get() - start));
	return run.result;
}

/* The case of @p suite with the smallest line after @p after, or NULL.
 * (The linker does not keep definition order, so order by source line.) */
static const struct ktest_case *next_case(const char *suite, int after)
{
	const struct ktest_case *best = NULL;

	for (const struct ktest_case *const *c = __start_ktest_cases;
	     c < __stop_ktest_cases; c++) {
		if (strcmp((*c)->suite, suite) == 0 && (*c)->line > after &&
		    (best == NULL || (*c)->line < best->line)) {
			best = *c;
		}
	}
	return best;
}

static void run_suite(const struct ktest_suite *suite, unsigned int count[3])
{
	const struct ktest_case *tc;

	run.fixture = suite->setup != NULL ? suite->setup() : NULL;
	for (int line = 0; (tc = next_case(suite->name, line)) != NULL;
	     line = tc->line) {
		count[run_case(suite, tc)]++;
	}
	if (suite->teardown != NULL) {
		suite->teardown(run.fixture);
	}
}

/* The suite whose name sorts first after @p after (NULL: from the start). */
static const struct ktest_suite *next_suite(const char *after)
{
	const struct ktest_suite *best = NULL;

	for (const struct ktest_suite *const *s = __start_ktest_suites;
	     s < __stop_ktest_suites; s++) {
		if ((after == NULL || strcmp((*s)->name, after) > 0) &&
		    (best == NULL || strcmp((*s)->name, best->name) < 0)) {
			best = *s;
		}
	}
	return best;
}

/* Cases whose suite was never declared with KTEST_SUITE run without hooks. */
static void run_orphans(unsigned int count[3])
{
	static const struct ktest_suite none;

	for (const struct ktest_case *const *c = __start_ktest_cases;
	     c < __stop_ktest_cases; c++) {
		bool found = false;

		for (const struct ktest_suite *const *s = __start_ktest_suites;
		     s < __stop_ktest_suites; s++) {
			found = found || strcmp((*s)->name, (*c)->suite) == 0;
		}
		if (!found) {
			/* Rare (a missing KTEST_SUITE): run in link order. */
			run.fixture = NULL;
			count[run_case(&none, *c)]++;
		}
	}
}

int main(void)
{
	unsigned int count[3] = { 0, 0, 0 };

	for (const struct ktest_suite *s = next_suite(NULL); s != NULL;
	     s = next_suite(s->name)) {
		run_suite(s, count);
	}
	run_orphans(count);
	printk("ktest: %u passed, %u failed, %u skipped\n", count[RESULT_PASS],
	       count[RESULT_FAIL], count[RESULT_SKIP]);
	return count[RESULT_FAIL] == 0 && count[RESULT_PASS] + count[RESULT_SKIP] > 0 ? 0 : 1;
}
