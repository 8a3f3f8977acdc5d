/*
 * Mutexes: locking rules and errors, hand-over order, priority inheritance
 * (direct, along chains, undone on unlock/timeout/abort, combined with
 * k_thread_priority_set()) and deadlock detection.
 *
 * The inheritance cases use "agents": helper threads that run one mutex
 * command at a time for the case (lock, unlock) and report the result and
 * their own priority right after it. A command posted to an agent that
 * outranks the case runs at once; agent_wait() lets a lower one run.
 */
#include "helpers.h"

#define L_PRIO PRIO_BELOW(5) /* the low owner in inheritance cases */
#define NO_RESULT 1000

enum agent_op { OP_LOCK, OP_UNLOCK, OP_EXIT };

struct agent {
	int idx;
	char name;
	struct k_sem cmd;
	struct k_sem done;
	enum agent_op op;
	struct k_mutex *mutex;
	k_timeout_t timeout;
	volatile int result;
	volatile int prio_after;
};

static struct agent agents[HELPER_COUNT];
static struct k_mutex m1, m2, m3;
static K_MUTEX_DEFINE(static_mutex);
static volatile int isr_ret;

static void before(void *fixture)
{
	(void)fixture;
	(void)k_mutex_init(&m1);
	(void)k_mutex_init(&m2);
	(void)k_mutex_init(&m3);
	isr_ret = NO_RESULT;
	log_reset();
}

static void after(void *fixture)
{
	(void)fixture;
	helpers_stop_all();
	(void)k_mutex_init(&m1);
	(void)k_mutex_init(&m2);
	(void)k_mutex_init(&m3);
}

KTEST_SUITE(mutex, NULL, before, after, NULL);

/* ---- agents ---- */

static void agent_entry(void *p1, void *p2, void *p3)
{
	struct agent *a = p1;

	(void)p2;
	(void)p3;
	for (;;) {
		(void)k_sem_take(&a->cmd, K_FOREVER);
		if (a->op == OP_EXIT) {
			return;
		}
		int ret = a->op == OP_LOCK ? k_mutex_lock(a->mutex, a->timeout)
					   : k_mutex_unlock(a->mutex);

		a->prio_after = k_thread_priority_get(k_current_get());
		a->result = ret;
		if (a->op == OP_LOCK && ret == 0) {
			log_event(a->name);
		}
		(void)k_sem_give(&a->done);
	}
}

static struct agent *agent_start(int i, char name, int prio)
{
	struct agent *a = &agents[i];

	a->idx = i;
	a->name = name;
	a->result = NO_RESULT;
	(void)k_sem_init(&a->cmd, 0, 1);
	(void)k_sem_init(&a->done, 0, 1);
	helper_start(i, agent_entry, a, NULL, NULL, prio, K_NO_WAIT);
	return a;
}

static k_tid_t agent_tid(const struct agent *a)
{
	return &helper_threads[a->idx];
}

/* Hand a command to the agent; it runs at once if the agent outranks us. */
static void agent_post(struct agent *a, enum agent_op op, struct k_mutex *m,
		       k_timeout_t timeout)
{
	a->op = op;
	a->mutex = m;
	a->timeout = timeout;
	a->result = NO_RESULT;
	(void)k_sem_give(&a->cmd);
}

/* Post, then give lower-priority agents time to run until they block. */
static void agent_post_settle(struct agent *a, enum agent_op op, struct k_mutex *m,
			      k_timeout_t timeout)
{
	agent_post(a, op, m, timeout);
	k_msleep(10);
}

/* Wait for the agent's current command to finish; its result. */
static int agent_wait(struct agent *a)
{
	if (k_sem_take(&a->done, K_SECONDS(10)) != 0) {
		kt_fail("agent %c did not finish its command", a->name);
	}
	return a->result;
}

static int agent_do(struct agent *a, enum agent_op op, struct k_mutex *m)
{
	agent_post(a, op, m, K_FOREVER);
	return agent_wait(a);
}

static void agent_stop(struct agent *a)
{
	agent_post(a, OP_EXIT, NULL, K_NO_WAIT);
	helper_join(a->idx);
}

/* Lock @p m for @p ms milliseconds (p1, p2), from a helper thread. */
static void entry_hold(void *p1, void *p2, void *p3)
{
	(void)p3;
	(void)k_mutex_lock(p1, K_FOREVER);
	k_msleep((int32_t)(intptr_t)p2);
	(void)k_mutex_unlock(p1);
}

/* ---- basic locking ---- */

