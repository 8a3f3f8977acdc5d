/*
 * k_poll: waiting on several objects at once (semaphores, signals, message
 * queues, FIFOs), timeouts, wake-ups from threads and ISRs.
 */
#include "helpers.h"

K_SEM_DEFINE(sem_a, 0, 1);
K_SEM_DEFINE(sem_b, 0, 1);
static struct k_poll_signal sig;
K_MSGQ_DEFINE(msgq, sizeof(uint32_t), 4, 4);
K_FIFO_DEFINE(fifo);

struct item {
	void *reserved; /* first word: the kernel's */
	int value;
};

static struct k_poll_event ev[4];

static void before(void *fixture)
{
	(void)fixture;
	k_sem_reset(&sem_a);
	k_sem_reset(&sem_b);
	k_poll_signal_init(&sig);
	k_msgq_purge(&msgq);
	while (k_fifo_get(&fifo, K_NO_WAIT) != NULL) {
	}
	k_poll_event_init(&ev[0], K_POLL_TYPE_SEM_AVAILABLE, &sem_a);
	k_poll_event_init(&ev[1], K_POLL_TYPE_SEM_AVAILABLE, &sem_b);
	k_poll_event_init(&ev[2], K_POLL_TYPE_SIGNAL, &sig);
	k_poll_event_init(&ev[3], K_POLL_TYPE_MSGQ_DATA_AVAILABLE, &msgq);
}

static void after(void *fixture)
{
	(void)fixture;
	helpers_stop_all();
}

KTEST_SUITE(poll, NULL, before, after, NULL);

KTEST(poll, ready_object_returns_at_once_and_marks_only_it)
{
	k_sem_give(&sem_b);
	kt_assert_eq(k_poll(ev, 4, K_NO_WAIT), 0);
	kt_assert_eq(ev[0].state, K_POLL_STATE_NOT_READY);
	kt_assert_eq(ev[1].state, K_POLL_STATE_READY);
	kt_assert_eq(ev[2].state, K_POLL_STATE_NOT_READY);
	/* k_poll does not take the semaphore. */
	kt_assert_eq(k_sem_count_get(&sem_b), 1);
}

KTEST(poll, nothing_ready_with_no_wait_is_eagain)
{
	kt_assert_eq(k_poll(ev, 4, K_NO_WAIT), -EAGAIN);
}

KTEST(poll, times_out_when_nothing_happens)
{
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_poll(ev, 4, K_MSEC(30)), -EAGAIN);
	kt_assert_ge(k_uptime_get() - t0, 30);
}

static void give_b_later(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	k_msleep(20);
	k_sem_give(&sem_b);
}

KTEST(poll, give_from_another_thread_wakes_the_poller)
{
	helper_start(0, give_b_later, NULL, NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_poll(ev, 4, K_SECONDS(1)), 0);
	kt_assert_eq(k_uptime_get() - t0, 20);
	kt_assert_eq(ev[1].state, K_POLL_STATE_READY);
	kt_assert_eq(k_sem_take(&sem_b, K_NO_WAIT), 0);
}

static void raise_in_isr(const void *arg)
{
	(void)arg;
	k_poll_signal_raise(&sig, 42);
}

static void isr_later(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	k_msleep(10);
	ktest_run_in_isr(raise_in_isr, NULL);
}

