/*
 * Work queues: argument checks, the system queue, submission order,
 * resubmission while queued or running, cancel (queued, running, idle,
 * synchronous), flush, delayable items (schedule vs reschedule, cancel
 * before the delay ends, flush), queue priorities, submission from ISRs
 * and timer expiry functions, drain/plug/unplug and stopping a queue.
 *
 * Queues used: the system queue (cooperative, CONFIG_SYSTEM_WORKQUEUE_PRIORITY),
 * hi_q (cooperative, more urgent than the system queue), lo_q (preemptive,
 * below the case thread: its items run only when the case blocks) and
 * tmp_q (started and stopped by the cases that need it).
 */
#include "helpers.h"

#define HI_PRIO (CONFIG_SYSTEM_WORKQUEUE_PRIORITY - 1)
#define LO_PRIO PRIO_BELOW(1)
#define Q_STACK 2048

_Static_assert(CONFIG_SYSTEM_WORKQUEUE_PRIORITY < 0 && HI_PRIO >= K_HIGHEST_PRIO,
	       "these tests expect a cooperative system work queue");

static struct k_work_q hi_q, lo_q, tmp_q;
static K_THREAD_STACK_DEFINE(hi_stack, Q_STACK);
static K_THREAD_STACK_DEFINE(lo_stack, Q_STACK);
static K_THREAD_STACK_DEFINE(tmp_stack, Q_STACK);

/* A work item that records its runs. */
struct item {
	struct k_work work;
	char c;
	volatile int runs;
	k_tid_t thread[4];      /* thread of each of the first runs */
	volatile int64_t at;    /* uptime (ms) of the last run */
	volatile int sleep_ms;  /* the handler sleeps this long */
	volatile int resubmits; /* the handler resubmits itself this often */
	volatile int resubmit_ret;
	volatile int ret;       /* result of a call made by the handler */
	struct k_work *chain;   /* submitted by the handler to its queue */
	struct k_work_q *chain_q;
};

/* A delayable item that records its runs. */
struct ditem {
	struct k_work_delayable dw;
	char c;
	volatile int runs;
	volatile k_ticks_t at;
	k_tid_t thread;
};

static struct item items[5];
static struct ditem ditems[2];
static struct k_work_sync sync_obj;
static volatile int isr_ret[3];

#define A (&items[0])
#define B (&items[1])
#define C (&items[2])
#define D (&items[3])
#define E (&items[4])
#define DA (&ditems[0])
#define DB (&ditems[1])

static void item_handler(struct k_work *work)
{
	struct item *it = SYS_DLIST_CONTAINER(work, struct item, work);

	if (it->runs < 4) {
		it->thread[it->runs] = k_current_get();
	}
	it->runs++;
	it->at = k_uptime_get();
	log_event(it->c);
	if (it->sleep_ms > 0) {
		k_msleep(it->sleep_ms);
	}
	if (it->resubmits > 0) {
		it->resubmits--;
		it->resubmit_ret = k_work_submit_to_queue(it->chain_q, work);
	}
	if (it->chain != NULL) {
		it->ret = k_work_submit_to_queue(it->chain_q, it->chain);
	}
}

static void ditem_handler(struct k_work *work)
{
	struct k_work_delayable *dw = k_work_delayable_from_work(work);
	struct ditem *it = SYS_DLIST_CONTAINER(dw, struct ditem, dw);

	it->runs++;
	it->at = k_uptime_ticks();
	it->thread = k_current_get();
	log_event(it->c);
}

static void *setup(void)
{
	(void)k_work_queue_start(&hi_q, hi_stack, K_THREAD_STACK_SIZEOF(hi_stack),
				 HI_PRIO, "hi_q");
	(void)k_work_queue_start(&lo_q, lo_stack, K_THREAD_STACK_SIZEOF(lo_stack),
				 LO_PRIO, "lo_q");
	return NULL;
}

