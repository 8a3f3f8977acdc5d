/*
 * Kestrel kernel API: threads, scheduling, time, semaphores, mutexes,
 * condition variables, console output and fatal errors.
 *
 * Conventions (see ARCHITECTURE.md):
 * - Functions return int: 0 on success, a negative errno on failure.
 * - Timeouts are k_timeout_t values: K_NO_WAIT, K_FOREVER, K_MSEC(n), ...
 * - "ISR: ok" means the function may be called from interrupt context;
 *   "ISR: no" means it must not (it returns -EINVAL/-EPERM there, or, where
 *   documented, is simply not allowed).
 * - Every object can be defined statically (K_SEM_DEFINE, ...); the kernel
 *   never allocates.
 *
 * Priorities: a lower number is a higher priority. Negative priorities
 * (K_PRIO_COOP(n)) are cooperative: a running cooperative thread is never
 * preempted, it runs until it blocks or yields. Priorities >= 0
 * (K_PRIO_PREEMPT(n)) are preemptive: a higher-priority thread that becomes
 * ready takes the CPU at once; the preempted thread keeps its place ahead of
 * other threads of its priority. Threads of equal priority run in FIFO order;
 * with time slicing enabled (k_sched_time_slice_set) preemptive threads of
 * equal priority also take turns.
 */
#ifndef KESTREL_KERNEL_H
#define KESTREL_KERNEL_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kestrel/arch/thread.h>
#include <kestrel/sys/dlist.h>
#include <kestrel/sys/util.h>
#include <kestrel/version.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------
 * Time
 */

/** Kernel ticks: the unit of the system clock (CONFIG_SYS_CLOCK_TICKS_PER_SEC). */
typedef int64_t k_ticks_t;

/** A relative timeout. Build it with the K_* macros, never by hand. */
typedef struct {
	k_ticks_t ticks; /**< -1 = forever, 0 = no wait, > 0 = ticks */
} k_timeout_t;

#define K_TICKS_FOREVER ((k_ticks_t)-1)

/** Do not wait: the call fails at once (-EBUSY/-EAGAIN) if it would block. */
#define K_NO_WAIT ((k_timeout_t){ 0 })
/** Wait as long as it takes. */
#define K_FOREVER ((k_timeout_t){ K_TICKS_FOREVER })
/** Wait @p t ticks. */
#define K_TICKS(t) ((k_timeout_t){ (k_ticks_t)(t) })
/** Wait at least @p ms milliseconds (rounded up to whole ticks; negative:
 * an invalid timeout that calls reject with -EINVAL). */
#define K_MSEC(ms) K_TICKS(k_ms_to_ticks_ceil((int64_t)(ms)))
/** Wait at least @p us microseconds (rounded up to whole ticks). */
#define K_USEC(us) K_TICKS(k_us_to_ticks_ceil((int64_t)(us)))
#define K_SECONDS(s) K_MSEC((int64_t)(s) * 1000)
#define K_MINUTES(m) K_SECONDS((int64_t)(m) * 60)

#define K_TIMEOUT_EQ(a, b) ((a).ticks == (b).ticks)

/* A negative duration gives an invalid timeout (rejected with -EINVAL),
 * never K_NO_WAIT or K_FOREVER. */
#define Z_TICKS_INVALID ((k_ticks_t)-2)

static inline k_ticks_t k_ms_to_ticks_ceil(int64_t ms)
{
	if (ms <= 0) {
		return ms == 0 ? 0 : Z_TICKS_INVALID;
	}
	return (k_ticks_t)((ms * CONFIG_SYS_CLOCK_TICKS_PER_SEC + 999) / 1000);
}

static inline k_ticks_t k_us_to_ticks_ceil(int64_t us)
{
	if (us <= 0) {
		return us == 0 ? 0 : Z_TICKS_INVALID;
	}
	return (k_ticks_t)((us * CONFIG_SYS_CLOCK_TICKS_PER_SEC + 999999) /
			   1000000);
}

static inline int64_t k_ticks_to_ms_floor(k_ticks_t t)
{
	return (int64_t)(t * 1000 / CONFIG_SYS_CLOCK_TICKS_PER_SEC);
}

static inline int64_t k_ticks_to_us_floor(k_ticks_t t)
{
	return (int64_t)(t * 1000000 / CONFIG_SYS_CLOCK_TICKS_PER_SEC);
}

