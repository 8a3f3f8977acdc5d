/*
 * Byte ring buffer: a FIFO of bytes in caller-provided memory of any size.
 *
 * One producer and one consumer. The functions do no locking: when the
 * two can run concurrently (an ISR filling, a thread draining), the
 * caller holds irq_lock() around each call. Every function is ISR-safe
 * and runs in time linear in the bytes copied.
 *
 * The read and write positions run over [0, 2 * size), so a full ring
 * and an empty one differ without a separate count and every byte of
 * the memory is usable.
 */
#ifndef KESTREL_SYS_RING_BUF_H
#define KESTREL_SYS_RING_BUF_H

#include <stddef.h>
#include <stdint.h>

struct ring_buf {
	uint8_t *mem;  /**< storage, @ref size bytes */
	uint32_t size; /**< capacity in bytes, 1 .. RING_BUF_MAX_SIZE */
	uint32_t head; /**< write position, 0 .. 2 * size - 1 */
	uint32_t tail; /**< read position, 0 .. 2 * size - 1 */
};

/** Largest capacity (the positions must fit twice in 32 bits). */
#define RING_BUF_MAX_SIZE 0x80000000u

/**
 * Use @p mem (@p size bytes) as an empty ring.
 * @retval 0 ready
 * @retval -EINVAL NULL @p rb or @p mem, @p size 0 or above RING_BUF_MAX_SIZE
 */
int ring_buf_init(struct ring_buf *rb, uint8_t *mem, uint32_t size);

/** Bytes stored. */
static inline uint32_t ring_buf_used(const struct ring_buf *rb)
{
	return rb->head >= rb->tail ? rb->head - rb->tail
				    : 2u * rb->size - (rb->tail - rb->head);
}

/** Bytes that fit before the ring is full. */
static inline uint32_t ring_buf_space(const struct ring_buf *rb)
{
	return rb->size - ring_buf_used(rb);
}

/** Forget every stored byte. */
static inline void ring_buf_reset(struct ring_buf *rb)
{
	rb->head = 0;
	rb->tail = 0;
}

/**
 * Append up to @p len bytes of @p data (as many as fit, in order).
 * @return the number of bytes stored, 0 when the ring is full
 * @retval -EINVAL NULL @p rb, or NULL @p data with @p len > 0
 */
int ring_buf_put(struct ring_buf *rb, const void *data, size_t len);

/**
 * Remove up to @p len of the oldest bytes into @p data.
 * @return the number of bytes copied, 0 when the ring is empty
 * @retval -EINVAL NULL @p rb, or NULL @p data with @p len > 0
 */
int ring_buf_get(struct ring_buf *rb, void *data, size_t len);

#endif