static void before(void *fixture)
{
	(void)fixture;
	for (int i = 0; i < 5; i++) {
		memset(&items[i], 0, sizeof(items[i]));
		(void)k_work_init(&items[i].work, item_handler);
		items[i].c = (char)('A' + i);
		items[i].chain_q = &k_sys_work_q;
	}
	for (int i = 0; i < 2; i++) {
		memset(&ditems[i], 0, sizeof(ditems[i]));
		(void)k_work_init_delayable(&ditems[i].dw, ditem_handler);
		ditems[i].c = (char)('a' + i);
	}
	isr_ret[0] = isr_ret[1] = isr_ret[2] = 1000;
	log_reset();
}

static void after(void *fixture)
{
	(void)fixture;
	for (int i = 0; i < 5; i++) {
		items[i].resubmits = 0;
		items[i].chain = NULL;
		(void)k_work_cancel_sync(&items[i].work, &sync_obj);
	}
	for (int i = 0; i < 2; i++) {
		(void)k_work_cancel_delayable_sync(&ditems[i].dw, &sync_obj);
	}
	(void)k_work_queue_unplug(&lo_q);
	if (k_work_queue_drain(&tmp_q, true) >= 0) {
		(void)k_work_queue_stop(&tmp_q, K_SECONDS(1));
	}
	helpers_stop_all();
}

KTEST_SUITE(work, setup, before, after, NULL);

/* ---- argument checks ---- */

KTEST(work, calls_with_null_arguments_return_einval)
{
	struct k_work w;
	struct k_work_delayable dw;

	kt_assert_eq(k_work_init(NULL, item_handler), -EINVAL);
	kt_assert_eq(k_work_init(&w, NULL), -EINVAL);
	kt_assert_eq(k_work_init_delayable(NULL, ditem_handler), -EINVAL);
	kt_assert_eq(k_work_init_delayable(&dw, NULL), -EINVAL);
	kt_assert_eq(k_work_submit_to_queue(NULL, &A->work), -EINVAL);
	kt_assert_eq(k_work_submit_to_queue(&hi_q, NULL), -EINVAL);
	kt_assert_eq(k_work_cancel(NULL), -EINVAL);
	kt_assert_eq(k_work_cancel_sync(&A->work, NULL), -EINVAL);
	kt_assert_eq(k_work_flush(NULL, &sync_obj), -EINVAL);
	kt_assert_eq(k_work_cancel_delayable(NULL), -EINVAL);
	kt_assert_eq(k_work_schedule_for_queue(NULL, &DA->dw, K_MSEC(1)), -EINVAL);
	kt_assert_eq(k_work_queue_start(NULL, tmp_stack, Q_STACK, 0, NULL), -EINVAL);
	kt_assert_eq(k_work_queue_drain(NULL, false), -EINVAL);
	kt_assert_eq(k_work_busy_get(NULL), 0);
	kt_assert_eq(k_work_delayable_busy_get(NULL), 0);
}

KTEST(work, schedule_rejects_forever_and_negative_delays)
{
	kt_assert_eq(k_work_schedule(&DA->dw, K_FOREVER), -EINVAL);
	kt_assert_eq(k_work_schedule(&DA->dw, K_MSEC(-1)), -EINVAL);
	kt_assert_eq(k_work_reschedule(&DA->dw, K_FOREVER), -EINVAL);
	kt_assert_eq(k_work_delayable_busy_get(&DA->dw), 0);
}

KTEST(work, queue_not_started_refuses_work_with_enodev)
{
	kt_assert_eq(k_work_queue_init(&tmp_q), 0);
	kt_assert_eq(k_work_submit_to_queue(&tmp_q, &A->work), -ENODEV);
	kt_assert_eq(k_work_schedule_for_queue(&tmp_q, &DA->dw, K_MSEC(5)), -ENODEV);
	kt_assert_eq(k_work_queue_drain(&tmp_q, false), -ENODEV);
	kt_assert_eq(k_work_busy_get(&A->work), 0);
}

/* ---- the system queue ---- */