/**
 * Ticks since boot. ISR: ok.
 * @return the system clock in ticks (never negative, never goes back).
 */
k_ticks_t k_uptime_ticks(void);

/** Milliseconds since boot (rounded down). ISR: ok. */
static inline int64_t k_uptime_get(void)
{
	return k_ticks_to_ms_floor(k_uptime_ticks());
}

/**
 * Spin for at least @p usec microseconds without yielding the CPU.
 * Higher-priority threads may still preempt a preemptive caller.
 * On native_sim this advances simulated time by @p usec. ISR: ok.
 */
void k_busy_wait(uint32_t usec);

/* ------------------------------------------------------------------------
 * Timeouts (internal object embedded in threads and timers)
 */
struct _timeout;
typedef void (*_timeout_func_t)(struct _timeout *t);

struct _timeout {
	sys_dnode_t node;
	k_ticks_t dticks; /**< ticks after the previous entry of the list */
	_timeout_func_t fn;
};

/** A wait queue: threads pended on an object, best priority first. */
typedef struct {
	sys_dlist_t waitq;
} _wait_q_t;

#define Z_WAIT_Q_INIT(obj) { SYS_DLIST_STATIC_INIT(&(obj)->waitq) }

/* ------------------------------------------------------------------------
 * Threads
 */

#define K_PRIO_COOP(x) (-(CONFIG_NUM_COOP_PRIORITIES - (x)))
#define K_PRIO_PREEMPT(x) (x)
/** The highest (most urgent) priority. */
#define K_HIGHEST_PRIO (-CONFIG_NUM_COOP_PRIORITIES)
/** The lowest priority an application thread may use (idle is below). */
#define K_LOWEST_APP_PRIO (CONFIG_NUM_PREEMPT_PRIORITIES - 1)
#define K_IDLE_PRIO CONFIG_NUM_PREEMPT_PRIORITIES

typedef void (*k_thread_entry_t)(void *p1, void *p2, void *p3);

/** Thread states (bit flags in struct k_thread.state). */
#define K_THREAD_PRESTART 0x01u /**< created, not started */
#define K_THREAD_PENDING 0x02u  /**< waiting on an object */
#define K_THREAD_SLEEPING 0x04u /**< in k_sleep() */
#define K_THREAD_DEAD 0x08u     /**< returned or aborted */
#define K_THREAD_READY 0x10u    /**< in the ready queue (or running) */

struct k_mutex;

struct k_thread {
	struct arch_thread arch;
	sys_dnode_t qnode;        /**< ready queue or wait queue link */
	struct _timeout timeout;  /**< sleep/pend timeout */
	_wait_q_t *pended_on;     /**< wait queue this thread is in, or NULL */
	struct k_mutex *waiting_mutex; /**< mutex it waits for (inheritance) */
	sys_dlist_t owned_mutexes; /**< mutexes it holds (inheritance) */
	int prio;                 /**< effective priority (with inheritance) */
	int base_prio;            /**< priority set by the application */
	uint8_t state;
	int swap_retval;          /**< result of the last wait */
	void *swap_data;          /**< while pending: the waiter's request (set
				     before z_pend_curr); then what the waker
				     hands over */
	k_thread_entry_t entry;
	void *p1, *p2, *p3;
	char *stack_start;
	size_t stack_size;
	_wait_q_t join_queue;     /**< threads in k_thread_join() on this one */
	int sched_locked;         /**< k_sched_lock() nesting */
	uint64_t runtime_cycles;  /**< CPU time (CONFIG_THREAD_RUNTIME_STATS) */
	struct k_thread *next_thread; /**< list of all threads */
	char name[CONFIG_THREAD_NAME_SIZE];
#ifdef CONFIG_NET_SOCKETS
	int net_errno;            /**< last socket error (subsys/net/net_socket.c) */
#endif
};

typedef struct k_thread *k_tid_t;

/** Stack storage with the alignment and reserve the CPU port needs. */
#define K_THREAD_STACK_LEN(size) ((size_t)(size) + ARCH_STACK_RESERVED)
typedef struct {
	char data[1];
} __attribute__((aligned(ARCH_STACK_ALIGN))) k_thread_stack_t;

