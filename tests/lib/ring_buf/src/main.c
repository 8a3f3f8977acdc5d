/*
 * Byte ring buffer: order, partial put/get at full/empty, wrap-around at
 * any size, argument errors.
 */
#include <errno.h>
#include <string.h>

#include <kestrel/ktest.h>
#include <kestrel/sys/ring_buf.h>

static struct ring_buf rb;
static uint8_t mem[8];

static void before(void *fixture)
{
	(void)fixture;
	memset(mem, 0, sizeof(mem));
	(void)ring_buf_init(&rb, mem, sizeof(mem));
}

KTEST_SUITE(ring_buf, NULL, before, NULL, NULL);

KTEST(ring_buf, new_ring_is_empty_with_full_capacity)
{
	uint8_t out[4];

	kt_assert_eq(ring_buf_used(&rb), 0);
	kt_assert_eq(ring_buf_space(&rb), 8);
	kt_assert_eq(ring_buf_get(&rb, out, sizeof(out)), 0);
}

KTEST(ring_buf, bytes_come_out_in_order)
{
	uint8_t out[5] = { 0 };

	kt_assert_eq(ring_buf_put(&rb, "abcde", 5), 5);
	kt_assert_eq(ring_buf_used(&rb), 5);
	kt_assert_eq(ring_buf_get(&rb, out, 2), 2);
	kt_assert_eq(memcmp(out, "ab", 2), 0);
	kt_assert_eq(ring_buf_get(&rb, out, sizeof(out)), 3);
	kt_assert_eq(memcmp(out, "cde", 3), 0);
	kt_assert_eq(ring_buf_used(&rb), 0);
}

KTEST(ring_buf, put_into_a_full_ring_stores_only_what_fits)
{
	uint8_t out[8];

	kt_assert_eq(ring_buf_put(&rb, "0123456789", 10), 8);
	kt_assert_eq(ring_buf_space(&rb), 0);
	kt_assert_eq(ring_buf_put(&rb, "x", 1), 0);
	kt_assert_eq(ring_buf_get(&rb, out, sizeof(out)), 8);
	kt_assert_eq(memcmp(out, "01234567", 8), 0);
}

KTEST(ring_buf, wraps_around_at_every_offset)
{
	uint8_t out[6];

	for (int i = 0; i < 40; i++) {
		char in[6];

		for (int j = 0; j < 6; j++) {
			in[j] = (char)('a' + (i + j) % 26);
		}
		kt_assert_eq(ring_buf_put(&rb, in, 6), 6);
		kt_assert_eq(ring_buf_used(&rb), 6);
		kt_assert_eq(ring_buf_get(&rb, out, 6), 6);
		kt_assert_eq(memcmp(out, in, 6), 0);
	}
}

KTEST(ring_buf, odd_size_full_and_empty_stay_apart)
{
	uint8_t odd[7];
	uint8_t out[7];

	kt_assert_eq(ring_buf_init(&rb, odd, sizeof(odd)), 0);
	for (int round = 0; round < 20; round++) {
		kt_assert_eq(ring_buf_put(&rb, "ABCDEFGH", 8), 7);
		kt_assert_eq(ring_buf_used(&rb), 7);
		kt_assert_eq(ring_buf_get(&rb, out, 3), 3);
		kt_assert_eq(memcmp(out, "ABC", 3), 0);
		kt_assert_eq(ring_buf_get(&rb, out, 7), 4);
		kt_assert_eq(memcmp(out, "DEFG", 4), 0);
		kt_assert_eq(ring_buf_used(&rb), 0);
		kt_assert_eq(ring_buf_put(&rb, "z", 1), 1); /* shift the offset */
		kt_assert_eq(ring_buf_get(&rb, out, 1), 1);
	}
}

KTEST(ring_buf, reset_empties)
{
	kt_assert_eq(ring_buf_put(&rb, "abc", 3), 3);
	ring_buf_reset(&rb);
	kt_assert_eq(ring_buf_used(&rb), 0);
	kt_assert_eq(ring_buf_space(&rb), 8);
}

KTEST(ring_buf, bad_arguments_are_einval)
{
	uint8_t out[1];

	kt_assert_eq(ring_buf_init(NULL, mem, 8), -EINVAL);
	kt_assert_eq(ring_buf_init(&rb, NULL, 8), -EINVAL);
	kt_assert_eq(ring_buf_init(&rb, mem, 0), -EINVAL);
	kt_assert_eq(ring_buf_init(&rb, mem, RING_BUF_MAX_SIZE + 1u), -EINVAL);
	kt_assert_eq(ring_buf_put(NULL, "a", 1), -EINVAL);
	kt_assert_eq(ring_buf_put(&rb, NULL, 1), -EINVAL);
	kt_assert_eq(ring_buf_get(NULL, out, 1), -EINVAL);
	kt_assert_eq(ring_buf_get(&rb, NULL, 1), -EINVAL);
	kt_assert_eq(ring_buf_put(&rb, NULL, 0), 0);
	kt_assert_eq(ring_buf_get(&rb, NULL, 0), 0);
}