KTEST(work, system_queue_runs_the_handler_in_its_cooperative_thread)
{
	k_tid_t q = k_work_queue_thread_get(&k_sys_work_q);

	kt_assert_str_eq(k_thread_name_get(q), "sysworkq");
	kt_assert_eq(k_thread_priority_get(q), CONFIG_SYSTEM_WORKQUEUE_PRIORITY);
	/* It outranks this (preemptive) thread: done before submit returns. */
	kt_assert_eq(k_work_submit(&A->work), 1);
	kt_assert_eq(A->runs, 1);
	kt_assert_ptr_eq(A->thread[0], q);
	kt_assert_eq(k_work_busy_get(&A->work), 0);
}

KTEST(work, handlers_run_one_at_a_time_in_submission_order)
{
	k_sched_lock();
	kt_assert_eq(k_work_submit(&C->work), 1);
	kt_assert_eq(k_work_submit(&A->work), 1);
	kt_assert_eq(k_work_submit(&D->work), 1);
	kt_assert_eq(k_work_submit(&B->work), 1);
	kt_assert_eq(k_work_busy_get(&A->work), K_WORK_QUEUED);
	kt_assert_str_eq(log_get(), "");
	k_sched_unlock();
	kt_assert_str_eq(log_get(), "CADB");
}

KTEST(work, submit_of_a_queued_item_returns_0_and_it_runs_once)
{
	k_sched_lock();
	kt_assert_eq(k_work_submit(&A->work), 1);
	kt_assert_eq(k_work_submit(&B->work), 1);
	kt_assert_eq(k_work_submit(&A->work), 0);
	kt_assert_true(k_work_is_pending(&A->work));
	k_sched_unlock();
	kt_assert_str_eq(log_get(), "AB");
	kt_assert_eq(A->runs, 1);
	kt_assert_false(k_work_is_pending(&A->work));
}

KTEST(work, submit_of_a_running_item_queues_it_again)
{
	A->sleep_ms = 20;
	kt_assert_eq(k_work_submit(&A->work), 1); /* runs, then sleeps */
	kt_assert_eq(k_work_busy_get(&A->work), K_WORK_RUNNING);
	kt_assert_eq(k_work_submit(&A->work), 2);
	kt_assert_eq(k_work_busy_get(&A->work), K_WORK_RUNNING | K_WORK_QUEUED);
	kt_assert_eq(k_work_submit(&A->work), 0);
	A->sleep_ms = 0;
	kt_assert_eq(k_work_flush(&A->work, &sync_obj), 1);
	kt_assert_eq(A->runs, 2);
	kt_assert_eq(k_work_busy_get(&A->work), 0);
}

KTEST(work, running_item_submitted_to_another_queue_runs_again_on_its_own)
{
	A->sleep_ms = 20;
	kt_assert_eq(k_work_submit(&A->work), 1);
	kt_assert_eq(k_work_submit_to_queue(&hi_q, &A->work), 2);
	A->sleep_ms = 0;
	kt_assert_eq(k_work_flush(&A->work, &sync_obj), 1);
	kt_assert_eq(A->runs, 2);
	kt_assert_ptr_eq(A->thread[0], k_work_queue_thread_get(&k_sys_work_q));
	kt_assert_ptr_eq(A->thread[1], k_work_queue_thread_get(&k_sys_work_q));
}

KTEST(work, handler_may_resubmit_its_own_item)
{
	A->resubmits = 3;
	kt_assert_eq(k_work_submit(&A->work), 1);
	k_msleep(1);
	kt_assert_eq(A->runs, 4);
	kt_assert_eq(A->resubmit_ret, 2); /* resubmitted while running */
	kt_assert_str_eq(log_get(), "AAAA");
}

/* ---- cancel ---- */

