/* Helper threads and the event log for the kernel tests (see helpers.h). */
#include "helpers.h"

#define LOG_SIZE 128

struct k_thread helper_threads[HELPER_COUNT];
static K_THREAD_STACK_ARRAY_DEFINE(helper_stacks, HELPER_COUNT, HELPER_STACK_SIZE);
static bool helper_used[HELPER_COUNT];

static char log_buf[LOG_SIZE];
static size_t log_len;

k_thread_stack_t *helper_stack(int i)
{
	return helper_stacks[i];
}

size_t helper_stack_size(void)
{
	return K_THREAD_STACK_SIZEOF(helper_stacks[0]);
}

void helper_mark_used(int i)
{
	helper_used[i] = true;
}

k_tid_t helper_start(int i, k_thread_entry_t entry, void *p1, void *p2,
		     void *p3, int prio, k_timeout_t delay)
{
	/* Mark first: a helper that outranks the caller runs inside create. */
	helper_used[i] = true;
	int ret = k_thread_create(&helper_threads[i], helper_stacks[i],
				  K_THREAD_STACK_SIZEOF(helper_stacks[i]), entry,
				  p1, p2, p3, prio, 0, delay);

	if (ret != 0) {
		kt_fail("helper %d: k_thread_create() returned %d", i, ret);
	}
	return &helper_threads[i];
}

void helper_join(int i)
{
	int ret = k_thread_join(&helper_threads[i], K_SECONDS(10));

	if (ret != 0) {
		kt_fail("helper %d did not end: k_thread_join() returned %d", i, ret);
	}
}

void helpers_stop_all(void)
{
	for (int i = 0; i < HELPER_COUNT; i++) {
		/* State 0: the object never became a thread (creation failed). */
		if (helper_used[i] && k_thread_state_get(&helper_threads[i]) != 0) {
			(void)k_thread_abort(&helper_threads[i]);
		}
		helper_used[i] = false;
	}
}

void log_reset(void)
{
	unsigned int key = irq_lock();

	log_len = 0;
	log_buf[0] = '\0';
	irq_unlock(key);
}

void log_event(char c)
{
	unsigned int key = irq_lock();

	if (log_len < LOG_SIZE - 1) {
		log_buf[log_len++] = c;
		log_buf[log_len] = '\0';
	}
	irq_unlock(key);
}

const char *log_get(void)
{
	return log_buf;
}