KTEST(mutex, init_null_returns_einval)
{
	kt_assert_eq(k_mutex_init(NULL), -EINVAL);
}

KTEST(mutex, lock_then_unlock_succeeds)
{
	kt_assert_eq(k_mutex_lock(&m1, K_FOREVER), 0);
	kt_assert_eq(k_mutex_unlock(&m1), 0);
	kt_assert_eq(k_mutex_lock(&m1, K_NO_WAIT), 0);
	kt_assert_eq(k_mutex_unlock(&m1), 0);
}

KTEST(mutex, define_creates_an_unlocked_mutex)
{
	kt_assert_eq(k_mutex_lock(&static_mutex, K_NO_WAIT), 0);
	kt_assert_eq(k_mutex_unlock(&static_mutex), 0);
}

KTEST(mutex, owner_may_lock_again)
{
	struct agent *a = agent_start(0, 'A', PRIO_ABOVE(1));

	kt_assert_eq(k_mutex_lock(&m1, K_FOREVER), 0);
	kt_assert_eq(k_mutex_lock(&m1, K_NO_WAIT), 0);
	kt_assert_eq(k_mutex_lock(&m1, K_MSEC(10)), 0);
	agent_post(a, OP_LOCK, &m1, K_NO_WAIT);
	kt_assert_eq(agent_wait(a), -EBUSY);
	for (int i = 0; i < 3; i++) {
		kt_assert_eq(k_mutex_unlock(&m1), 0);
	}
	agent_stop(a);
}

KTEST(mutex, each_recursive_lock_needs_its_own_unlock)
{
	struct agent *a = agent_start(0, 'A', PRIO_ABOVE(1));

	for (int i = 0; i < 3; i++) {
		kt_assert_eq(k_mutex_lock(&m1, K_FOREVER), 0);
	}
	kt_assert_eq(k_mutex_unlock(&m1), 0);
	kt_assert_eq(k_mutex_unlock(&m1), 0);
	agent_post(a, OP_LOCK, &m1, K_NO_WAIT);
	kt_assert_eq(agent_wait(a), -EBUSY);
	kt_assert_eq(k_mutex_unlock(&m1), 0);
	agent_post(a, OP_LOCK, &m1, K_NO_WAIT);
	kt_assert_eq(agent_wait(a), 0);
	kt_assert_eq(agent_do(a, OP_UNLOCK, &m1), 0);
	agent_stop(a);
}

KTEST(mutex, unlock_by_a_non_owner_returns_eperm)
{
	struct agent *a = agent_start(0, 'A', PRIO_ABOVE(1));

	kt_assert_eq(agent_do(a, OP_LOCK, &m1), 0);
	kt_assert_eq(k_mutex_unlock(&m1), -EPERM);
	/* Still held by the agent. */
	kt_assert_eq(k_mutex_lock(&m1, K_NO_WAIT), -EBUSY);
	kt_assert_eq(agent_do(a, OP_UNLOCK, &m1), 0);
	agent_stop(a);
}

KTEST(mutex, unlock_when_not_locked_returns_einval)
{
	kt_assert_eq(k_mutex_unlock(&m1), -EINVAL);
}

KTEST(mutex, unlock_more_times_than_locked_returns_einval)
{
	kt_assert_eq(k_mutex_lock(&m1, K_FOREVER), 0);
	kt_assert_eq(k_mutex_unlock(&m1), 0);
	kt_assert_eq(k_mutex_unlock(&m1), -EINVAL);
}

KTEST(mutex, lock_no_wait_when_owned_by_another_returns_ebusy)
{
	struct agent *a = agent_start(0, 'A', PRIO_ABOVE(1));

	kt_assert_eq(agent_do(a, OP_LOCK, &m1), 0);
	kt_assert_eq(k_mutex_lock(&m1, K_NO_WAIT), -EBUSY);
	kt_assert_eq(agent_do(a, OP_UNLOCK, &m1), 0);
	agent_stop(a);
}

KTEST(mutex, lock_times_out_with_eagain)
{
	struct agent *a = agent_start(0, 'A', PRIO_ABOVE(1));
	int64_t t0;

	kt_assert_eq(agent_do(a, OP_LOCK, &m1), 0);
	t0 = k_uptime_get();
	kt_assert_eq(k_mutex_lock(&m1, K_MSEC(50)), -EAGAIN);
	kt_assert_ge(k_uptime_get() - t0, 50);
	kt_assert_eq(agent_do(a, OP_UNLOCK, &m1), 0);
	agent_stop(a);
}