KTEST(poll, signal_raised_in_an_isr_wakes_the_poller_with_its_result)
{
	helper_start(0, isr_later, NULL, NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	kt_assert_eq(k_poll(&ev[2], 1, K_SECONDS(1)), 0);
	kt_assert_eq(ev[2].state, K_POLL_STATE_READY);
	kt_assert_eq(sig.result, 42);
	kt_assert_eq(k_poll_signal_reset(&sig), 0);
	kt_assert_eq(k_poll(&ev[2], 1, K_NO_WAIT), -EAGAIN);
}

static void put_msg_later(void *p1, void *p2, void *p3)
{
	uint32_t v = 7;

	(void)p1;
	(void)p2;
	(void)p3;
	k_msleep(5);
	k_msgq_put(&msgq, &v, K_NO_WAIT);
}

KTEST(poll, message_put_wakes_a_poller_on_the_queue)
{
	uint32_t v = 0;

	helper_start(0, put_msg_later, NULL, NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_poll(ev, 4, K_SECONDS(1)), 0);
	kt_assert_le(k_uptime_get() - t0, 5 + TICK_MS); /* woken, not timed out */
	kt_assert_eq(ev[3].state, K_POLL_STATE_READY);
	kt_assert_eq(k_msgq_get(&msgq, &v, K_NO_WAIT), 0);
	kt_assert_eq(v, 7);
}

static struct item item = { NULL, 5 };

static void put_item_later(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	k_msleep(5);
	k_fifo_put(&fifo, &item);
}

KTEST(poll, fifo_put_wakes_a_poller_on_the_fifo)
{
	struct k_poll_event fev;

	kt_assert_eq(k_poll_event_init(&fev, K_POLL_TYPE_FIFO_DATA_AVAILABLE, &fifo), 0);
	helper_start(0, put_item_later, NULL, NULL, NULL, PRIO_BELOW(1), K_NO_WAIT);
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_poll(&fev, 1, K_SECONDS(1)), 0);
	kt_assert_le(k_uptime_get() - t0, 5 + TICK_MS); /* woken, not timed out */
	kt_assert_eq(fev.state, K_POLL_STATE_READY);
	struct item *got = k_fifo_get(&fifo, K_NO_WAIT);

	kt_assert_ptr_eq(got, &item);
}

static volatile int poller_ret = 1;

static void poller(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	poller_ret = k_poll(&ev[0], 1, K_SECONDS(1));
}

KTEST(poll, higher_priority_poller_runs_right_after_the_give)
{
	poller_ret = 1;
	helper_start(0, poller, NULL, NULL, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	kt_assert_eq(poller_ret, 1); /* it is waiting */
	k_sem_give(&sem_a);
	kt_assert_eq(poller_ret, 0); /* it ran before this line */
	helper_join(0);
}

KTEST(poll, bad_arguments_are_rejected)
{
	struct k_poll_event bad = K_POLL_EVENT_INITIALIZER(99, &sem_a);

	kt_assert_eq(k_poll(NULL, 1, K_NO_WAIT), -EINVAL);
	kt_assert_eq(k_poll(ev, 0, K_NO_WAIT), -EINVAL);
	kt_assert_eq(k_poll(&bad, 1, K_NO_WAIT), -EINVAL);
	kt_assert_eq(k_poll(ev, 1, K_TICKS(-2)), -EINVAL);
	kt_assert_eq(k_poll_event_init(&bad, K_POLL_TYPE_SEM_AVAILABLE, NULL), -EINVAL);
	kt_assert_eq(k_poll_event_init(NULL, K_POLL_TYPE_SEM_AVAILABLE, &sem_a), -EINVAL);
	kt_assert_eq(k_poll_signal_raise(NULL, 0), -EINVAL);
}

static volatile int isr_ret;

static void poll_in_isr(const void *arg)
{
	(void)arg;
	isr_ret = k_poll(ev, 1, K_MSEC(1));
}

KTEST(poll, waiting_poll_from_an_isr_is_rejected)
{
	ktest_run_in_isr(poll_in_isr, NULL);
	kt_assert_eq(isr_ret, -EINVAL);
}

KTEST(poll, poller_gone_after_timeout_is_not_woken_later)
{
	kt_assert_eq(k_poll(&ev[0], 1, K_MSEC(5)), -EAGAIN);
	/* The events are unlinked: a give now must not touch them. */
	kt_assert_eq(k_sem_give(&sem_a), 0);
	kt_assert_eq(k_sem_count_get(&sem_a), 1);
	kt_assert_ptr_eq(ev[0].poller, NULL);
}
