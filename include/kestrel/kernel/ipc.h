/*
 * Kernel API: inter-thread communication (included by kestrel/kernel.h; do
 * not include directly).
 *
 * - Message queues (k_msgq): fixed-size messages copied in and out of a
 *   ring the application provides.
 * - FIFOs and LIFOs (k_fifo, k_lifo): queues of the application's own
 *   structs, linked through their first word; nothing is copied.
 * - Pipes (k_pipe): a byte stream through a ring buffer.
 * - Event groups (k_event): 32 event bits threads wait on (any/all).
 *
 * Common rules (as for the objects of kernel.h):
 * - Every object can be defined statically (K_MSGQ_DEFINE, ...) or
 *   initialised at run time; the kernel never allocates.
 * - Threads waiting on an object are served best priority first, then in
 *   the order they started waiting.
 * - A waiter's result is settled by the thread or ISR that wakes it: a
 *   woken getter already holds its message, item or bytes, so it never
 *   races with other threads for them.
 * - From an ISR, only calls with K_NO_WAIT (and the calls that never wait)
 *   are allowed; a call with another timeout is refused there (-EINVAL, or
 *   NULL / 0 from the calls that return an item / event bits).
 * - Each object has one internal "state changed" point (a put, post,
 *   flush ...) where it tells k_poll.
 */
#ifndef KESTREL_KERNEL_IPC_H
#define KESTREL_KERNEL_IPC_H

