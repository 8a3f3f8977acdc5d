/*
 * Pipes: a byte stream through a ring buffer.
 *
 * Every byte passes through the ring. A reader that finds the ring empty
 * and a writer that finds it full wait with a request (struct pipe_req, in
 * swap_data) that the other side serves: a put feeds the ring to waiting
 * readers and refills it until its data is gone or no reader wants more; a
 * get does the mirror image with waiting writers. So readers wait only
 * while the ring is empty and writers only while it is full, and one wait
 * queue holds one kind at a time. A waiter is woken, with its count, once
 * it has moved at least min_xfer bytes.
 *
 * At most one waiter per side has moved part of its data (it is served
 * first until woken), which keeps each call's bytes contiguous.
 */
#include <limits.h>
#include <string.h>

#include "kernel_internal.h"

struct pipe_req {
	uint8_t *buf;     /* the caller's data (a writer's is only read) */
	size_t len;
	size_t min_xfer;
	size_t done;      /* bytes moved so far */
	bool writer;
};

/* The state changed point: bytes or room appeared. Tells k_poll; every
 * caller reschedules afterwards anyway. Irqs locked. */
static inline void pipe_changed(struct k_pipe *p)
{
	(void)z_poll_notify(p);
}

static size_t ring_put(struct k_pipe *p, const uint8_t *src, size_t len)
{
	size_t n = MIN(len, p->size - p->used);

	if (n == 0) {
		return 0;
	}
	size_t w = p->read_idx + p->used;

	if (w >= p->size) {
		w -= p->size;
	}
	size_t first = MIN(n, p->size - w);

	memcpy(p->buffer + w, src, first);
	memcpy(p->buffer, src + first, n - first);
	p->used += n;
	return n;
}

static size_t ring_get(struct k_pipe *p, uint8_t *dst, size_t len)
{
	size_t n = MIN(len, p->used);

	if (n == 0) {
		return 0;
	}
	size_t first = MIN(n, p->size - p->read_idx);

	memcpy(dst, p->buffer + p->read_idx, first);
	memcpy(dst + first, p->buffer, n - first);
	p->read_idx += n;
	if (p->read_idx >= p->size) {
		p->read_idx -= p->size;
	}
	p->used -= n;
	if (p->used == 0) {
		p->read_idx = 0;
	}
	return n;
}

/* The waiter of one side to serve next: the one that has already moved
 * part of its data, else the best (the head of its kind). */
static struct k_thread *next_waiter(struct k_pipe *p, bool writer)
{
	struct k_thread *best = NULL;
	sys_dnode_t *n;

	SYS_DLIST_FOR_EACH_NODE(&p->wait_q.waitq, n) {
		struct k_thread *t = SYS_DLIST_CONTAINER(n, struct k_thread, qnode);
		struct pipe_req *r = t->swap_data;

		if (r->writer != writer) {
			continue;
		}
		if (r->done > 0) {
			return t;
		}
		if (best == NULL) {
			best = t;
		}
	}
	return best;
}

/* Move one waiter's bytes through the ring; wake it once it has moved
 * min_xfer. True if bytes moved. */
static bool serve_one(struct k_pipe *p, struct k_thread *t)
{
	struct pipe_req *r = t->swap_data;
	size_t n = r->writer ? ring_put(p, r->buf + r->done, r->len - r->done)
			     : ring_get(p, r->buf + r->done, r->len - r->done);

	r->done += n;
	if (r->done >= r->min_xfer) {
		z_wake(t, (int)r->done, NULL);
	}
	return n > 0;
}

/* Serve waiting readers (@p writers false) from the ring, or waiting
 * writers into it, while that moves bytes. True if any moved. */
static bool serve_waiters(struct k_pipe *p, bool writers)
{
	bool moved = false;
	struct k_thread *t;

	while ((t = next_waiter(p, writers)) != NULL && serve_one(p, t)) {
		moved = true;
	}
	return moved;
}