/**
 * Define a thread stack of @p size usable bytes.
 * Pass K_THREAD_STACK_SIZEOF(sym) as the size to k_thread_create().
 */
#define K_THREAD_STACK_DEFINE(sym, size)                                     \
	k_thread_stack_t sym[(K_THREAD_STACK_LEN(size) + sizeof(k_thread_stack_t) - 1) / \
			     sizeof(k_thread_stack_t)]
#define K_THREAD_STACK_ARRAY_DEFINE(sym, n, size)                            \
	k_thread_stack_t sym[n][(K_THREAD_STACK_LEN(size) + sizeof(k_thread_stack_t) - 1) / \
				sizeof(k_thread_stack_t)]
#define K_THREAD_STACK_SIZEOF(sym) sizeof(sym)

/**
 * Create a thread.
 *
 * The thread runs entry(p1, p2, p3); returning from entry ends the thread.
 * It starts after @p delay (K_NO_WAIT: now; K_FOREVER: only when
 * k_thread_start() is called).
 *
 * @param thread  storage for the thread object (not in use)
 * @param stack   stack from K_THREAD_STACK_DEFINE
 * @param stack_size K_THREAD_STACK_SIZEOF(stack); a stack defined with
 *        fewer than 128 usable bytes is refused
 * @param prio    K_HIGHEST_PRIO .. K_LOWEST_APP_PRIO
 * @param options reserved, must be 0
 *
 * @retval 0 created (and started unless delayed)
 * @retval -EINVAL NULL thread/stack/entry, stack too small, bad priority,
 *         options not 0, or a negative delay
 * @retval -EBUSY @p thread is an existing thread that has not ended
 *
 * ISR: no.
 */
int k_thread_create(struct k_thread *thread, k_thread_stack_t *stack,
		    size_t stack_size, k_thread_entry_t entry, void *p1,
		    void *p2, void *p3, int prio, uint32_t options,
		    k_timeout_t delay);

/**
 * Start a thread created with delay K_FOREVER, or start a delayed thread
 * now instead of at the end of its delay.
 * @retval 0 started
 * @retval -EINVAL NULL thread
 * @retval -EALREADY the thread was already started (or has ended)
 * ISR: ok.
 */
int k_thread_start(k_tid_t thread);

/** The running thread. ISR: returns the interrupted thread. */
k_tid_t k_current_get(void);

/**
 * Put the current thread to sleep.
 * @return 0 after the full timeout, or the milliseconds left (rounded up)
 *         when woken early by k_wakeup(); -EINVAL for a negative timeout,
 *         -EPERM from an ISR.
 * K_FOREVER sleeps until k_wakeup() and then returns INT32_MAX.
 * K_NO_WAIT yields (see k_yield()) and returns 0.
 */
int32_t k_sleep(k_timeout_t timeout);

/** k_sleep(K_MSEC(ms)). */
static inline int32_t k_msleep(int32_t ms)
{
	return k_sleep(K_MSEC(ms));
}

/**
 * Wake a thread from k_sleep() early.
 * @retval 0 woken
 * @retval -EINVAL NULL thread, or the thread is not sleeping
 * ISR: ok.
 */
int k_wakeup(k_tid_t thread);

/**
 * Give the CPU to other ready threads of the same or higher priority.
 * Does nothing from an ISR.
 */
void k_yield(void);

/**
 * Wait for a thread to end.
 * @retval 0 the thread has ended (also when it already had)
 * @retval -EBUSY K_NO_WAIT and the thread is still running
 * @retval -EAGAIN the timeout expired first
 * @retval -EDEADLK joining the current thread, or two threads joining each
 *         other
 * @retval -EINVAL NULL thread, or called from an ISR
 */
int k_thread_join(k_tid_t thread, k_timeout_t timeout);

/**
 * End a thread. Aborting the current thread does not return.
 * Threads joined on it are woken with 0. Mutexes it still holds stay
 * locked (a bug in the application): they are reported with printk.
 * @retval 0 ended (or had already ended)
 * @retval -EINVAL NULL thread, or the idle thread
 * ISR: ok (the current thread ends when the ISR returns).
 */
int k_thread_abort(k_tid_t thread);

/**
 * Change a thread's base priority. Inherited priority (mutexes) stays in
 * force until released. May preempt the caller.
 * @retval 0 changed
 * @retval -EINVAL NULL/ended thread or priority out of range
 * ISR: ok.
 */