KTEST(mutex, lock_succeeds_when_released_before_the_timeout)
{
	helper_start(0, entry_hold, &m1, (void *)(intptr_t)20, NULL, PRIO_ABOVE(1), K_NO_WAIT);
	int64_t t0 = k_uptime_get();

	kt_assert_eq(k_mutex_lock(&m1, K_MSEC(100)), 0);
	int64_t dt = k_uptime_get() - t0;

	kt_assert_ge(dt, 20);
	kt_assert_lt(dt, 100);
	kt_assert_eq(k_mutex_unlock(&m1), 0);
	helper_join(0);
}

KTEST(mutex, lock_null_returns_einval)
{
	kt_assert_eq(k_mutex_lock(NULL, K_FOREVER), -EINVAL);
}

KTEST(mutex, lock_negative_timeout_returns_einval)
{
	kt_assert_eq(k_mutex_lock(&m1, K_TICKS(-2)), -EINVAL);
	/* Nothing was locked. */
	kt_assert_eq(k_mutex_unlock(&m1), -EINVAL);
}

KTEST(mutex, unlock_null_returns_einval)
{
	kt_assert_eq(k_mutex_unlock(NULL), -EINVAL);
}

static void isr_lock(const void *arg)
{
	(void)arg;
	isr_ret = k_mutex_lock(&m1, K_NO_WAIT);
}

static void isr_unlock(const void *arg)
{
	(void)arg;
	isr_ret = k_mutex_unlock(&m1);
}

KTEST(mutex, lock_from_isr_returns_einval)
{
	ktest_run_in_isr(isr_lock, NULL);
	kt_assert_eq(isr_ret, -EINVAL);
	/* The ISR did not take it. */
	kt_assert_eq(k_mutex_lock(&m1, K_NO_WAIT), 0);
	kt_assert_eq(k_mutex_unlock(&m1), 0);
}

KTEST(mutex, unlock_from_isr_returns_einval)
{
	kt_assert_eq(k_mutex_lock(&m1, K_FOREVER), 0);
	ktest_run_in_isr(isr_unlock, NULL);
	kt_assert_eq(isr_ret, -EINVAL);
	kt_assert_eq(k_mutex_unlock(&m1), 0);
}

/* ---- hand-over ---- */

KTEST(mutex, unlock_hands_the_mutex_to_the_highest_priority_waiter)
{
	struct agent *a = agent_start(0, 'A', PRIO_ABOVE(1));
	struct agent *b = agent_start(1, 'B', PRIO_ABOVE(3));
	struct agent *c = agent_start(2, 'C', PRIO_ABOVE(2));

	kt_assert_eq(k_mutex_lock(&m1, K_FOREVER), 0);
	agent_post(a, OP_LOCK, &m1, K_FOREVER);
	agent_post(b, OP_LOCK, &m1, K_FOREVER);
	agent_post(c, OP_LOCK, &m1, K_FOREVER);
	kt_assert_str_eq(log_get(), "");
	kt_assert_eq(k_mutex_unlock(&m1), 0);
	kt_assert_str_eq(log_get(), "B");
	kt_assert_eq(agent_wait(b), 0);
	kt_assert_eq(agent_do(b, OP_UNLOCK, &m1), 0);
	kt_assert_str_eq(log_get(), "BC");
	kt_assert_eq(agent_wait(c), 0);
	kt_assert_eq(agent_do(c, OP_UNLOCK, &m1), 0);
	kt_assert_str_eq(log_get(), "BCA");
	kt_assert_eq(agent_wait(a), 0);
	kt_assert_eq(agent_do(a, OP_UNLOCK, &m1), 0);
	agent_stop(a);
	agent_stop(b);
	agent_stop(c);
}

KTEST(mutex, equal_priority_waiters_get_the_mutex_in_fifo_order)
{
	struct agent *ag[3];

	for (int i = 0; i < 3; i++) {
		ag[i] = agent_start(i, (char)('A' + i), PRIO_ABOVE(1));
	}
	kt_assert_eq(k_mutex_lock(&m1, K_FOREVER), 0);
	for (int i = 0; i < 3; i++) {
		agent_post(ag[i], OP_LOCK, &m1, K_FOREVER);
	}
	kt_assert_eq(k_mutex_unlock(&m1), 0);
	for (int i = 0; i < 3; i++) {
		kt_assert_eq(agent_wait(ag[i]), 0);
		kt_assert_eq(agent_do(ag[i], OP_UNLOCK, &m1), 0);
	}
	kt_assert_str_eq(log_get(), "ABC");
	for (int i = 0; i < 3; i++) {
		agent_stop(ag[i]);
	}
}

