/*
 * Threads of different priorities exchanging work through semaphores, with
 * a mutex-protected shared log. See README.md.
 */
#include <kestrel/kernel.h>

#define ROUNDS 12
#define QUEUE_LEN 4
#define STACK 2048

K_SEM_DEFINE(jobs, 0, QUEUE_LEN);
K_SEM_DEFINE(slots, QUEUE_LEN, QUEUE_LEN);
K_SEM_DEFINE(done, 0, ROUNDS);
K_MUTEX_DEFINE(log_lock);

static int queue[QUEUE_LEN];
static unsigned int q_head, q_tail;
static int log_lines;
static int done_by[2];

static K_THREAD_STACK_DEFINE(producer_stack, STACK);
static K_THREAD_STACK_DEFINE(worker_stacks[2], STACK);
static struct k_thread producer_thread, worker_threads[2];

static void log_job(const char *who, int job)
{
	k_mutex_lock(&log_lock, K_FOREVER);
	log_lines++;
	printk("[%4lld ms] %s: finished job %d\n", (long long)k_uptime_get(),
	       who, job);
	k_mutex_unlock(&log_lock);
}

static void producer(void *p1, void *p2, void *p3)
{
	(void)p1;
	(void)p2;
	(void)p3;
	for (int job = 1; job <= ROUNDS; job++) {
		k_sem_take(&slots, K_FOREVER);
		k_mutex_lock(&log_lock, K_FOREVER);
		queue[q_tail++ % QUEUE_LEN] = job;
		printk("[%4lld ms] producer: made job %d\n",
		       (long long)k_uptime_get(), job);
		k_mutex_unlock(&log_lock);
		k_sem_give(&jobs);
		k_msleep(10);
	}
}

static void worker(void *p1, void *p2, void *p3)
{
	int id = (int)(intptr_t)p1;
	const char *name = p2;

	(void)p3;
	for (;;) {
		k_sem_take(&jobs, K_FOREVER);
		k_mutex_lock(&log_lock, K_FOREVER);
		int job = queue[q_head++ % QUEUE_LEN];

		k_mutex_unlock(&log_lock);
		k_sem_give(&slots);
		k_msleep(15); /* the work */
		done_by[id]++;
		log_job(name, job);
		k_sem_give(&done);
	}
}

int main(void)
{
	static const char *const names[2] = { "worker-hi", "worker-lo" };
	static const int prios[2] = { 2, 6 };

	for (int i = 0; i < 2; i++) {
		k_thread_create(&worker_threads[i], worker_stacks[i],
				K_THREAD_STACK_SIZEOF(worker_stacks[i]), worker,
				(void *)(intptr_t)i, (void *)names[i], NULL,
				prios[i], 0, K_NO_WAIT);
		k_thread_name_set(&worker_threads[i], names[i]);
	}
	k_thread_create(&producer_thread, producer_stack,
			K_THREAD_STACK_SIZEOF(producer_stack), producer, NULL,
			NULL, NULL, 4, 0, K_NO_WAIT);
	k_thread_name_set(&producer_thread, "producer");

	for (int i = 0; i < ROUNDS; i++) {
		k_sem_take(&done, K_FOREVER);
	}
	k_thread_join(&producer_thread, K_FOREVER);
	for (int i = 0; i < 2; i++) {
		k_thread_abort(&worker_threads[i]);
	}
	bool ok = done_by[0] + done_by[1] == ROUNDS && log_lines == ROUNDS &&
		  done_by[0] > 0 && done_by[1] > 0;

	printk("synchronization: %d jobs done by 2 workers, %d log lines, "
	       "counters %s (worker-hi %d, worker-lo %d)\n",
	       done_by[0] + done_by[1], log_lines, ok ? "match" : "MISMATCH",
	       done_by[0], done_by[1]);
	return ok ? 0 : 1;
}
