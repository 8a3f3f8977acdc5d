/*
 * Timed waits stay timed under stress: workers with different periods do
 * short k_sem_take() timeouts and k_sleep()s while another thread locks
 * interrupts for longer than a timer period. Every wait must return, never
 * before its deadline and with the right value; a lost timer interrupt
 * shows as a worker that never reports back. How late a wait returns
 * depends on the host in real time (a descheduled QEMU thread is late in
 * kernel time too): it is printed, not asserted.
 */
#include <errno.h>
#include <kestrel/kernel.h>
#include <kestrel/ktest.h>

#define WORKERS 6
#define RUN_TICKS 2000      /* kernel ticks each worker keeps waiting */
#define LOCKED_SPINS 400000 /* one irq-locked busy stretch: several ms */
#define STACK 1024

static const k_ticks_t periods[WORKERS] = { 1, 2, 3, 5, 7, 11 };

K_THREAD_STACK_ARRAY_DEFINE(stacks, WORKERS + 1, STACK);
static struct k_thread threads[WORKERS + 1];
K_SEM_DEFINE(never_sem, 0, 1);
K_SEM_DEFINE(done_sem, 0, WORKERS);
static volatile int early[WORKERS];
static volatile k_ticks_t max_late[WORKERS];
static volatile int waits[WORKERS];
static volatile int wrong_ret[WORKERS];
static volatile bool stop_locker;

/* One timed wait of @p ticks; returns the ticks it lasted past them. */
static k_ticks_t timed_wait(int i, k_ticks_t ticks)
{
	k_ticks_t t0 = k_uptime_ticks();
	int ret = (waits[i] & 1) != 0 ? k_sem_take(&never_sem, K_TICKS(ticks))
				      : k_sleep(K_TICKS(ticks));

	if (ret != ((waits[i] & 1) != 0 ? -EAGAIN : 0)) {
		wrong_ret[i]++;
	}
	waits[i]++;
	return k_uptime_ticks() - t0 - ticks;
}

static void worker(void *p1, void *p2, void *p3)
{
	int i = (int)(intptr_t)p1;
	k_ticks_t start = k_uptime_ticks();

	(void)p2;
	(void)p3;
	while (k_uptime_ticks() - start < RUN_TICKS) {
		k_ticks_t late = timed_wait(i, periods[i]);

		if (late < 0) {
			early[i]++;
		}
		max_late[i] = MAX(max_late[i], late);
	}
	k_sem_give(&done_sem);
}

/* Busy with irqs locked across timer periods, without reading the timer. */
static void locker(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	for (unsigned int n = 0; !stop_locker; n++) {
		unsigned int key = irq_lock();

		for (volatile uint32_t s = 0; s < LOCKED_SPINS; s++) {
		}
		irq_unlock(key);
		k_sleep(K_TICKS(1 + n % 4));
	}
}

KTEST_SUITE(timeouts_realtime, NULL, NULL, NULL, NULL);

KTEST(timeouts_realtime, timed_waits_return_under_irq_locked_stretches)
{
	stop_locker = false;
	kt_assert_eq(k_thread_create(&threads[WORKERS], stacks[WORKERS],
				     K_THREAD_STACK_SIZEOF(stacks[WORKERS]), locker,
				     NULL, NULL, NULL, K_PRIO_PREEMPT(2), 0, K_NO_WAIT), 0);
	for (int i = 0; i < WORKERS; i++) {
		kt_assert_eq(k_thread_create(&threads[i], stacks[i],
					     K_THREAD_STACK_SIZEOF(stacks[i]), worker,
					     (void *)(intptr_t)i, NULL, NULL,
					     K_PRIO_PREEMPT(3 + i % 3), 0, K_NO_WAIT), 0);
	}
	int finished = 0;

	/* Generous: each worker needs RUN_TICKS plus its lateness. */
	while (finished < WORKERS && k_sem_take(&done_sem, K_TICKS(10 * RUN_TICKS)) == 0) {
		finished++;
	}
	stop_locker = true;
	int total_waits = 0;
	int total_early = 0;
	k_ticks_t worst = 0;
	int total_wrong = 0;

	for (int i = 0; i < WORKERS; i++) {
		total_waits += waits[i];
		total_early += early[i];
		worst = MAX(worst, max_late[i]);
		total_wrong += wrong_ret[i];
	}
	printk("timeouts_realtime: %d waits, %d early, worst %d ticks late, %d wrong returns, "
	       "%d/%d workers done\n", total_waits, total_early, (int)worst, total_wrong,
	       finished, WORKERS);
	kt_assert_eq(finished, WORKERS);
	kt_assert_eq(total_early, 0);
	kt_assert_eq(total_wrong, 0);
	for (int i = 0; i <= WORKERS; i++) {
		kt_assert_eq(k_thread_join(&threads[i], K_TICKS(10 * RUN_TICKS)), 0);
	}
}