KTEST(work, cancel_of_a_queued_item_removes_it)
{
	k_sched_lock();
	kt_assert_eq(k_work_submit(&A->work), 1);
	kt_assert_eq(k_work_submit(&B->work), 1);
	kt_assert_eq(k_work_submit(&C->work), 1);
	kt_assert_eq(k_work_cancel(&B->work), 0);
	kt_assert_eq(k_work_busy_get(&B->work), 0);
	k_sched_unlock();
	kt_assert_str_eq(log_get(), "AC");
	kt_assert_eq(B->runs, 0);
	/* A cancelled item can be submitted again. */
	kt_assert_eq(k_work_submit(&B->work), 1);
	kt_assert_eq(B->runs, 1);
}

KTEST(work, cancel_of_an_idle_item_returns_0)
{
	kt_assert_eq(k_work_cancel(&A->work), 0);
	kt_assert_eq(k_work_cancel_sync(&A->work, &sync_obj), 0);
	kt_assert_eq(k_work_submit(&A->work), 1);
	kt_assert_eq(k_work_cancel(&A->work), 0); /* already ran */
}

KTEST(work, cancel_of_a_running_item_returns_busy_without_waiting)
{
	A->sleep_ms = 30;
	kt_assert_eq(k_work_submit(&A->work), 1);
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_work_cancel(&A->work), K_WORK_RUNNING | K_WORK_CANCELING);
	kt_assert_eq(k_uptime_get(), t0);
	kt_assert_eq(k_work_submit(&A->work), -EBUSY);
	kt_assert_eq(k_work_busy_get(&A->work), K_WORK_RUNNING | K_WORK_CANCELING);
	k_msleep(40);
	kt_assert_eq(k_work_busy_get(&A->work), 0);
	kt_assert_eq(k_work_submit(&A->work), 1); /* accepted again */
}

KTEST(work, cancel_stops_an_item_that_resubmits_itself)
{
	A->sleep_ms = 10;
	A->resubmits = 100;
	kt_assert_eq(k_work_submit(&A->work), 1);
	kt_assert_gt(k_work_cancel(&A->work), 0);
	k_msleep(50);
	kt_assert_eq(A->runs, 1);
	kt_assert_eq(A->resubmit_ret, -EBUSY);
	kt_assert_eq(k_work_busy_get(&A->work), 0);
}

KTEST(work, cancel_sync_waits_for_the_running_handler)
{
	A->sleep_ms = 25;
	kt_assert_eq(k_work_submit(&A->work), 1);
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_work_cancel_sync(&A->work, &sync_obj), 1);
	kt_assert_ge(k_uptime_get() - t0, 25);
	kt_assert_eq(k_work_busy_get(&A->work), 0);
	kt_assert_eq(A->runs, 1);
}

KTEST(work, cancel_sync_of_a_queued_item_removes_it_without_waiting)
{
	kt_assert_eq(k_work_submit_to_queue(&lo_q, &A->work), 1); /* lo_q waits */
	kt_assert_eq(k_work_cancel_sync(&A->work, &sync_obj), 1);
	k_msleep(5);
	kt_assert_eq(A->runs, 0);
}

/* ---- flush ---- */

KTEST(work, flush_waits_until_the_running_item_is_idle)
{
	A->sleep_ms = 20;
	kt_assert_eq(k_work_submit(&A->work), 1);
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_work_flush(&A->work, &sync_obj), 1);
	kt_assert_ge(k_uptime_get() - t0, 20);
	kt_assert_eq(k_work_busy_get(&A->work), 0);
}

KTEST(work, flush_of_an_idle_item_returns_0_at_once)
{
	kt_assert_eq(k_work_flush(&A->work, &sync_obj), 0);
	kt_assert_eq(A->runs, 0);
}

KTEST(work, flush_waits_for_the_item_and_not_for_those_behind_it)
{
	/* lo_q runs below this thread: all three stay queued until we wait. */
	kt_assert_eq(k_work_submit_to_queue(&lo_q, &A->work), 1);
	kt_assert_eq(k_work_submit_to_queue(&lo_q, &B->work), 1);
	kt_assert_eq(k_work_submit_to_queue(&lo_q, &C->work), 1);
	kt_assert_eq(k_work_flush(&B->work, &sync_obj), 1);
	kt_assert_str_eq(log_get(), "AB");
	kt_assert_eq(k_work_flush(&C->work, &sync_obj), 1);
	kt_assert_str_eq(log_get(), "ABC");
}

