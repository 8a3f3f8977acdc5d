/*
 * lwIP's OS layer (src/include/lwip/sys.h) on the Kestrel kernel.
 *
 *   sys_sem_t    -> struct k_sem (limit 1 when created with count <= 1: lwIP
 *                   uses semaphores as binary signals)
 *   sys_mutex_t  -> struct k_mutex (recursive; lwIP never relies on that)
 *   sys_mbox_t   -> struct k_msgq of pointers, ring allocated in lwIP's
 *                   own heap (mem_malloc), so the kernel needs no heap
 *   sys_thread_t -> struct k_thread from a static pool of
 *                   CONFIG_NET_LWIP_THREADS threads and stacks
 *   sys_now      -> k_uptime_get()
 *   SYS_ARCH_PROTECT -> irq_lock()
 *
 * lwIP's timeouts are milliseconds with 0 meaning "wait forever"; the wait
 * functions return the milliseconds waited or SYS_ARCH_TIMEOUT.
 */
#include <string.h>

#include <kestrel/drivers/entropy.h>
#include <kestrel/kernel.h>
#include <kestrel/kernel/ipc.h>

#include "devicetree.h"

#include "lwip/err.h"
#include "lwip/mem.h"
#include "lwip/sys.h"
#include "lwip/tcpip.h"

static k_timeout_t timeout_of(u32_t ms)
{
	return ms == 0 ? K_FOREVER : K_MSEC(ms);
}

/* Milliseconds waited since @p start (0 is a valid answer for lwIP). */
static u32_t waited_since(int64_t start)
{
	return (u32_t)(k_uptime_get() - start);
}

void sys_init(void)
{
}

u32_t sys_now(void)
{
	return (u32_t)k_uptime_get();
}

sys_prot_t sys_arch_protect(void)
{
	return irq_lock();
}

void sys_arch_unprotect(sys_prot_t pval)
{
	irq_unlock(pval);
}

/* ---- semaphores ---- */

err_t sys_sem_new(sys_sem_t *sem, u8_t count)
{
	if (k_sem_init(&sem->sem, count, count > 1 ? count : 1) != 0) {
		return ERR_ARG;
	}
	sem->valid = true;
	return ERR_OK;
}

void sys_sem_free(sys_sem_t *sem)
{
	sem->valid = false;
}

void sys_sem_signal(sys_sem_t *sem)
{
	(void)k_sem_give(&sem->sem);
}

u32_t sys_arch_sem_wait(sys_sem_t *sem, u32_t timeout)
{
	int64_t start = k_uptime_get();

	if (k_sem_take(&sem->sem, timeout_of(timeout)) != 0) {
		return SYS_ARCH_TIMEOUT;
	}
	return waited_since(start);
}

int sys_sem_valid(sys_sem_t *sem)
{
	return sem != NULL && sem->valid;
}

void sys_sem_set_invalid(sys_sem_t *sem)
{
	sem->valid = false;
}

/* ---- mutexes ---- */

err_t sys_mutex_new(sys_mutex_t *mutex)
{
	(void)k_mutex_init(&mutex->mutex);
	mutex->valid = true;
	return ERR_OK;
}

void sys_mutex_free(sys_mutex_t *mutex)
{
	mutex->valid = false;
}

void sys_mutex_lock(sys_mutex_t *mutex)
{
	int ret = k_mutex_lock(&mutex->mutex, K_FOREVER);

	LWIP_ASSERT("sys_mutex_lock failed", ret == 0);
	(void)ret;
}

void sys_mutex_unlock(sys_mutex_t *mutex)
{
	int ret = k_mutex_unlock(&mutex->mutex);

	LWIP_ASSERT("sys_mutex_unlock by a non-owner", ret == 0);
	(void)ret;
}

int sys_mutex_valid(sys_mutex_t *mutex)
{
	return mutex != NULL && mutex->valid;
}

void sys_mutex_set_invalid(sys_mutex_t *mutex)
{
	mutex->valid = false;
}

/* ---- mailboxes ---- */

err_t sys_mbox_new(sys_mbox_t *mbox, int size)
{
	if (size <= 0) {
		return ERR_ARG;
	}
	mbox->ring = mem_malloc((mem_size_t)((size_t)size * sizeof(void *)));
	if (mbox->ring == NULL) {
		return ERR_MEM;
	}
	(void)k_msgq_init(&mbox->msgq, mbox->ring, sizeof(void *), (uint32_t)size);
	mbox->valid = true;
	return ERR_OK;
}

void sys_mbox_free(sys_mbox_t *mbox)
{
	LWIP_ASSERT("sys_mbox_free: mailbox not empty",
		    k_msgq_num_used_get(&mbox->msgq) == 0);
	mem_free(mbox->ring);
	mbox->ring = NULL;
	mbox->valid = false;
}

void sys_mbox_post(sys_mbox_t *mbox, void *msg)
{
	int ret = k_msgq_put(&mbox->msgq, &msg, K_FOREVER);

	LWIP_ASSERT("sys_mbox_post failed", ret == 0);
	(void)ret;
}

err_t sys_mbox_trypost(sys_mbox_t *mbox, void *msg)
{
	return k_msgq_put(&mbox->msgq, &msg, K_NO_WAIT) == 0 ? ERR_OK : ERR_MEM;
}