KTEST(mutex, unlock_hands_ownership_over_before_the_waiter_runs)
{
	struct agent *w = agent_start(0, 'W', PRIO_BELOW(1));

	kt_assert_eq(k_mutex_lock(&m1, K_FOREVER), 0);
	agent_post_settle(w, OP_LOCK, &m1, K_FOREVER);
	kt_assert_eq(k_mutex_unlock(&m1), 0);
	/* The waiter has not run yet, but the mutex is already its own. */
	kt_assert_eq(w->result, NO_RESULT);
	kt_assert_eq(k_mutex_lock(&m1, K_NO_WAIT), -EBUSY);
	kt_assert_eq(agent_wait(w), 0);
	kt_assert_eq(agent_do(w, OP_UNLOCK, &m1), 0);
	agent_stop(w);
}

KTEST(mutex, timed_out_waiter_does_not_get_the_mutex)
{
	struct agent *w = agent_start(0, 'W', PRIO_ABOVE(1));

	kt_assert_eq(k_mutex_lock(&m1, K_FOREVER), 0);
	agent_post(w, OP_LOCK, &m1, K_MSEC(20));
	k_msleep(50);
	kt_assert_eq(w->result, -EAGAIN);
	kt_assert_eq(k_mutex_unlock(&m1), 0);
	/* Free again: nobody took it over. */
	kt_assert_eq(k_mutex_lock(&m1, K_NO_WAIT), 0);
	kt_assert_eq(k_mutex_unlock(&m1), 0);
	kt_assert_eq(agent_wait(w), -EAGAIN);
	agent_stop(w);
}

/* ---- priority inheritance ---- */

/* L (low) locks m1 and a waiter H at @p h_prio blocks on it. */
static void setup_owner_and_waiter(struct agent **l, struct agent **h, int h_prio)
{
	*l = agent_start(0, 'L', L_PRIO);
	*h = agent_start(1, 'H', h_prio);
	kt_assert_eq(agent_do(*l, OP_LOCK, &m1), 0);
	agent_post_settle(*h, OP_LOCK, &m1, K_FOREVER);
	kt_assert_eq((*h)->result, NO_RESULT);
}

static void finish_owner_and_waiter(struct agent *l, struct agent *h)
{
	kt_assert_eq(agent_do(l, OP_UNLOCK, &m1), 0);
	kt_assert_eq(agent_wait(h), 0);
	kt_assert_eq(agent_do(h, OP_UNLOCK, &m1), 0);
	agent_stop(l);
	agent_stop(h);
}

KTEST(mutex, owner_inherits_the_priority_of_a_waiter)
{
	struct agent *l, *h;

	setup_owner_and_waiter(&l, &h, PRIO_ABOVE(2));
	kt_assert_eq(k_thread_priority_get(agent_tid(l)), PRIO_ABOVE(2));
	finish_owner_and_waiter(l, h);
}

KTEST(mutex, owner_inherits_a_cooperative_priority)
{
	struct agent *l, *h;

	setup_owner_and_waiter(&l, &h, K_PRIO_COOP(3));
	kt_assert_eq(k_thread_priority_get(agent_tid(l)), K_PRIO_COOP(3));
	finish_owner_and_waiter(l, h);
}

KTEST(mutex, waiter_of_lower_priority_does_not_lower_the_owner)
{
	struct agent *o = agent_start(0, 'O', PRIO_ABOVE(1));
	struct agent *w = agent_start(1, 'W', L_PRIO);

	kt_assert_eq(agent_do(o, OP_LOCK, &m1), 0);
	agent_post_settle(w, OP_LOCK, &m1, K_FOREVER);
	kt_assert_eq(k_thread_priority_get(agent_tid(o)), PRIO_ABOVE(1));
	kt_assert_eq(agent_do(o, OP_UNLOCK, &m1), 0);
	kt_assert_eq(agent_wait(w), 0);
	kt_assert_eq(agent_do(w, OP_UNLOCK, &m1), 0);
	agent_stop(o);
	agent_stop(w);
}