static void entry_flush_a(void *p1, void *p2, void *p3)
{
	static struct k_work_sync helper_sync;

	(void)p2;
	(void)p3;
	isr_ret[(uintptr_t)p1] = k_work_flush(&A->work, &helper_sync);
	log_event('f');
}

KTEST(work, several_threads_may_flush_one_item)
{
	A->sleep_ms = 20;
	kt_assert_eq(k_work_submit(&A->work), 1);
	helper_start(0, entry_flush_a, (void *)0, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	kt_assert_eq(k_work_flush(&A->work, &sync_obj), 1);
	helper_join(0);
	kt_assert_eq(isr_ret[0], 1);
	kt_assert_str_eq(log_get(), "Af");
}

static void flush_self_handler(struct k_work *work)
{
	static struct k_work_sync self_sync;
	struct item *it = SYS_DLIST_CONTAINER(work, struct item, work);

	it->ret = k_work_flush(work, &self_sync);
	isr_ret[0] = k_work_queue_drain(&lo_q, false);
	isr_ret[1] = k_work_cancel_sync(work, &self_sync);
}

KTEST(work, waits_from_the_queue_own_thread_return_edeadlk)
{
	(void)k_work_init(&A->work, flush_self_handler);
	kt_assert_eq(k_work_submit_to_queue(&lo_q, &A->work), 1);
	kt_assert_eq(k_work_flush(&A->work, &sync_obj), 1);
	kt_assert_eq(A->ret, -EDEADLK);
	kt_assert_eq(isr_ret[0], -EDEADLK);
	kt_assert_eq(isr_ret[1], -EDEADLK);
	kt_assert_eq(k_work_busy_get(&A->work), 0);
}

static void isr_waiting_calls(const void *arg)
{
	(void)arg;
	isr_ret[0] = k_work_flush(&A->work, &sync_obj);
	isr_ret[1] = k_work_cancel_sync(&A->work, &sync_obj);
	isr_ret[2] = k_work_queue_drain(&lo_q, false);
}

KTEST(work, waiting_calls_from_an_isr_return_einval)
{
	kt_assert_eq(k_work_submit_to_queue(&lo_q, &A->work), 1);
	ktest_run_in_isr(isr_waiting_calls, NULL);
	kt_assert_eq(isr_ret[0], -EINVAL);
	kt_assert_eq(isr_ret[1], -EINVAL);
	kt_assert_eq(isr_ret[2], -EINVAL);
	kt_assert_eq(k_work_busy_get(&A->work), K_WORK_QUEUED);
}

/* ---- delayable work ---- */

KTEST(work, schedule_runs_the_item_after_the_delay)
{
	k_ticks_t t0 = k_uptime_ticks();

	kt_assert_eq(k_work_schedule(&DA->dw, K_MSEC(30)), 1);
	kt_assert_eq(k_work_delayable_busy_get(&DA->dw), K_WORK_DELAYED);
	k_msleep(20);
	kt_assert_eq(DA->runs, 0);
	k_msleep(20);
	kt_assert_eq(DA->runs, 1);
	kt_assert_ge(DA->at, t0 + K_MSEC(30).ticks);
	kt_assert_le(DA->at, t0 + K_MSEC(30).ticks + 1);
	kt_assert_ptr_eq(DA->thread, k_work_queue_thread_get(&k_sys_work_q));
	kt_assert_false(k_work_delayable_is_pending(&DA->dw));
}

KTEST(work, schedule_of_a_delayed_item_keeps_the_first_delay)
{
	k_ticks_t t0 = k_uptime_ticks();

	kt_assert_eq(k_work_schedule(&DA->dw, K_MSEC(40)), 1);
	kt_assert_eq(k_work_schedule(&DA->dw, K_MSEC(10)), 0);
	kt_assert_eq(k_work_schedule(&DA->dw, K_NO_WAIT), 0);
	k_msleep(60);
	kt_assert_eq(DA->runs, 1);
	kt_assert_ge(DA->at, t0 + K_MSEC(40).ticks);
}

KTEST(work, reschedule_replaces_the_delay_with_a_shorter_one)
{
	k_ticks_t t0 = k_uptime_ticks();

	kt_assert_eq(k_work_schedule(&DA->dw, K_MSEC(50)), 1);
	kt_assert_eq(k_work_reschedule(&DA->dw, K_MSEC(10)), 1);
	k_msleep(80);
	kt_assert_eq(DA->runs, 1);
	kt_assert_le(DA->at, t0 + K_MSEC(10).ticks + 1);
}

KTEST(work, reschedule_replaces_the_delay_with_a_longer_one)
{
	k_ticks_t t0 = k_uptime_ticks();

	kt_assert_eq(k_work_schedule(&DA->dw, K_MSEC(10)), 1);
	kt_assert_eq(k_work_reschedule(&DA->dw, K_MSEC(40)), 1);
	k_msleep(25);
	kt_assert_eq(DA->runs, 0);
	k_msleep(25);
	kt_assert_eq(DA->runs, 1);
	kt_assert_ge(DA->at, t0 + K_MSEC(40).ticks);
}

KTEST(work, schedule_with_no_wait_submits_at_once)
{
	k_sched_lock();
	kt_assert_eq(k_work_schedule(&DA->dw, K_NO_WAIT), 1);
	kt_assert_eq(k_work_delayable_busy_get(&DA->dw), K_WORK_QUEUED);
	kt_assert_eq(k_work_reschedule(&DA->dw, K_NO_WAIT), 0);
	k_sched_unlock();
	kt_assert_eq(DA->runs, 1);
}

KTEST(work, cancel_delayable_before_the_delay_ends_stops_it)
{
	kt_assert_eq(k_work_schedule(&DA->dw, K_MSEC(20)), 1);
	kt_assert_eq(k_work_schedule(&DB->dw, K_MSEC(20)), 1);
	k_msleep(10);
	kt_assert_eq(k_work_cancel_delayable(&DA->dw), 0);
	kt_assert_eq(k_work_delayable_busy_get(&DA->dw), 0);
	k_msleep(30);
	kt_assert_eq(DA->runs, 0);
	kt_assert_eq(DB->runs, 1); /* the other one was not disturbed */
	kt_assert_eq(k_work_delayable_remaining_ticks(&DA->dw), 0);
}

KTEST(work, cancel_delayable_sync_of_a_delayed_item_returns_1)
{
	kt_assert_eq(k_work_schedule(&DA->dw, K_MSEC(20)), 1);
	kt_assert_eq(k_work_cancel_delayable_sync(&DA->dw, &sync_obj), 1);
	kt_assert_eq(k_work_cancel_delayable_sync(&DA->dw, &sync_obj), 0);
	k_msleep(30);
	kt_assert_eq(DA->runs, 0);
}

KTEST(work, remaining_ticks_count_down_the_delay)
{
	k_ticks_t t0 = k_uptime_ticks();

	kt_assert_eq(k_work_schedule(&DA->dw, K_MSEC(100)), 1);
	k_msleep(30);
	kt_assert_eq(k_work_delayable_remaining_ticks(&DA->dw),
		     t0 + K_MSEC(100).ticks - k_uptime_ticks());
}

KTEST(work, flush_delayable_runs_a_delayed_item_now)
{
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_work_schedule(&DA->dw, K_SECONDS(10)), 1);
	kt_assert_eq(k_work_flush_delayable(&DA->dw, &sync_obj), 1);
	kt_assert_eq(DA->runs, 1);
	kt_assert_lt(k_uptime_get() - t0, 5);
	kt_assert_eq(k_work_delayable_busy_get(&DA->dw), 0);
	kt_assert_eq(k_work_flush_delayable(&DA->dw, &sync_obj), 0);
}