/* Move bytes between @p buf and the ring, and so to or from the waiters of
 * the other side, while any move. Returns the bytes of @p buf moved. */
static size_t transfer(struct k_pipe *p, uint8_t *buf, size_t len, bool write)
{
	size_t done = 0;

	do {
		done += write ? ring_put(p, buf + done, len - done)
			      : ring_get(p, buf + done, len - done);
	} while (serve_waiters(p, !write) && done < len);
	return done;
}

/* Bytes a call of one side could move right now (for K_NO_WAIT). */
static size_t movable_now(struct k_pipe *p, bool write)
{
	size_t n = write ? p->size - p->used : p->used;
	sys_dnode_t *node;

	if (n != 0 && n != p->size) {
		return n; /* nobody waits on a ring neither empty nor full */
	}
	SYS_DLIST_FOR_EACH_NODE(&p->wait_q.waitq, node) {
		struct k_thread *t = SYS_DLIST_CONTAINER(node, struct k_thread, qnode);
		struct pipe_req *r = t->swap_data;

		if (r->writer != write) {
			n += r->len - r->done;
		}
	}
	return n;
}

static int pipe_xfer(struct k_pipe *p, uint8_t *buf, size_t len,
		     size_t min_xfer, k_timeout_t timeout, bool write)
{
	if (p == NULL || (buf == NULL && len > 0) || min_xfer > len ||
	    len > INT_MAX || !z_timeout_valid(timeout) ||
	    (timeout.ticks != 0 && arch_is_in_isr())) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();

	if (timeout.ticks == 0 && movable_now(p, write) < min_xfer) {
		arch_irq_unlock(key);
		return -EAGAIN;
	}
	size_t done = transfer(p, buf, len, write);

	pipe_changed(p);
	if (done >= min_xfer) {
		z_reschedule(key);
		return (int)done;
	}
	struct pipe_req req = { .buf = buf, .len = len, .min_xfer = min_xfer,
				.done = done, .writer = write };

	z_current()->swap_data = &req;
	int ret = z_pend_curr(&p->wait_q, key, timeout);

	/* Timed out: report the bytes that did move, if any. */
	return ret == -EAGAIN && req.done > 0 ? (int)req.done : ret;
}

int k_pipe_init(struct k_pipe *pipe, void *buffer, size_t size)
{
	if (pipe == NULL || buffer == NULL || size == 0) {
		return -EINVAL;
	}
	z_waitq_init(&pipe->wait_q);
	pipe->buffer = buffer;
	pipe->size = size;
	pipe->used = 0;
	pipe->read_idx = 0;
	return 0;
}

int k_pipe_put(struct k_pipe *pipe, const void *data, size_t len,
	       size_t min_xfer, k_timeout_t timeout)
{
	return pipe_xfer(pipe, (uint8_t *)(uintptr_t)data, len, min_xfer,
			 timeout, true);
}

int k_pipe_get(struct k_pipe *pipe, void *data, size_t len, size_t min_xfer,
	       k_timeout_t timeout)
{
	return pipe_xfer(pipe, data, len, min_xfer, timeout, false);
}

size_t k_pipe_read_avail(struct k_pipe *pipe)
{
	return pipe == NULL ? 0 : pipe->used;
}

size_t k_pipe_write_avail(struct k_pipe *pipe)
{
	return pipe == NULL ? 0 : pipe->size - pipe->used;
}

int k_pipe_flush(struct k_pipe *pipe)
{
	if (pipe == NULL) {
		return -EINVAL;
	}
	unsigned int key = arch_irq_lock();
	size_t n = pipe->used;

	pipe->used = 0;
	pipe->read_idx = 0;
	(void)serve_waiters(pipe, true);
	pipe_changed(pipe);
	z_reschedule(key);
	return (int)MIN(n, (size_t)INT_MAX);
}