KTEST(mutex, inherited_priority_is_dropped_on_unlock)
{
	struct agent *l, *h;

	setup_owner_and_waiter(&l, &h, PRIO_ABOVE(2));
	kt_assert_eq(agent_do(l, OP_UNLOCK, &m1), 0);
	kt_assert_eq(l->prio_after, L_PRIO);
	kt_assert_eq(k_thread_priority_get(agent_tid(l)), L_PRIO);
	/* The waiter got the mutex and runs at its own priority. */
	kt_assert_eq(agent_wait(h), 0);
	kt_assert_eq(h->prio_after, PRIO_ABOVE(2));
	kt_assert_eq(agent_do(h, OP_UNLOCK, &m1), 0);
	agent_stop(l);
	agent_stop(h);
}

KTEST(mutex, owner_runs_at_the_best_priority_of_several_waiters)
{
	struct agent *l = agent_start(0, 'L', L_PRIO);
	struct agent *w1 = agent_start(1, '1', PRIO_BELOW(2));
	struct agent *w2 = agent_start(2, '2', PRIO_ABOVE(1));
	struct agent *w3 = agent_start(3, '3', PRIO_BELOW(1));

	kt_assert_eq(agent_do(l, OP_LOCK, &m1), 0);
	agent_post_settle(w1, OP_LOCK, &m1, K_FOREVER);
	kt_assert_eq(k_thread_priority_get(agent_tid(l)), PRIO_BELOW(2));
	agent_post_settle(w2, OP_LOCK, &m1, K_FOREVER);
	kt_assert_eq(k_thread_priority_get(agent_tid(l)), PRIO_ABOVE(1));
	agent_post_settle(w3, OP_LOCK, &m1, K_FOREVER);
	kt_assert_eq(k_thread_priority_get(agent_tid(l)), PRIO_ABOVE(1));

	kt_assert_eq(agent_do(l, OP_UNLOCK, &m1), 0);
	kt_assert_eq(agent_wait(w2), 0);
	/* w2 now owns it with w3 and w1 waiting: it keeps its own, better, priority. */
	kt_assert_eq(agent_do(w2, OP_UNLOCK, &m1), 0);
	kt_assert_eq(agent_wait(w3), 0);
	kt_assert_eq(agent_do(w3, OP_UNLOCK, &m1), 0);
	kt_assert_eq(agent_wait(w1), 0);
	kt_assert_eq(agent_do(w1, OP_UNLOCK, &m1), 0);
	kt_assert_str_eq(log_get(), "L231");
	agent_stop(l);
	agent_stop(w1);
	agent_stop(w2);
	agent_stop(w3);
}

KTEST(mutex, new_owner_inherits_from_the_remaining_waiters)
{
	struct agent *l = agent_start(0, 'L', L_PRIO);
	struct agent *w1 = agent_start(1, '1', PRIO_BELOW(3));
	struct agent *w2 = agent_start(2, '2', PRIO_ABOVE(1));

	kt_assert_eq(agent_do(l, OP_LOCK, &m1), 0);
	/* w1 gets it first (it waits first and is the only waiter)... */
	agent_post_settle(w1, OP_LOCK, &m1, K_FOREVER);
	kt_assert_eq(agent_do(l, OP_UNLOCK, &m1), 0);
	kt_assert_eq(agent_wait(w1), 0);
	/* ...then w2 waits behind it: w1 is raised to w2's priority. */
	agent_post(w2, OP_LOCK, &m1, K_FOREVER);
	kt_assert_eq(k_thread_priority_get(agent_tid(w1)), PRIO_ABOVE(1));
	kt_assert_eq(agent_do(w1, OP_UNLOCK, &m1), 0);
	kt_assert_eq(w1->prio_after, PRIO_BELOW(3));
	kt_assert_eq(agent_wait(w2), 0);
	kt_assert_eq(agent_do(w2, OP_UNLOCK, &m1), 0);
	agent_stop(l);
	agent_stop(w1);
	agent_stop(w2);
}

/*
 * The chain: L holds m1; M holds m2 and waits for m1; H waits for m2.
 * Priorities: L < M < H.
 */
#define CHAIN_L_PRIO L_PRIO
#define CHAIN_M_PRIO PRIO_BELOW(3)
#define CHAIN_H_PRIO PRIO_ABOVE(2)

static void setup_chain(struct agent **l, struct agent **m, struct agent **h,
			k_timeout_t h_timeout)
{
	*l = agent_start(0, 'L', CHAIN_L_PRIO);
	*m = agent_start(1, 'M', CHAIN_M_PRIO);
	*h = agent_start(2, 'H', CHAIN_H_PRIO);
	kt_assert_eq(agent_do(*l, OP_LOCK, &m1), 0);
	kt_assert_eq(agent_do(*m, OP_LOCK, &m2), 0);
	agent_post_settle(*m, OP_LOCK, &m1, K_FOREVER);
	kt_assert_eq(k_thread_priority_get(agent_tid(*l)), CHAIN_M_PRIO);
	agent_post(*h, OP_LOCK, &m2, h_timeout);
	kt_assert_eq((*h)->result, NO_RESULT);
}