KTEST(work, delayable_runs_on_the_queue_it_was_scheduled_for)
{
	kt_assert_eq(k_work_schedule_for_queue(&hi_q, &DA->dw, K_MSEC(5)), 1);
	k_msleep(10);
	kt_assert_eq(DA->runs, 1);
	kt_assert_ptr_eq(DA->thread, k_work_queue_thread_get(&hi_q));
}

/* ---- priorities, ISRs, timers ---- */

static void isr_submit_three(const void *arg)
{
	(void)arg;
	isr_ret[0] = k_work_submit_to_queue(&lo_q, &C->work);
	isr_ret[1] = k_work_submit(&A->work);
	isr_ret[2] = k_work_submit_to_queue(&hi_q, &B->work);
}

KTEST(work, submit_from_an_isr_runs_by_queue_priority_on_exit)
{
	ktest_run_in_isr(isr_submit_three, NULL);
	kt_assert_eq(isr_ret[0], 1);
	kt_assert_eq(isr_ret[1], 1);
	kt_assert_eq(isr_ret[2], 1);
	/* hi_q outranks the system queue, which outranks this thread... */
	kt_assert_str_eq(log_get(), "BA");
	/* ...which outranks lo_q. */
	k_msleep(1);
	kt_assert_str_eq(log_get(), "BAC");
	kt_assert_ptr_eq(B->thread[0], k_work_queue_thread_get(&hi_q));
	kt_assert_ptr_eq(C->thread[0], k_work_queue_thread_get(&lo_q));
}

