/*
 * Shared by the kernel test applications: a small pool of helper threads
 * that every case can start and that the suite's `after` hook always ends,
 * and an event log to check the order in which threads ran.
 */
#ifndef KESTREL_TESTS_KERNEL_HELPERS_H
#define KESTREL_TESTS_KERNEL_HELPERS_H

#include <kestrel/ktest.h>

/** Helper threads available to one case. */
#define HELPER_COUNT 4
/** Usable stack bytes of each helper (kept modest for the MCU boards). */
#define HELPER_STACK_SIZE 2048

/** Priority of the thread running each case. */
#define CASE_PRIO CONFIG_KTEST_THREAD_PRIORITY
/** A preemptive priority @p n steps more urgent than the case thread. */
#define PRIO_ABOVE(n) (CASE_PRIO - (n))
/** A preemptive priority @p n steps less urgent than the case thread. */
#define PRIO_BELOW(n) (CASE_PRIO + (n))

_Static_assert(CASE_PRIO >= 4 && CASE_PRIO + 6 <= K_LOWEST_APP_PRIO,
	       "the kernel tests need 4 priorities above and 6 below the case thread");

/** Milliseconds in one tick, rounded up (the slack allowed on timings). */
#define TICK_MS ((1000 + CONFIG_SYS_CLOCK_TICKS_PER_SEC - 1) / CONFIG_SYS_CLOCK_TICKS_PER_SEC)

/** The helper threads; helper_thread(i) is &helper_threads[i]. */
extern struct k_thread helper_threads[HELPER_COUNT];

/** Helper @p i's stack and its size, for cases that call k_thread_create. */
k_thread_stack_t *helper_stack(int i);
size_t helper_stack_size(void);

/**
 * Start helper @p i: k_thread_create() with the given entry, arguments,
 * priority and delay; fails the case if creation fails.
 */
k_tid_t helper_start(int i, k_thread_entry_t entry, void *p1, void *p2,
		     void *p3, int prio, k_timeout_t delay);

/** Mark helper @p i as used by the case (after creating it by hand). */
void helper_mark_used(int i);

/** Join helper @p i (bounded wait); fails the case if it does not end. */
void helper_join(int i);

/** End every helper the case used (for `after` hooks; never fails). */
void helpers_stop_all(void);

/** Event log: single characters appended in the order threads ran. */
void log_reset(void);
void log_event(char c);
const char *log_get(void);

#endif