KTEST(mutex, inheritance_follows_a_chain_of_mutexes)
{
	struct agent *l, *m, *h;

	setup_chain(&l, &m, &h, K_FOREVER);
	kt_assert_eq(k_thread_priority_get(agent_tid(m)), CHAIN_H_PRIO);
	kt_assert_eq(k_thread_priority_get(agent_tid(l)), CHAIN_H_PRIO);

	kt_assert_eq(agent_do(l, OP_UNLOCK, &m1), 0);
	kt_assert_eq(agent_wait(m), 0); /* M got m1 */
	kt_assert_eq(agent_do(m, OP_UNLOCK, &m2), 0);
	kt_assert_eq(agent_wait(h), 0); /* H got m2 */
	kt_assert_eq(agent_do(m, OP_UNLOCK, &m1), 0);
	kt_assert_eq(agent_do(h, OP_UNLOCK, &m2), 0);
	agent_stop(l);
	agent_stop(m);
	agent_stop(h);
}

KTEST(mutex, chain_inheritance_unwinds_as_mutexes_are_released)
{
	struct agent *l, *m, *h;

	setup_chain(&l, &m, &h, K_FOREVER);
	/* L lets m1 go: L is back to its base, M (now owning both) keeps H's. */
	kt_assert_eq(agent_do(l, OP_UNLOCK, &m1), 0);
	kt_assert_eq(l->prio_after, CHAIN_L_PRIO);
	kt_assert_eq(agent_wait(m), 0);
	kt_assert_eq(m->prio_after, CHAIN_H_PRIO);
	/* M lets m2 go to H: M drops to its base. */
	kt_assert_eq(agent_do(m, OP_UNLOCK, &m2), 0);
	kt_assert_eq(m->prio_after, CHAIN_M_PRIO);
	kt_assert_eq(agent_wait(h), 0);
	kt_assert_eq(agent_do(m, OP_UNLOCK, &m1), 0);
	kt_assert_eq(agent_do(h, OP_UNLOCK, &m2), 0);
	agent_stop(l);
	agent_stop(m);
	agent_stop(h);
}

KTEST(mutex, chain_inheritance_is_undone_when_the_top_waiter_times_out)
{
	struct agent *l, *m, *h;

	setup_chain(&l, &m, &h, K_MSEC(50));
	kt_assert_eq(k_thread_priority_get(agent_tid(l)), CHAIN_H_PRIO);
	kt_assert_eq(agent_wait(h), -EAGAIN);
	kt_assert_eq(k_thread_priority_get(agent_tid(m)), CHAIN_M_PRIO);
	kt_assert_eq(k_thread_priority_get(agent_tid(l)), CHAIN_M_PRIO);

	kt_assert_eq(agent_do(l, OP_UNLOCK, &m1), 0);
	kt_assert_eq(agent_wait(m), 0);
	kt_assert_eq(agent_do(m, OP_UNLOCK, &m1), 0);
	kt_assert_eq(agent_do(m, OP_UNLOCK, &m2), 0);
	agent_stop(l);
	agent_stop(m);
	agent_stop(h);
}

KTEST(mutex, waiter_timeout_drops_the_owner_to_the_next_best_waiter)
{
	struct agent *l = agent_start(0, 'L', L_PRIO);
	struct agent *w1 = agent_start(1, '1', PRIO_BELOW(1));
	struct agent *w2 = agent_start(2, '2', PRIO_ABOVE(2));

	kt_assert_eq(agent_do(l, OP_LOCK, &m1), 0);
	agent_post_settle(w1, OP_LOCK, &m1, K_FOREVER);
	agent_post(w2, OP_LOCK, &m1, K_MSEC(50));
	kt_assert_eq(k_thread_priority_get(agent_tid(l)), PRIO_ABOVE(2));
	kt_assert_eq(agent_wait(w2), -EAGAIN);
	kt_assert_eq(k_thread_priority_get(agent_tid(l)), PRIO_BELOW(1));

	kt_assert_eq(agent_do(l, OP_UNLOCK, &m1), 0);
	kt_assert_eq(agent_wait(w1), 0);
	kt_assert_eq(agent_do(w1, OP_UNLOCK, &m1), 0);
	agent_stop(l);
	agent_stop(w1);
	agent_stop(w2);
}