KTEST(work, user_queue_below_the_caller_runs_only_when_it_blocks)
{
	kt_assert_eq(k_work_submit_to_queue(&lo_q, &A->work), 1);
	kt_assert_eq(k_work_submit(&B->work), 1);
	kt_assert_str_eq(log_get(), "B");
	k_busy_wait(2000); /* busy, not blocked: lo_q still waits */
	kt_assert_str_eq(log_get(), "B");
	k_msleep(1);
	kt_assert_str_eq(log_get(), "BA");
}

static volatile int timer_submit_ret;

static void submit_on_expiry(struct k_timer *timer)
{
	(void)timer;
	timer_submit_ret = k_work_submit(&A->work);
}

KTEST(work, submit_from_a_timer_expiry_function)
{
	static struct k_timer timer;

	timer_submit_ret = 1000;
	(void)k_timer_init(&timer, submit_on_expiry, NULL);
	k_ticks_t t0 = k_uptime_ticks();

	kt_assert_eq(k_timer_start(&timer, K_MSEC(10), K_MSEC(10)), 0);
	k_msleep(35);
	(void)k_timer_stop(&timer);
	kt_assert_eq(timer_submit_ret, 1);
	kt_assert_eq(A->runs, 3);
	kt_assert_ptr_eq(A->thread[2], k_work_queue_thread_get(&k_sys_work_q));
	kt_assert_ge(A->at - k_ticks_to_ms_floor(t0), 30 - TICK_MS);
}

/* ---- drain, plug, stop ---- */

static void isr_submit_e_to_lo(const void *arg)
{
	(void)arg;
	isr_ret[0] = k_work_submit_to_queue(&lo_q, &E->work);
}

static void submit_chain_handler(struct k_work *work)
{
	item_handler(work);
	/* From outside the queue (an ISR) while draining: refused. */
	ktest_run_in_isr(isr_submit_e_to_lo, NULL);
}