err_t sys_mbox_trypost_fromisr(sys_mbox_t *mbox, void *msg)
{
	return sys_mbox_trypost(mbox, msg);
}

u32_t sys_arch_mbox_fetch(sys_mbox_t *mbox, void **msg, u32_t timeout)
{
	int64_t start = k_uptime_get();
	void *got;

	if (k_msgq_get(&mbox->msgq, &got, timeout_of(timeout)) != 0) {
		return SYS_ARCH_TIMEOUT;
	}
	if (msg != NULL) {
		*msg = got;
	}
	return waited_since(start);
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mbox, void **msg)
{
	void *got;

	if (k_msgq_get(&mbox->msgq, &got, K_NO_WAIT) != 0) {
		return SYS_MBOX_EMPTY;
	}
	if (msg != NULL) {
		*msg = got;
	}
	return 0;
}

int sys_mbox_valid(sys_mbox_t *mbox)
{
	return mbox != NULL && mbox->valid;
}

void sys_mbox_set_invalid(sys_mbox_t *mbox)
{
	mbox->valid = false;
}

/* ---- threads ---- */

struct lwip_thread {
	struct k_thread thread;
	lwip_thread_fn fn;
	void *arg;
};

static struct lwip_thread lwip_threads[CONFIG_NET_LWIP_THREADS];
static K_THREAD_STACK_ARRAY_DEFINE(lwip_stacks, CONFIG_NET_LWIP_THREADS,
				   CONFIG_NET_TCPIP_STACK_SIZE);
static unsigned int lwip_threads_used;

static void lwip_thread_entry(void *p1, void *p2, void *p3)
{
	struct lwip_thread *t = p1;

	(void)p2;
	(void)p3;
	t->fn(t->arg);
}

/*
 * lwIP's contract: may not fail. Running out of the pool or asking for a
 * bigger stack than the pool's is a configuration error, reported as an
 * lwIP assertion naming the Kconfig option.
 */
sys_thread_t sys_thread_new(const char *name, lwip_thread_fn thread, void *arg,
			    int stacksize, int prio)
{
	unsigned int key = irq_lock();
	unsigned int i = lwip_threads_used;

	if (i < CONFIG_NET_LWIP_THREADS) {
		lwip_threads_used++;
	}
	irq_unlock(key);
	LWIP_ASSERT("sys_thread_new: raise CONFIG_NET_LWIP_THREADS",
		    i < CONFIG_NET_LWIP_THREADS);
	LWIP_ASSERT("sys_thread_new: stack above CONFIG_NET_TCPIP_STACK_SIZE",
		    stacksize <= CONFIG_NET_TCPIP_STACK_SIZE);

	struct lwip_thread *t = &lwip_threads[i];
	int ret;

	t->fn = thread;
	t->arg = arg;
	ret = k_thread_create(&t->thread, lwip_stacks[i],
			      K_THREAD_STACK_SIZEOF(lwip_stacks[i]),
			      lwip_thread_entry, t, NULL, NULL, prio, 0,
			      K_NO_WAIT);
	LWIP_ASSERT("sys_thread_new: k_thread_create failed", ret == 0);
	(void)ret;
	(void)k_thread_name_set(&t->thread, name);
	return &t->thread;
}

/* ---- randomness (DHCP transaction ids, TCP/UDP ports, DNS ids) ---- */

static const struct device *const entropy_devices[] = {
	DEVICE_DT_CLASS_ENTROPY_LIST NULL
};

/* xorshift32, for a board without an entropy device: NOT random. */
static uint32_t weak_rand(void)
{
	static uint32_t x;

	if (x == 0) {
		x = (uint32_t)k_cycle_get_64() | 1u;
	}
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

unsigned int net_lwip_rand(void)
{
	const struct device *rng = entropy_devices[0];
	uint32_t v;

	if (rng != NULL && device_is_ready(rng) &&
	    entropy_get_entropy(rng, (uint8_t *)&v, sizeof(v)) == 0) {
		return v;
	}
	return weak_rand();
}

/* ---- checks ---- */

void net_lwip_assert_failed(const char *msg, const char *file, int line)
{
	printk("lwIP assertion failed: %s\n", msg);
	z_fatal_error(K_ERR_KERNEL_PANIC, file, line);
	for (;;) {
	}
}

/*
 * Core locking: lwIP code may run only with the core lock held, which the
 * tcpip thread holds while it handles a message.
 */
void net_lwip_assert_core_locked(void)
{
	if (IS_ENABLED(CONFIG_ASSERT) && lock_tcpip_core.valid) {
		__ASSERT(lock_tcpip_core.mutex.owner == k_current_get(),
			 "lwIP called without the core lock (use "
			 "LOCK_TCPIP_CORE or tcpip_callback)");
	}
}

/* cc.h: decimal digits after optional blanks and sign, as atoi() reads
 * them; no errno, no overflow check (interface numbers are one byte). */
int net_lwip_atoi(const char *s)
{
	int sign = 1, v = 0;

	while (*s == ' ' || *s == '\t') {
		s++;
	}
	if (*s == '-' || *s == '+') {
		sign = *s == '-' ? -1 : 1;
		s++;
	}
	while (*s >= '0' && *s <= '9' && v < 100000000) {
		v = v * 10 + (*s - '0');
		s++;
	}
	return sign * v;
}