KTEST(mutex, waiter_timeout_drops_the_owner_to_its_base_priority)
{
	struct agent *l = agent_start(0, 'L', L_PRIO);
	struct agent *w = agent_start(1, 'W', PRIO_ABOVE(2));

	kt_assert_eq(agent_do(l, OP_LOCK, &m1), 0);
	agent_post(w, OP_LOCK, &m1, K_MSEC(50));
	kt_assert_eq(k_thread_priority_get(agent_tid(l)), PRIO_ABOVE(2));
	kt_assert_eq(agent_wait(w), -EAGAIN);
	kt_assert_eq(k_thread_priority_get(agent_tid(l)), L_PRIO);
	kt_assert_eq(agent_do(l, OP_UNLOCK, &m1), 0);
	agent_stop(l);
	agent_stop(w);
}

KTEST(mutex, aborted_waiter_no_longer_raises_the_owner)
{
	struct agent *l, *h;

	setup_owner_and_waiter(&l, &h, PRIO_ABOVE(2));
	kt_assert_eq(k_thread_abort(agent_tid(h)), 0);
	kt_assert_eq(k_thread_priority_get(agent_tid(l)), L_PRIO);
	kt_assert_eq(agent_do(l, OP_UNLOCK, &m1), 0);
	/* Nobody took it over. */
	kt_assert_eq(k_mutex_lock(&m1, K_NO_WAIT), 0);
	kt_assert_eq(k_mutex_unlock(&m1), 0);
	agent_stop(l);
}

KTEST(mutex, releasing_one_of_two_mutexes_keeps_the_inheritance_from_the_other)
{
	struct agent *l = agent_start(0, 'L', L_PRIO);
	struct agent *ha = agent_start(1, 'a', PRIO_ABOVE(1));
	struct agent *hb = agent_start(2, 'b', PRIO_ABOVE(3));

	kt_assert_eq(agent_do(l, OP_LOCK, &m1), 0);
	kt_assert_eq(agent_do(l, OP_LOCK, &m2), 0);
	agent_post(ha, OP_LOCK, &m1, K_FOREVER);
	agent_post(hb, OP_LOCK, &m2, K_FOREVER);
	kt_assert_eq(k_thread_priority_get(agent_tid(l)), PRIO_ABOVE(3));

	kt_assert_eq(agent_do(l, OP_UNLOCK, &m2), 0);
	kt_assert_eq(l->prio_after, PRIO_ABOVE(1)); /* still inherits from ha */
	kt_assert_eq(agent_wait(hb), 0);
	kt_assert_eq(agent_do(l, OP_UNLOCK, &m1), 0);
	kt_assert_eq(l->prio_after, L_PRIO);
	kt_assert_eq(agent_wait(ha), 0);

	kt_assert_eq(agent_do(ha, OP_UNLOCK, &m1), 0);
	kt_assert_eq(agent_do(hb, OP_UNLOCK, &m2), 0);
	agent_stop(l);
	agent_stop(ha);
	agent_stop(hb);
}

KTEST(mutex, priority_set_on_an_owner_keeps_the_inherited_priority)
{
	struct agent *l, *h;

	setup_owner_and_waiter(&l, &h, PRIO_ABOVE(2));
	kt_assert_eq(k_thread_priority_set(agent_tid(l), PRIO_BELOW(3)), 0);
	kt_assert_eq(k_thread_priority_get(agent_tid(l)), PRIO_ABOVE(2));
	/* On release it drops to the new base priority, not the old one. */
	kt_assert_eq(agent_do(l, OP_UNLOCK, &m1), 0);
	kt_assert_eq(l->prio_after, PRIO_BELOW(3));
	kt_assert_eq(agent_wait(h), 0);
	kt_assert_eq(agent_do(h, OP_UNLOCK, &m1), 0);
	agent_stop(l);
	agent_stop(h);
}

KTEST(mutex, priority_set_on_an_owner_above_the_inherited_one_applies)
{
	struct agent *l, *h;

	setup_owner_and_waiter(&l, &h, PRIO_ABOVE(2));
	kt_assert_eq(k_thread_priority_set(agent_tid(l), PRIO_ABOVE(3)), 0);
	kt_assert_eq(k_thread_priority_get(agent_tid(l)), PRIO_ABOVE(3));
	kt_assert_eq(agent_do(l, OP_UNLOCK, &m1), 0);
	kt_assert_eq(l->prio_after, PRIO_ABOVE(3));
	kt_assert_eq(agent_wait(h), 0);
	kt_assert_eq(agent_do(h, OP_UNLOCK, &m1), 0);
	agent_stop(l);
	agent_stop(h);
}

