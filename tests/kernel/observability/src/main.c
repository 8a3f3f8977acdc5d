/*
 * Observability: stack high watermark, CPU time per thread, thread state
 * names, and the timer interrupt count that shows tickless idle.
 */
#include <string.h>

#include <kestrel/ktest.h>

#define STACK 6144

static K_THREAD_STACK_DEFINE(stack, STACK);
static struct k_thread thread;

static void before(void *fixture)
{
	(void)fixture;
}

static void after(void *fixture)
{
	(void)fixture;
	(void)k_thread_abort(&thread);
}

KTEST_SUITE(observability, NULL, before, after, NULL);

/* Each level keeps 512 bytes live; the callee reads its caller's buffer,
 * so the compiler cannot fold the recursion into a loop. */
static int __attribute__((noinline)) use_stack(size_t bytes, volatile char *up)
{
	volatile char buf[512];
	int r = 0;

	for (size_t i = 0; i < sizeof(buf); i++) {
		buf[i] = (char)i;
	}
	if (bytes > 0) {
		r = use_stack(bytes > sizeof(buf) ? bytes - sizeof(buf) : 0, buf);
	}
	return r + buf[1] + (up != NULL ? up[2] : 0);
}

static void stack_entry(void *p1, void *p2, void *p3)
{
	(void)p2;
	(void)p3;
	(void)use_stack((size_t)(uintptr_t)p1, NULL);
}

static size_t unused_after(size_t bytes)
{
	size_t unused = 0;

	kt_assert_eq(k_thread_create(&thread, stack, K_THREAD_STACK_SIZEOF(stack),
				     stack_entry, (void *)(uintptr_t)bytes, NULL, NULL,
				     3, 0, K_NO_WAIT), 0);
	kt_assert_eq(k_thread_join(&thread, K_SECONDS(1)), 0);
	kt_assert_eq(k_thread_stack_space_get(&thread, &unused), 0);
	return unused;
}

KTEST(observability, deeper_stack_use_leaves_less_unused_stack)
{
	size_t shallow = unused_after(0);
	size_t deep = unused_after(3072);

	printk("    unused stack: %zu bytes after a shallow run, %zu after 3 KiB more\n",
	       shallow, deep);
	kt_assert_lt(deep, shallow);
	kt_assert_ge(shallow - deep, 2048);
	kt_assert_le(shallow, K_THREAD_STACK_SIZEOF(stack));
}

KTEST(observability, stack_space_get_rejects_null)
{
	size_t unused;

	kt_assert_eq(k_thread_stack_space_get(NULL, &unused), -EINVAL);
	kt_assert_eq(k_thread_stack_space_get(k_current_get(), NULL), -EINVAL);
}

static void busy_entry(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	k_busy_wait(20000);
}

KTEST(observability, runtime_stats_count_cpu_time_of_a_busy_thread)
{
	struct k_thread_runtime_stats st;
	uint64_t per_ms = CONFIG_SYS_CLOCK_HW_CYCLES_PER_SEC / 1000;

	kt_assert_eq(k_thread_create(&thread, stack, K_THREAD_STACK_SIZEOF(stack),
				     busy_entry, NULL, NULL, NULL, 3, 0, K_NO_WAIT), 0);
	kt_assert_eq(k_thread_join(&thread, K_SECONDS(1)), 0);
	kt_assert_eq(k_thread_runtime_stats_get(&thread, &st), 0);
	kt_assert_ge(st.execution_cycles, 20 * per_ms);
	kt_assert_lt(st.execution_cycles, 25 * per_ms);
}

KTEST(observability, sleeping_thread_uses_no_cpu_time)
{
	struct k_thread_runtime_stats before_st, after_st;

	kt_assert_eq(k_thread_runtime_stats_get(k_current_get(), &before_st), 0);
	k_msleep(50);
	kt_assert_eq(k_thread_runtime_stats_get(k_current_get(), &after_st), 0);
	/* Far less than the 50 ms slept (only the code around the sleep). */
	kt_assert_lt(after_st.execution_cycles - before_st.execution_cycles,
		     CONFIG_SYS_CLOCK_HW_CYCLES_PER_SEC / 1000 * 5);
}

KTEST(observability, state_names)
{
	char buf[16];

	kt_assert_str_eq(k_thread_state_str(k_current_get(), buf, sizeof(buf)), "running");
	kt_assert_eq(k_thread_create(&thread, stack, K_THREAD_STACK_SIZEOF(stack),
				     busy_entry, NULL, NULL, NULL, 3, 0, K_FOREVER), 0);
	kt_assert_str_eq(k_thread_state_str(&thread, buf, sizeof(buf)), "prestart");
	kt_assert_eq(k_thread_abort(&thread), 0);
	kt_assert_str_eq(k_thread_state_str(&thread, buf, sizeof(buf)), "dead");
	kt_assert_str_eq(k_thread_state_str(&thread, buf, 2), "");
}

KTEST(observability, ten_second_sleep_takes_a_handful_of_timer_interrupts)
{
	uint32_t before_n = k_sys_clock_announce_count();

	k_sleep(K_SECONDS(10));
	uint32_t n = k_sys_clock_announce_count() - before_n;

	printk("    timer interrupts during a 10 s sleep: %u\n", (unsigned int)n);
	kt_assert_le(n, 20); /* ticking at 1 kHz would be 10,000 */
	kt_assert_ge(n, 1);
}
