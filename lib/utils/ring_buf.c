/* Byte ring buffer (include/kestrel/sys/ring_buf.h). */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include <kestrel/sys/ring_buf.h>
#include <kestrel/sys/util.h>

int ring_buf_init(struct ring_buf *rb, uint8_t *mem, uint32_t size)
{
	if (rb == NULL || mem == NULL || size == 0 || size > RING_BUF_MAX_SIZE) {
		return -EINVAL;
	}
	rb->mem = mem;
	rb->size = size;
	ring_buf_reset(rb);
	return 0;
}

/* Offset in mem of position @p pos. */
static uint32_t offset_of(const struct ring_buf *rb, uint32_t pos)
{
	return pos < rb->size ? pos : pos - rb->size;
}

/* Position @p pos moved on by @p n (n <= size). */
static uint32_t advance(const struct ring_buf *rb, uint32_t pos, uint32_t n)
{
	uint32_t room = 2u * rb->size - pos; /* steps before the wrap to 0 */

	return n < room ? pos + n : n - room;
}

/* Clamp a byte count to what the int return value can report. */
static uint32_t clamp_len(size_t len, uint32_t limit)
{
	return (uint32_t)MIN(MIN(len, (size_t)limit), (size_t)INT_MAX);
}

int ring_buf_put(struct ring_buf *rb, const void *data, size_t len)
{
	if (rb == NULL || (data == NULL && len > 0)) {
		return -EINVAL;
	}
	uint32_t n = clamp_len(len, ring_buf_space(rb));

	if (n == 0) {
		return 0;
	}
	uint32_t off = offset_of(rb, rb->head);
	uint32_t first = MIN(n, rb->size - off);

	memcpy(rb->mem + off, data, first);
	memcpy(rb->mem, (const uint8_t *)data + first, n - first);
	rb->head = advance(rb, rb->head, n);
	return (int)n;
}

int ring_buf_get(struct ring_buf *rb, void *data, size_t len)
{
	if (rb == NULL || (data == NULL && len > 0)) {
		return -EINVAL;
	}
	uint32_t n = clamp_len(len, ring_buf_used(rb));

	if (n == 0) {
		return 0;
	}
	uint32_t off = offset_of(rb, rb->tail);
	uint32_t first = MIN(n, rb->size - off);

	memcpy(data, rb->mem + off, first);
	memcpy((uint8_t *)data + first, rb->mem, n - first);
	rb->tail = advance(rb, rb->tail, n);
	return (int)n;
}