KTEST(mutex, raising_a_waiters_priority_raises_the_owner)
{
	struct agent *l, *w;

	setup_owner_and_waiter(&l, &w, PRIO_BELOW(1));
	kt_assert_eq(k_thread_priority_get(agent_tid(l)), PRIO_BELOW(1));
	kt_assert_eq(k_thread_priority_set(agent_tid(w), PRIO_ABOVE(3)), 0);
	kt_assert_eq(k_thread_priority_get(agent_tid(l)), PRIO_ABOVE(3));
	finish_owner_and_waiter(l, w);
}

/* ---- deadlock detection ---- */

KTEST(mutex, lock_returns_edeadlk_when_two_threads_wait_for_each_other)
{
	struct agent *a = agent_start(0, 'A', PRIO_ABOVE(1));
	struct agent *b = agent_start(1, 'B', PRIO_ABOVE(2));

	kt_assert_eq(agent_do(a, OP_LOCK, &m1), 0);
	kt_assert_eq(agent_do(b, OP_LOCK, &m2), 0);
	agent_post(a, OP_LOCK, &m2, K_FOREVER); /* A waits for B */
	kt_assert_eq(a->result, NO_RESULT);
	kt_assert_eq(agent_do(b, OP_LOCK, &m1), -EDEADLK); /* B would wait for A */

	/* B is not left waiting: it can release m2, which A then gets. */
	kt_assert_eq(agent_do(b, OP_UNLOCK, &m2), 0);
	kt_assert_eq(agent_wait(a), 0);
	kt_assert_eq(agent_do(a, OP_UNLOCK, &m2), 0);
	kt_assert_eq(agent_do(a, OP_UNLOCK, &m1), 0);
	agent_stop(a);
	agent_stop(b);
}

KTEST(mutex, lock_returns_edeadlk_on_a_cycle_of_three)
{
	struct agent *a = agent_start(0, 'A', PRIO_ABOVE(1));
	struct agent *b = agent_start(1, 'B', PRIO_ABOVE(2));
	struct agent *c = agent_start(2, 'C', PRIO_ABOVE(3));

	kt_assert_eq(agent_do(a, OP_LOCK, &m1), 0);
	kt_assert_eq(agent_do(b, OP_LOCK, &m2), 0);
	kt_assert_eq(agent_do(c, OP_LOCK, &m3), 0);
	agent_post(a, OP_LOCK, &m2, K_FOREVER); /* A -> B */
	agent_post(b, OP_LOCK, &m3, K_FOREVER); /* B -> C */
	kt_assert_eq(agent_do(c, OP_LOCK, &m1), -EDEADLK); /* C -> A closes it */

	kt_assert_eq(agent_do(c, OP_UNLOCK, &m3), 0);
	kt_assert_eq(agent_wait(b), 0);
	kt_assert_eq(agent_do(b, OP_UNLOCK, &m3), 0);
	kt_assert_eq(agent_do(b, OP_UNLOCK, &m2), 0);
	kt_assert_eq(agent_wait(a), 0);
	kt_assert_eq(agent_do(a, OP_UNLOCK, &m2), 0);
	kt_assert_eq(agent_do(a, OP_UNLOCK, &m1), 0);
	agent_stop(a);
	agent_stop(b);
	agent_stop(c);
}

KTEST(mutex, waiting_on_a_chain_without_a_cycle_is_not_a_deadlock)
{
	struct agent *a = agent_start(0, 'A', PRIO_ABOVE(1));
	struct agent *b = agent_start(1, 'B', PRIO_ABOVE(2));

	kt_assert_eq(agent_do(a, OP_LOCK, &m1), 0);
	kt_assert_eq(agent_do(b, OP_LOCK, &m2), 0);
	agent_post(a, OP_LOCK, &m2, K_FOREVER); /* A -> B */
	/* The case waits for A: a chain, not a cycle. */
	kt_assert_eq(k_mutex_lock(&m1, K_MSEC(20)), -EAGAIN);

	kt_assert_eq(agent_do(b, OP_UNLOCK, &m2), 0);
	kt_assert_eq(agent_wait(a), 0);
	kt_assert_eq(agent_do(a, OP_UNLOCK, &m2), 0);
	kt_assert_eq(agent_do(a, OP_UNLOCK, &m1), 0);
	agent_stop(a);
	agent_stop(b);
}
