/*
 * ktest: the test framework. Runs on every board.
 *
 *   static void *setup(void) { return &fixture; }          // optional
 *   KTEST_SUITE(sem, setup, before, after, teardown);       // any may be NULL
 *   KTEST(sem, take_after_give_succeeds) { kt_assert_eq(k_sem_take(...), 0); }
 *
 * Suites and cases register themselves at link time. ktest's main() runs
 * the suites in name order and each suite's cases in source order,
 * every case each in a fresh thread of priority
 * CONFIG_KTEST_THREAD_PRIORITY (so cases may create threads above and
 * below it), and prints, one line each:
 *
 *   RUN  suite.case
 *   <failure details, indented>
 *   PASS suite.case (3 ms)        or FAIL ... or SKIP ...
 *
 * then the summary `ktest: P passed, F failed, S skipped`, and returns 1 if
 * anything failed, else 0 (the image's exit status).
 *
 * A failed assertion prints file:line, the expression, expected and actual
 * values, then ends the case (its thread is aborted). An assertion that
 * fails in another thread marks the case failed and aborts that thread.
 *
 * Order: setup once per suite (its return value is the fixture passed to the
 * others), then for each case: before, the case, after; teardown once at the
 * end of the suite. The hooks run in the runner's own thread: they must not
 * use kt_assert*() (a failure there would end the runner); check in the
 * cases instead.
 */
#ifndef KESTREL_KTEST_H
#define KESTREL_KTEST_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <kestrel/kernel.h>

struct ktest_suite {
	const char *name;
	void *(*setup)(void);
	void (*before)(void *fixture);
	void (*after)(void *fixture);
	void (*teardown)(void *fixture);
};

struct ktest_case {
	const char *suite;
	const char *name;
	void (*fn)(void *fixture);
	int line; /**< cases run in source order */
};

/* Registration: pointers in named sections (robust against padding). */
#define Z_KTEST_SECTION(sec) __attribute__((section(sec), used))

#define KTEST_SUITE(sname, setup_fn, before_fn, after_fn, teardown_fn)       \
	static const struct ktest_suite ktest_suite_##sname = {              \
		.name = #sname, .setup = (setup_fn), .before = (before_fn),  \
		.after = (after_fn), .teardown = (teardown_fn) };             \
	const struct ktest_suite *const ktest_suite_ptr_##sname              \
		Z_KTEST_SECTION("ktest_suites") = &ktest_suite_##sname

#define KTEST(sname, cname)                                                  \
	static void ktest_fn_##sname##_##cname(void *fixture);               \
	static const struct ktest_case ktest_case_##sname##_##cname = {      \
		.suite = #sname, .name = #cname,                             \
		.fn = ktest_fn_##sname##_##cname, .line = __LINE__ };        \
	const struct ktest_case *const ktest_case_ptr_##sname##_##cname      \
		Z_KTEST_SECTION("ktest_cases") = &ktest_case_##sname##_##cname; \
	static void ktest_fn_##sname##_##cname(void *fixture __attribute__((unused)))

/* Failure reporting (implementation; use the macros below). */
void ktest_fail_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ktest_check_int(const char *file, int line, const char *expr,
		     const char *op, intmax_t a, intmax_t b, bool ok);
void ktest_check_str(const char *file, int line, const char *expr,
		     const char *a, const char *b);
void ktest_check_mem(const char *file, int line, const char *expr,
		     const void *a, const void *b, size_t n);
void ktest_skip_at(const char *file, int line);

/** Fail with a message (printf-style) and end the case. */
#define kt_fail(...) ktest_fail_at(__FILE__, __LINE__, __VA_ARGS__)

/** Fail unless @p cond; the message (printf-style) says why. */
#define kt_assert(cond, ...)                                                 \
	do {                                                                 \
		if (!(cond)) {                                               \
			ktest_fail_at(__FILE__, __LINE__,                    \
				      "kt_assert(" #cond ") failed: " __VA_ARGS__); \
		}                                                            \
	} while (0)

#define kt_assert_true(c) kt_assert((c), "expected true")
#define kt_assert_false(c) kt_assert(!(c), "expected false")

#define Z_KT_CMP(a, op, b, name)                                             \
	do {                                                                 \
		intmax_t z_kt_a = (intmax_t)(a), z_kt_b = (intmax_t)(b);     \
		ktest_check_int(__FILE__, __LINE__, name "(" #a ", " #b ")", \
				#op, z_kt_a, z_kt_b, z_kt_a op z_kt_b);       \
	} while (0)

/** Integer comparisons: print both values on failure. */
#define kt_assert_eq(a, b) Z_KT_CMP(a, ==, b, "kt_assert_eq")
#define kt_assert_ne(a, b) Z_KT_CMP(a, !=, b, "kt_assert_ne")
#define kt_assert_lt(a, b) Z_KT_CMP(a, <, b, "kt_assert_lt")
#define kt_assert_le(a, b) Z_KT_CMP(a, <=, b, "kt_assert_le")
#define kt_assert_gt(a, b) Z_KT_CMP(a, >, b, "kt_assert_gt")
#define kt_assert_ge(a, b) Z_KT_CMP(a, >=, b, "kt_assert_ge")

#define kt_assert_ptr_eq(a, b)                                               \
	kt_assert((const void *)(a) == (const void *)(b),                    \
		  "expected %p, got %p", (const void *)(b), (const void *)(a))
#define kt_assert_null(p) kt_assert((p) == NULL, "expected NULL, got %p", (const void *)(p))
#define kt_assert_not_null(p) kt_assert((p) != NULL, "expected non-NULL")

#define kt_assert_str_eq(a, b)                                               \
	ktest_check_str(__FILE__, __LINE__, "kt_assert_str_eq(" #a ", " #b ")", (a), (b))
#define kt_assert_mem_eq(a, b, n)                                            \
	ktest_check_mem(__FILE__, __LINE__, "kt_assert_mem_eq(" #a ", " #b ")", (a), (b), (n))

/** Skip the rest of the case (counted as skipped, not failed). */
#define kt_skip() ktest_skip_at(__FILE__, __LINE__)

/**
 * Declare that the current case expects a fatal error of @p reason
 * (enum k_fatal_reason) in any thread. When it happens the faulting
 * thread is aborted, the case is marked as passing so far and the system
 * goes on. A case that set the expectation and saw no fatal error fails.
 */
void ktest_expect_fatal(unsigned int reason);

/**
 * Run @p fn(arg) in interrupt context (k_is_in_isr() true inside), and
 * return after it and any rescheduling it caused.
 */
void ktest_run_in_isr(void (*fn)(const void *arg), const void *arg);

#endif /* KESTREL_KTEST_H */
