/*
 * Kernel benchmark: instructions per operation for the figures of
 * `kt bench` (see include/kestrel/bench.h for how they are counted).
 *
 * Priorities: main runs at 5; "high" threads at 4 preempt it.
 */
#include <kestrel/bench.h>
#include <kestrel/irq_offload.h>
#include <kestrel/kernel.h>

#ifndef BENCH_N
#define BENCH_N 2000
#endif
#define N BENCH_N
#define STACK 1024
#define PRIO_MAIN 5
#define PRIO_HIGH 4

static K_THREAD_STACK_DEFINE(stack_a, STACK);
static K_THREAD_STACK_DEFINE(stack_b, STACK);
static struct k_thread thread_a, thread_b;
static K_SEM_DEFINE(ping, 0, 1);
static K_SEM_DEFINE(pong, 0, 1);
static K_SEM_DEFINE(counter, 0, K_SEM_MAX_LIMIT);
static K_MUTEX_DEFINE(mutex);
static K_HEAP_DEFINE(heap, 2048);
static K_MSGQ_DEFINE(msgq, sizeof(uint32_t), 8, 4);

static void start(struct k_thread *t, k_thread_entry_t entry, int prio)
{
	(void)k_thread_create(t, stack_a, K_THREAD_STACK_SIZEOF(stack_a), entry,
			      NULL, NULL, NULL, prio, 0, K_NO_WAIT);
}

/* Ping-pong: main gives ping, the higher-priority answerer wakes and gives
 * pong back, main wakes. One round trip per iteration. */
static void answerer(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	for (int i = 0; i < N; i++) {
		(void)k_sem_take(&ping, K_FOREVER);
		(void)k_sem_give(&pong);
	}
}

static void bench_pingpong(void)
{
	start(&thread_a, answerer, PRIO_HIGH); /* now blocked on ping */
	bench_start();
	for (int i = 0; i < N; i++) {
		(void)k_sem_give(&ping);
		(void)k_sem_take(&pong, K_FOREVER);
	}
	bench_stop("sem_pingpong_roundtrip", N);
	(void)k_thread_join(&thread_a, K_FOREVER);
}

/* Two threads of main's priority yielding to each other. */
static void yielder(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	for (int i = 0; i < N; i++) {
		k_yield();
	}
}

static void bench_yield(void)
{
	start(&thread_a, yielder, PRIO_MAIN); /* ready, behind main */
	bench_start();
	for (int i = 0; i < N; i++) {
		k_yield(); /* to yielder, which yields back: two switches */
	}
	bench_stop("yield_switch", 2 * N);
	(void)k_thread_join(&thread_a, K_FOREVER);
}

static void bench_sem_nowait(void)
{
	(void)k_sem_reset(&counter);
	bench_start();
	for (int i = 0; i < N; i++) {
		(void)k_sem_give(&counter);
	}
	bench_stop("sem_give_nowait", N);
	bench_start();
	for (int i = 0; i < N; i++) {
		(void)k_sem_take(&counter, K_NO_WAIT);
	}
	bench_stop("sem_take_nowait", N);
}

static void bench_mutex(void)
{
	bench_start();
	for (int i = 0; i < N; i++) {
		(void)k_mutex_lock(&mutex, K_FOREVER);
		(void)k_mutex_unlock(&mutex);
	}
	bench_stop("mutex_lock_unlock", N);
}

/* ISR -> thread: an interrupt gives a semaphore a higher-priority thread
 * waits on; it runs at once, then waits again. */
static void isr_give(const void *arg)
{
	(void)arg;
	(void)k_sem_give(&ping);
}

static void isr_waiter(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	for (int i = 0; i < N; i++) {
		(void)k_sem_take(&ping, K_FOREVER);
	}
}

static void bench_isr_to_thread(void)
{
	start(&thread_a, isr_waiter, PRIO_HIGH);
	bench_start();
	for (int i = 0; i < N; i++) {
		irq_offload(isr_give, NULL);
	}
	bench_stop("isr_to_thread", N);
	(void)k_thread_join(&thread_a, K_FOREVER);
}

static void nothing(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
}

/* Create + start of a lower-priority thread (no switch); the abort that
 * frees the object for the next round is not counted. */
static void bench_thread_create(void)
{
	bench_start();
	for (int i = 0; i < N; i++) {
		(void)k_thread_create(&thread_b, stack_b, K_THREAD_STACK_SIZEOF(stack_b),
				      nothing, NULL, NULL, NULL, PRIO_MAIN + 1, 0,
				      K_FOREVER);
		(void)k_thread_start(&thread_b);
		bench_pause();
		(void)k_thread_abort(&thread_b);
		bench_resume();
	}
	bench_stop("thread_create_start", N);
}

/* A 4-byte message put into a queue with room, then got back. */
static void bench_msgq(void)
{
	uint32_t in = 1, out = 0;

	bench_start();
	for (int i = 0; i < N; i++) {
		(void)k_msgq_put(&msgq, &in, K_NO_WAIT);
		(void)k_msgq_get(&msgq, &out, K_NO_WAIT);
	}
	bench_stop("msgq_put_get", N);
}

/* A 64-byte allocation and its release from a heap with room. */
static void bench_heap(void)
{
	bench_start();
	for (int i = 0; i < N; i++) {
		void *p = k_heap_alloc(&heap, 64, K_NO_WAIT);

		k_heap_free(&heap, p);
	}
	bench_stop("heap_alloc_free", N);
}

int main(void)
{
	(void)k_thread_priority_set(k_current_get(), PRIO_MAIN);
	bench_pingpong();
	bench_yield();
	bench_sem_nowait();
	bench_mutex();
	bench_isr_to_thread();
	bench_thread_create();
	bench_msgq();
	bench_heap();
	printk("benchmark: done\n");
	return 0;
}