int k_thread_priority_set(k_tid_t thread, int prio);

/** Effective priority (with inheritance); K_IDLE_PRIO+1 for NULL. ISR: ok. */
int k_thread_priority_get(k_tid_t thread);

/**
 * Name a thread (copied, truncated to CONFIG_THREAD_NAME_SIZE - 1).
 * @retval 0 named
 * @retval -EINVAL NULL thread or name
 * ISR: ok.
 */
int k_thread_name_set(k_tid_t thread, const char *name);

/** The thread's name ("" when unnamed; "" for NULL). ISR: ok. */
const char *k_thread_name_get(k_tid_t thread);

/** The thread's state flags (K_THREAD_*); 0 for NULL. ISR: ok. */
unsigned int k_thread_state_get(k_tid_t thread);

/**
 * Time slicing among preemptive threads of equal priority.
 * @param slice_ms 0 disables slicing (the default)
 * @param prio_ceiling threads of priority numerically >= this are sliced
 * @retval 0 set
 * @retval -EINVAL negative slice or ceiling below 0
 * @retval -ENOTSUP a non-zero slice without CONFIG_TIMESLICING
 * ISR: ok.
 */
int k_sched_time_slice_set(int32_t slice_ms, int prio_ceiling);

/**
 * Make the current thread non-preemptible until k_sched_unlock().
 * Nests. It still gives up the CPU if it blocks. ISR: no (ignored).
 */
void k_sched_lock(void);
/** Undo one k_sched_lock(); may switch to a higher-priority thread. */
void k_sched_unlock(void);

/** True while running in interrupt context. */
bool k_is_in_isr(void);

/** True if the current thread can be preempted (preemptive, sched unlocked). */
bool k_is_preempt_thread(void);

/** Iterate over every thread the kernel knows (created and not reused). */
void k_thread_foreach(void (*fn)(const struct k_thread *t, void *arg),
		      void *arg);

/* ------------------------------------------------------------------------
 * Observability
 */

/**
 * Bytes at the bottom of @p thread's stack never written so far (the stack
 * size minus its high watermark).
 * @retval 0 @p unused set
 * @retval -EINVAL NULL argument
 * @retval -ENOTSUP built without CONFIG_INIT_STACKS
 * ISR: ok.
 */
int k_thread_stack_space_get(const struct k_thread *thread, size_t *unused);

/** CPU time of a thread, in k_cycle_get_64() cycles. */
struct k_thread_runtime_stats {
	uint64_t execution_cycles;
};

/**
 * CPU time @p thread has used (the running thread's includes its current
 * run).
 * @retval 0 @p stats set
 * @retval -EINVAL NULL argument
 * @retval -ENOTSUP built without CONFIG_THREAD_RUNTIME_STATS
 * ISR: ok.
 */
int k_thread_runtime_stats_get(k_tid_t thread,
			       struct k_thread_runtime_stats *stats);

/** Cycles of the system timer since boot (CONFIG_SYS_CLOCK_HW_CYCLES_PER_SEC). ISR: ok. */
uint64_t k_cycle_get_64(void);

/**
 * Describe @p thread's state in words ("ready", "pending", "sleeping",
 * "prestart", "dead"; "running" for the current thread) into @p buf.
 * @return @p buf ("" when @p buf is too small or an argument is NULL)
 */
const char *k_thread_state_str(k_tid_t thread, char *buf, size_t size);

/** System timer interrupts (announcements) since boot: shows tickless idle. ISR: ok. */
uint32_t k_sys_clock_announce_count(void);

/* ------------------------------------------------------------------------
 * Interrupt locking
 */

/**
 * Mask interrupts; returns a key for irq_unlock(). Nests. ISR: ok.
 * Locking does not stop the current thread from blocking; if it blocks the
 * lock is released while others run and taken again when it resumes.
 */
unsigned int irq_lock(void);
void irq_unlock(unsigned int key);

/* ------------------------------------------------------------------------
 * Semaphores
 */

struct k_sem {
	_wait_q_t wait_q;
	unsigned int count;
	unsigned int limit;
};

#define K_SEM_MAX_LIMIT UINT32_MAX