#ifdef __cplusplus
extern "C" {
#endif

/* Z_IPC_CHECK(cond, msg): 0, or a build error with @p msg if !cond. */
#define Z_IPC_CHECK(cond, msg) (0 * sizeof(struct { _Static_assert(cond, msg); int z; }))

/*
 * Z_IPC_BUFFER(size, align): a char * to a zeroed static buffer of @p size
 * bytes aligned to @p align (a power of two), usable in a static
 * initialiser. A file-scope compound literal, so `static K_MSGQ_DEFINE(...)`
 * works like `static K_SEM_DEFINE(...)`.
 */
#define Z_IPC_BUFFER(size, align)                                            \
	((struct { char b[size]; } __attribute__((aligned(align)))){ { 0 } }.b)

/* ------------------------------------------------------------------------
 * Message queues
 *
 * A ring of max_msgs messages of msg_size bytes each, copied in by
 * k_msgq_put() and out by k_msgq_get(), first in first out.
 */

struct k_msgq {
	_wait_q_t wait_q;    /**< getters (queue empty) or putters (queue full) */
	char *buffer;        /**< msg_size * max_msgs bytes */
	size_t msg_size;     /**< bytes per message */
	size_t buffer_size;  /**< msg_size * max_msgs */
	size_t read_off;     /**< byte offset of the oldest message */
	size_t write_off;    /**< byte offset of the next free slot */
	uint32_t max_msgs;
	uint32_t used_msgs;
};

#define Z_MSGQ_INITIALIZER(obj, buf, size, max)                              \
	{ .wait_q = Z_WAIT_Q_INIT(&(obj).wait_q), .buffer = (buf),           \
	  .msg_size = (size), .buffer_size = (size_t)(size) * (max),         \
	  .read_off = 0, .write_off = 0, .max_msgs = (max), .used_msgs = 0 }

/**
 * Define and initialise a message queue @p name with its own buffer of
 * @p max_msgs messages of @p msg_size bytes, aligned to @p align (a power
 * of two; use the alignment of the message type). Checked at build time.
 */
#define K_MSGQ_DEFINE(name, msg_size, max_msgs, align)                       \
	struct k_msgq name = Z_MSGQ_INITIALIZER(name,                        \
		Z_IPC_BUFFER((msg_size) * (max_msgs), align), (msg_size) +   \
		Z_IPC_CHECK((msg_size) > 0 && (max_msgs) > 0,                \
			    "K_MSGQ_DEFINE: msg_size and max_msgs must be > 0"), \
		(max_msgs))

/**
 * Initialise a message queue over @p buffer (at least msg_size * max_msgs
 * bytes, aligned as the messages need; it must outlive the queue).
 * @retval 0 initialised (empty)
 * @retval -EINVAL NULL @p msgq or @p buffer, @p msg_size or @p max_msgs
 *         0, or msg_size * max_msgs does not fit in a size_t
 * ISR: ok. Do not initialise a queue threads are waiting on.
 */
int k_msgq_init(struct k_msgq *msgq, void *buffer, size_t msg_size,
		uint32_t max_msgs);

/**
 * Put a copy of the msg_size bytes at @p data at the back of the queue,
 * waiting up to @p timeout while the queue is full. If a getter is
 * waiting, the message is copied straight into its buffer.
 * May preempt the caller (a better getter wakes up).
 * @retval 0 queued (or handed to a getter)
 * @retval -ENOMSG K_NO_WAIT and the queue is full, or the queue was purged
 *         while the caller waited
 * @retval -EAGAIN the timeout expired
 * @retval -EINVAL NULL @p msgq or @p data, a negative timeout, or a
 *         waiting call from an ISR
 * ISR: ok with K_NO_WAIT.
 */
int k_msgq_put(struct k_msgq *msgq, const void *data, k_timeout_t timeout);

/**
 * Take the oldest message into @p data (msg_size bytes), waiting up to
 * @p timeout while the queue is empty. If a putter is waiting (the queue
 * was full), its message moves into the freed slot and it wakes up.
 * @retval 0 a message was copied to @p data
 * @retval -ENOMSG K_NO_WAIT and the queue is empty
 * @retval -EAGAIN the timeout expired (@p data untouched)
 * @retval -EINVAL NULL @p msgq or @p data, a negative timeout, or a
 *         waiting call from an ISR
 * ISR: ok with K_NO_WAIT.
 */
int k_msgq_get(struct k_msgq *msgq, void *data, k_timeout_t timeout);

/**
 * Copy the oldest message to @p data without removing it.
 * @retval 0 copied
 * @retval -ENOMSG the queue is empty
 * @retval -EINVAL NULL @p msgq or @p data
 * ISR: ok.
 */
int k_msgq_peek(struct k_msgq *msgq, void *data);

/**
 * Discard every queued message. Threads waiting to put (the queue was
 * full) wake up with -ENOMSG; their messages are not queued. Threads
 * waiting to get keep waiting.
 * @retval 0 purged
 * @retval -EINVAL NULL @p msgq
 * ISR: ok.
 */
int k_msgq_purge(struct k_msgq *msgq);

/** Messages in the queue (0 for NULL). ISR: ok. */
uint32_t k_msgq_num_used_get(struct k_msgq *msgq);

/** Free message slots (0 for NULL). ISR: ok. */
uint32_t k_msgq_num_free_get(struct k_msgq *msgq);

/* ------------------------------------------------------------------------
 * FIFOs and LIFOs of the application's structs
 *
 * Intrusive: the first word (a pointer, sizeof(void *) bytes) of every item
 * is reserved for the kernel while the item is queued, so the struct must
 * begin with a member such as `void *reserved;` and be pointer-aligned.
 * Nothing is copied or allocated: the item itself is queued and must stay
 * valid, and not be queued elsewhere, until it is taken out again.
 *
 *   struct msg { void *reserved; int value; };
 *   K_FIFO_DEFINE(rx);
 *   k_fifo_put(&rx, &m);  ...  struct msg *got = k_fifo_get(&rx, K_FOREVER);
 */

/* The core shared by k_fifo and k_lifo; use it through them. */
struct z_queue {
	_wait_q_t wait_q; /**< getters (the queue is empty) */
	void *head;       /**< first item, NULL when empty */
	void *tail;       /**< last item, NULL when empty */
};

#define Z_QUEUE_INITIALIZER(obj)                                             \
	{ .wait_q = Z_WAIT_Q_INIT(&(obj).wait_q), .head = NULL, .tail = NULL }

struct k_fifo {
	struct z_queue _queue;
};

struct k_lifo {
	struct z_queue _queue;
};

/** Define and initialise an empty FIFO. */
#define K_FIFO_DEFINE(name)                                                  \
	struct k_fifo name = { ._queue = Z_QUEUE_INITIALIZER(name._queue) }
/** Define and initialise an empty LIFO. */
#define K_LIFO_DEFINE(name)                                                  \
	struct k_lifo name = { ._queue = Z_QUEUE_INITIALIZER(name._queue) }

/**
 * Initialise an empty FIFO.
 * @retval 0 initialised
 * @retval -EINVAL NULL
 * ISR: ok. Do not initialise a FIFO threads are waiting on.
 */
int k_fifo_init(struct k_fifo *fifo);

/**
 * Add @p item at the back, or hand it straight to the best waiting getter
 * (then its first word is left untouched). May preempt the caller.
 * @retval 0 queued (or handed over)
 * @retval -EINVAL NULL @p fifo or @p item, or @p item not aligned to a
 *         pointer
 * ISR: ok.
 */
int k_fifo_put(struct k_fifo *fifo, void *item);

/**
 * Take the item at the front, waiting up to @p timeout while the FIFO is
 * empty.
 * @return the item, or NULL when the timeout expired, with K_NO_WAIT on an
 *         empty FIFO, and for invalid arguments (NULL @p fifo, a negative
 *         timeout, or a waiting call from an ISR)
 * ISR: ok with K_NO_WAIT.
 */
void *k_fifo_get(struct k_fifo *fifo, k_timeout_t timeout);

/** True if no item is queued (true for NULL). ISR: ok. */
bool k_fifo_is_empty(struct k_fifo *fifo);

/** The item at the front without removing it; NULL if empty or NULL. ISR: ok. */
void *k_fifo_peek_head(struct k_fifo *fifo);

/** As k_fifo_init(), for a LIFO. */
int k_lifo_init(struct k_lifo *lifo);

/**
 * Add @p item on top (it is the next one taken), or hand it straight to
 * the best waiting getter. May preempt the caller.
 * @retval 0 queued (or handed over)
 * @retval -EINVAL NULL @p lifo or @p item, or @p item not aligned to a
 *         pointer
 * ISR: ok.
 */
int k_lifo_put(struct k_lifo *lifo, void *item);

/**
 * Take the item on top (the last one put), waiting up to @p timeout while
 * the LIFO is empty.
 * @return the item, or NULL when the timeout expired, with K_NO_WAIT on an
 *         empty LIFO, and for invalid arguments (NULL @p lifo, a negative
 *         timeout, or a waiting call from an ISR)
 * ISR: ok with K_NO_WAIT.
 */
void *k_lifo_get(struct k_lifo *lifo, k_timeout_t timeout);

/** True if no item is queued (true for NULL). ISR: ok. */
bool k_lifo_is_empty(struct k_lifo *lifo);

/** The item on top without removing it; NULL if empty or NULL. ISR: ok. */
void *k_lifo_peek_head(struct k_lifo *lifo);

/* ------------------------------------------------------------------------
 * Pipes: a byte stream through a ring buffer the application provides
 *
 * Transfer rules, the same for k_pipe_put() (bytes into the pipe) and
 * k_pipe_get() (bytes out of it), called with @p len bytes and @p min_xfer
 * (0 <= min_xfer <= len):
 * - Bytes move at once as far as possible: a put fills the buffer and
 *   waiting readers, a get empties the buffer and takes from waiting
 *   writers. If at least @p min_xfer bytes moved, the call returns that
 *   count without waiting (it may be below @p len: a partial transfer).
 * - With K_NO_WAIT, if fewer than @p min_xfer bytes could move, nothing
 *   moves and the call returns -EAGAIN (all or nothing).
 * - Otherwise the call moves what it can and waits, and the calls on the
 *   other side move its bytes as room or data appears. It returns as soon
 *   as at least @p min_xfer bytes have moved, with the count. If the
 *   timeout expires first, it returns the bytes that did move (then fewer
 *   than @p min_xfer: the only case of a count below @p min_xfer), or
 *   -EAGAIN if none did.
 * - The bytes of one call form one contiguous run of the stream: while a
 *   waiting call has moved part of its data, it is served before other
 *   waiters of its side, whatever their priority. Otherwise waiters are
 *   served best priority first, then first come.
 * - min_xfer = 0 never waits: the call moves what it can (maybe 0 bytes).
 * Readers wait only while the buffer is empty and writers only while it is
 * full, so both never wait at once.
 */

struct k_pipe {
	_wait_q_t wait_q; /**< readers (buffer empty) or writers (buffer full) */
	uint8_t *buffer;
	size_t size;      /**< buffer bytes, > 0 */
	size_t used;      /**< bytes in the buffer */
	size_t read_idx;  /**< offset of the oldest byte */
};

#define Z_PIPE_INITIALIZER(obj, buf, sz)                                     \
	{ .wait_q = Z_WAIT_Q_INIT(&(obj).wait_q), .buffer = (uint8_t *)(buf), \
	  .size = (sz), .used = 0, .read_idx = 0 }

/**
 * Define and initialise a pipe @p name with its own ring buffer of @p size
 * bytes (> 0) aligned to @p align (a power of two). Checked at build time.
 */
#define K_PIPE_DEFINE(name, size, align)                                     \
	struct k_pipe name = Z_PIPE_INITIALIZER(name,                        \
		Z_IPC_BUFFER(size, align), (size) +                          \
		Z_IPC_CHECK((size) > 0, "K_PIPE_DEFINE: size must be > 0"))

/**
 * Initialise an empty pipe over @p buffer (@p size bytes, kept for the
 * pipe's life).
 * @retval 0 initialised
 * @retval -EINVAL NULL @p pipe or @p buffer, or @p size 0
 * ISR: ok. Do not initialise a pipe threads are waiting on.
 */
int k_pipe_init(struct k_pipe *pipe, void *buffer, size_t size);

/**
 * Write up to @p len bytes from @p data, at least @p min_xfer of them
 * (see the transfer rules above). May preempt the caller.
 * @return the bytes written (>= @p min_xfer, or fewer only after a wait
 *         that timed out)
 * @retval -EAGAIN nothing was written: K_NO_WAIT and fewer than
 *         @p min_xfer bytes fit, or the timeout expired
 * @retval -EINVAL NULL @p pipe, NULL @p data with @p len > 0,
 *         @p min_xfer > @p len, @p len > INT_MAX, a negative timeout, or a
 *         waiting call from an ISR
 * ISR: ok with K_NO_WAIT.
 */
int k_pipe_put(struct k_pipe *pipe, const void *data, size_t len,
	       size_t min_xfer, k_timeout_t timeout);

/**
 * Read up to @p len bytes into @p data, at least @p min_xfer of them (see
 * the transfer rules above). May preempt the caller.
 * @return the bytes read (>= @p min_xfer, or fewer only after a wait that
 *         timed out)
 * @retval -EAGAIN nothing was read: K_NO_WAIT and fewer than @p min_xfer
 *         bytes were available, or the timeout expired
 * @retval -EINVAL as for k_pipe_put()
 * ISR: ok with K_NO_WAIT.
 */
int k_pipe_get(struct k_pipe *pipe, void *data, size_t len, size_t min_xfer,
	       k_timeout_t timeout);

/** Bytes in the buffer, ready to read (0 for NULL). ISR: ok. */
size_t k_pipe_read_avail(struct k_pipe *pipe);

/** Free bytes in the buffer (0 for NULL). ISR: ok. */
size_t k_pipe_write_avail(struct k_pipe *pipe);

/**
 * Discard the bytes in the buffer. Waiting writers then move their bytes
 * into the freed room, as after a read.
 * @return the bytes discarded (>= 0)
 * @retval -EINVAL NULL @p pipe
 * ISR: ok.
 */
int k_pipe_flush(struct k_pipe *pipe);

/* ------------------------------------------------------------------------
 * Event groups: 32 event bits
 *
 * k_event_post() sets bits, k_event_set() replaces them all; either wakes,
 * best priority first, every waiter whose condition now holds. A waiter
 * receives the bits it matched at that moment, even if they are cleared
 * before it runs. Waiters using K_EVENT_WAIT_CLEAR consume what they
 * matched: those bits are cleared once every waiter has been checked, so
 * one post wakes all the waiters it satisfies.
 */

struct k_event {
	_wait_q_t wait_q; /**< waiting threads */
	uint32_t events;  /**< the current event bits */
};

#define Z_EVENT_INITIALIZER(obj) { .wait_q = Z_WAIT_Q_INIT(&(obj).wait_q), .events = 0 }

/** Define and initialise an event group with every bit clear. */
#define K_EVENT_DEFINE(name) struct k_event name = Z_EVENT_INITIALIZER(name)

/** Options of k_event_wait(), OR-ed together. */
/** Satisfied when any of the bits is set (the default). */
#define K_EVENT_WAIT_ANY 0x0u
/** Satisfied only when all of the bits are set. */
#define K_EVENT_WAIT_ALL 0x1u
/** Clear the awaited bits first, so only events posted from now on count. */
#define K_EVENT_WAIT_RESET 0x2u
/** Clear the matched bits when the wait is satisfied (consume them). */
#define K_EVENT_WAIT_CLEAR 0x4u

/**
 * Initialise an event group with every bit clear.
 * @retval 0 initialised
 * @retval -EINVAL NULL
 * ISR: ok. Do not initialise a group threads are waiting on.
 */
int k_event_init(struct k_event *event);

/**
 * OR @p events into the group's bits and wake the waiters now satisfied.
 * May preempt the caller.
 * @retval 0 posted
 * @retval -EINVAL NULL @p event
 * ISR: ok (woken threads run when the ISR ends).
 */
int k_event_post(struct k_event *event, uint32_t events);

/**
 * Replace the group's bits with @p events and wake the waiters now
 * satisfied. May preempt the caller.
 * @retval 0 set
 * @retval -EINVAL NULL @p event
 * ISR: ok.
 */
int k_event_set(struct k_event *event, uint32_t events);

/**
 * Clear @p events in the group (wakes nobody).
 * @retval 0 cleared
 * @retval -EINVAL NULL @p event
 * ISR: ok.
 */
int k_event_clear(struct k_event *event, uint32_t events);

/**
 * Wait up to @p timeout until any (or, with K_EVENT_WAIT_ALL, all) of
 * @p events are set.
 * @param options K_EVENT_WAIT_ANY, or an OR of K_EVENT_WAIT_ALL,
 *        K_EVENT_WAIT_RESET (first clear @p events, then wait for new
 *        posts) and K_EVENT_WAIT_CLEAR (clear the matched bits on success)
 * @return the matched bits: the bits of @p events that were set when the
 *         wait was satisfied (all of @p events with K_EVENT_WAIT_ALL),
 *         never 0 on success; 0 when the timeout expired, with K_NO_WAIT
 *         when not satisfied, and for invalid arguments (NULL @p event,
 *         @p events 0, unknown options, a negative timeout, a waiting call
 *         from an ISR)
 * ISR: ok with K_NO_WAIT.
 */
uint32_t k_event_wait(struct k_event *event, uint32_t events, uint32_t options,
		      k_timeout_t timeout);

/** The bits of @p events that are set now (0 for NULL). ISR: ok. */
uint32_t k_event_test(struct k_event *event, uint32_t events);

#ifdef __cplusplus
}
#endif

#endif
