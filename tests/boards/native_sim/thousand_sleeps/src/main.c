/*
 * 1,000 one-second sleeps by three threads of different priorities. With
 * simulated time this takes milliseconds of wall time, and the output is
 * the same on every run (scripts/tests/test_build.py runs it twice).
 */
#include <kestrel/kernel.h>

#define STACK 2048

static K_THREAD_STACK_DEFINE(stacks[2], STACK);
static struct k_thread threads[2];

static void ticker(void *p1, void *p2, void *p3)
{
	int period_ms = (int)(intptr_t)p1;

	(void)p2;
	(void)p3;
	for (;;) {
		k_msleep(period_ms);
		printk("%s at %lld ms\n", k_thread_name_get(k_current_get()),
		       (long long)k_uptime_get());
	}
}

int main(void)
{
	static const int periods[2] = { 70001, 133003 };
	static const char *const names[2] = { "fast", "slow" };

	for (int i = 0; i < 2; i++) {
		k_thread_create(&threads[i], stacks[i], K_THREAD_STACK_SIZEOF(stacks[i]),
				ticker, (void *)(intptr_t)periods[i], NULL, NULL,
				3 + i, 0, K_FOREVER);
		k_thread_name_set(&threads[i], names[i]);
		k_thread_start(&threads[i]);
	}
	int64_t start = k_uptime_get();

	for (int i = 0; i < 1000; i++) {
		k_sleep(K_SECONDS(1));
	}
	int64_t slept = k_uptime_get() - start;

	printk("thousand_sleeps: slept %lld ms\n", (long long)slept);
	return slept == 1000000 ? 0 : 1;
}