#define Z_SEM_INITIALIZER(obj, initial, lim)                                 \
	{ .wait_q = Z_WAIT_Q_INIT(&(obj).wait_q), .count = (initial),        \
	  .limit = (lim) }

/** Define and initialise a semaphore; checked at build time. */
#define K_SEM_DEFINE(name, initial, lim)                                     \
	struct k_sem name = Z_SEM_INITIALIZER(name, initial,                 \
		(lim) + 0 * sizeof(struct { _Static_assert((lim) != 0 &&     \
			(unsigned long long)(lim) - (unsigned long long)(initial) <= \
			(unsigned long long)(lim), "bad K_SEM_DEFINE values"); int z; }))

/**
 * @retval 0 initialised
 * @retval -EINVAL NULL, limit 0 or initial > limit
 * ISR: ok.
 */
int k_sem_init(struct k_sem *sem, unsigned int initial, unsigned int limit);

/**
 * Take a semaphore, waiting up to @p timeout.
 * @retval 0 taken
 * @retval -EBUSY K_NO_WAIT and the count is 0
 * @retval -EAGAIN the timeout expired
 * @retval -EINVAL NULL, a negative timeout, or a waiting call from an ISR
 * ISR: ok with K_NO_WAIT.
 */
int k_sem_take(struct k_sem *sem, k_timeout_t timeout);

/**
 * Give a semaphore: wake the best waiter, or count up (saturating at the
 * limit). May preempt the caller.
 * @retval 0 given
 * @retval -EINVAL NULL
 * ISR: ok.
 */
int k_sem_give(struct k_sem *sem);

/**
 * Set the count to 0 and wake every waiter with -EAGAIN.
 * @retval 0 reset
 * @retval -EINVAL NULL
 * ISR: ok.
 */
int k_sem_reset(struct k_sem *sem);

/** The current count (0 for NULL). ISR: ok. */
unsigned int k_sem_count_get(struct k_sem *sem);

/* ------------------------------------------------------------------------
 * Mutexes: recursive, owner-only unlock, priority inheritance (transitive
 * along chains of mutexes), restored as mutexes are released or waiters
 * give up. Not usable from ISRs.
 */

struct k_mutex {
	_wait_q_t wait_q;
	struct k_thread *owner;
	unsigned int lock_count;
	sys_dnode_t owned_node; /**< in owner->owned_mutexes */
};

#define Z_MUTEX_INITIALIZER(obj)                                             \
	{ .wait_q = Z_WAIT_Q_INIT(&(obj).wait_q), .owner = NULL,             \
	  .lock_count = 0, .owned_node = { NULL, NULL } }

#define K_MUTEX_DEFINE(name) struct k_mutex name = Z_MUTEX_INITIALIZER(name)

/**
 * @retval 0 initialised
 * @retval -EINVAL NULL
 */
int k_mutex_init(struct k_mutex *mutex);

/**
 * Lock, waiting up to @p timeout. The owner may lock again (recursion).
 * While the caller waits, the owner (and the owner's owner, along the
 * chain) runs at least at the caller's priority.
 * @retval 0 locked
 * @retval -EBUSY K_NO_WAIT and locked by another thread
 * @retval -EAGAIN the timeout expired
 * @retval -EDEADLK waiting would deadlock (the owner chain leads back to
 *         the caller)
 * @retval -EINVAL NULL, negative timeout, or from an ISR
 */
int k_mutex_lock(struct k_mutex *mutex, k_timeout_t timeout);

/**
 * Unlock once; the last unlock hands the mutex to the best waiter.
 * @retval 0 unlocked
 * @retval -EPERM the caller is not the owner
 * @retval -EINVAL NULL, not locked, or from an ISR
 */
int k_mutex_unlock(struct k_mutex *mutex);

/* ------------------------------------------------------------------------
 * Condition variables
 */

struct k_condvar {
	_wait_q_t wait_q;
};

#define Z_CONDVAR_INITIALIZER(obj) { .wait_q = Z_WAIT_Q_INIT(&(obj).wait_q) }
#define K_CONDVAR_DEFINE(name) struct k_condvar name = Z_CONDVAR_INITIALIZER(name)

/** @retval 0 initialised @retval -EINVAL NULL */
int k_condvar_init(struct k_condvar *cv);