KTEST(work, drain_waits_for_chained_items_and_refuses_others)
{
	/* A submits B, B submits C, all on lo_q. */
	A->chain = &B->work;
	B->chain = &C->work;
	A->chain_q = B->chain_q = &lo_q;
	(void)k_work_init(&A->work, submit_chain_handler);
	kt_assert_eq(k_work_submit_to_queue(&lo_q, &A->work), 1);
	kt_assert_eq(k_work_queue_drain(&lo_q, false), 1);
	kt_assert_str_eq(log_get(), "ABC");
	kt_assert_eq(A->ret, 1);
	kt_assert_eq(B->ret, 1);
	kt_assert_eq(isr_ret[0], -EBUSY);
	kt_assert_eq(E->runs, 0);
	/* Not plugged: accepting again. */
	kt_assert_eq(k_work_submit_to_queue(&lo_q, &E->work), 1);
	kt_assert_eq(k_work_queue_drain(&lo_q, false), 1);
	kt_assert_eq(k_work_queue_drain(&lo_q, false), 0); /* already empty */
}

KTEST(work, plugged_queue_refuses_work_until_unplugged)
{
	kt_assert_eq(k_work_queue_drain(&lo_q, true), 0);
	kt_assert_eq(k_work_submit_to_queue(&lo_q, &A->work), -EBUSY);
	kt_assert_eq(k_work_schedule_for_queue(&lo_q, &DA->dw, K_NO_WAIT), -EBUSY);
	kt_assert_eq(k_work_queue_unplug(&lo_q), 0);
	kt_assert_eq(k_work_queue_unplug(&lo_q), -EALREADY);
	kt_assert_eq(k_work_submit_to_queue(&lo_q, &A->work), 1);
	kt_assert_eq(k_work_flush(&A->work, &sync_obj), 1);
	kt_assert_eq(A->runs, 1);
}

KTEST(work, queue_stops_when_plugged_and_can_start_again)
{
	kt_assert_eq(k_work_queue_init(&tmp_q), 0);
	kt_assert_eq(k_work_queue_stop(&tmp_q, K_NO_WAIT), -EALREADY);
	kt_assert_eq(k_work_queue_start(&tmp_q, tmp_stack, K_THREAD_STACK_SIZEOF(tmp_stack),
					PRIO_ABOVE(1), "tmp_q"), 0);
	kt_assert_eq(k_work_queue_start(&tmp_q, tmp_stack, K_THREAD_STACK_SIZEOF(tmp_stack),
					PRIO_ABOVE(1), "tmp_q"), -EBUSY);
	kt_assert_str_eq(k_thread_name_get(k_work_queue_thread_get(&tmp_q)), "tmp_q");
	kt_assert_eq(k_work_submit_to_queue(&tmp_q, &A->work), 1);
	kt_assert_eq(A->runs, 1);
	kt_assert_eq(k_work_queue_stop(&tmp_q, K_SECONDS(1)), -EBUSY); /* not plugged */
	kt_assert_eq(k_work_queue_drain(&tmp_q, true), 0);
	kt_assert_eq(k_work_queue_stop(&tmp_q, K_SECONDS(1)), 0);
	kt_assert_true((k_thread_state_get(k_work_queue_thread_get(&tmp_q)) &
			K_THREAD_DEAD) != 0);
	kt_assert_eq(k_work_submit_to_queue(&tmp_q, &A->work), -ENODEV);
	/* Started again on the same stack. */
	kt_assert_eq(k_work_queue_start(&tmp_q, tmp_stack, K_THREAD_STACK_SIZEOF(tmp_stack),
					PRIO_ABOVE(1), NULL), 0);
	kt_assert_eq(k_work_submit_to_queue(&tmp_q, &A->work), 1);
	kt_assert_eq(A->runs, 2);
	kt_assert_ptr_eq(A->thread[1], k_work_queue_thread_get(&tmp_q));
}

KTEST(work, queue_start_refuses_a_bad_priority)
{
	kt_assert_eq(k_work_queue_init(&tmp_q), 0);
	kt_assert_eq(k_work_queue_start(&tmp_q, tmp_stack, K_THREAD_STACK_SIZEOF(tmp_stack),
					K_LOWEST_APP_PRIO + 1, NULL), -EINVAL);
	kt_assert_eq(k_work_submit_to_queue(&tmp_q, &A->work), -ENODEV);
}