/**
 * Atomically unlock @p mutex and wait for a signal; the mutex is locked
 * again (with the caller's recursion count restored) before returning, in
 * every case. A mutex locked recursively is released completely while
 * waiting. K_NO_WAIT returns -EAGAIN at once without releasing the mutex.
 * @retval 0 signalled
 * @retval -EAGAIN timeout
 * @retval -EPERM the caller does not own @p mutex
 * @retval -EINVAL NULL arguments, negative timeout, from an ISR (checked
 *         before ownership)
 */
int k_condvar_wait(struct k_condvar *cv, struct k_mutex *mutex,
		   k_timeout_t timeout);

/** Wake the best waiter. @retval 0 @retval -EINVAL NULL. ISR: ok. */
int k_condvar_signal(struct k_condvar *cv);

/** Wake all waiters. @return the number woken, or -EINVAL. ISR: ok. */
int k_condvar_broadcast(struct k_condvar *cv);

/* ------------------------------------------------------------------------
 * Console output, fatal errors, assertions
 */

/**
 * Formatted output to the console: %d %i %u %x %X %o %c %s %p %%, with
 * flags '-' '0' '+' ' ', width, precision (also '*'), and h/hh/l/ll/z/j/t
 * length modifiers. No floating point. ISR: ok (output is synchronous).
 */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap);

/**
 * snprintf with printk's formats.
 * @return the length the full output would have (like snprintf).
 */
int snprintk(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vsnprintk(char *buf, size_t len, const char *fmt, va_list ap);

/** Character sink for printk; the console driver installs one. */
typedef int (*printk_hook_t)(int c);
void printk_hook_install(printk_hook_t fn);

/** Reasons passed to the fatal error handler. */
enum k_fatal_reason {
	K_ERR_CPU_EXCEPTION = 0,
	K_ERR_STACK_CHK_FAIL = 1,
	K_ERR_KERNEL_OOPS = 2,
	K_ERR_KERNEL_PANIC = 3,
	K_ERR_ASSERT = 4,
};

/**
 * Fatal error hook. The default prints nothing more and halts the system
 * (native_sim: exits with status 134 - SIGABRT's). An application or test
 * framework may define its own (a strong symbol) to, e.g., accept an
 * expected fatal error: returning from it aborts the faulting thread and
 * lets the system go on (not allowed for K_ERR_KERNEL_PANIC, which halts).
 */
void k_sys_fatal_error_handler(unsigned int reason);

/**
 * Report a fatal error: prints the reason, file:line and thread, then calls
 * k_sys_fatal_error_handler(). Used by k_panic()/k_oops()/__ASSERT().
 */
void z_fatal_error(unsigned int reason, const char *file, int line);

/** Halt the whole system: unrecoverable. */
#define k_panic() z_fatal_error(K_ERR_KERNEL_PANIC, __FILE__, __LINE__)
/** Fatal error in the current thread: it is aborted if the handler returns. */
#define k_oops() z_fatal_error(K_ERR_KERNEL_OOPS, __FILE__, __LINE__)

/**
 * Stop the system now with @p status as its exit status (native_sim: the
 * process exit code; QEMU boards: the exit device). Returning from main()
 * does the same with main's return value.
 */
void k_sys_exit(int status) __attribute__((noreturn));

#if defined(CONFIG_ASSERT) && CONFIG_ASSERT
/** Check an invariant; on failure print file:line and the message, fatal. */
#define __ASSERT(cond, fmt, ...)                                             \
	do {                                                                 \
		if (!(cond)) {                                               \
			printk("ASSERTION FAIL [%s] @ %s:%d\n\t" fmt "\n",   \
			       #cond, __FILE__, __LINE__, ##__VA_ARGS__);    \
			z_fatal_error(K_ERR_ASSERT, __FILE__, __LINE__);     \
		}                                                            \
	} while (0)
#else
#define __ASSERT(cond, fmt, ...) ((void)0)
#endif
#define __ASSERT_NO_MSG(cond) __ASSERT(cond, "")

#ifdef __cplusplus
}
#endif

/* The rest of the kernel API, one header per area. */
#include <kestrel/kernel/ipc.h>
#include <kestrel/kernel/timer.h>
#include <kestrel/kernel/work.h>
#include <kestrel/kernel/mem.h>
#include <kestrel/kernel/poll.h>

#endif /* KESTREL_KERNEL_H */
