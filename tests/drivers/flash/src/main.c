/*
 * Flash API on the board's "flash0": geometry, erase/write/read round
 * trips, the NOR rule (no write over programmed data), alignment and range
 * errors, and on native_sim the power-cut fault injection.
 */
#include <stdint.h>
#include <string.h>

#include <kestrel/drivers/flash.h>
#include <kestrel/kernel.h>
#include <kestrel/ktest.h>

#define CHUNK 64

static const struct device *flash;
static struct flash_parameters p;
static uint8_t wbuf[CHUNK];
static uint8_t rbuf[CHUNK];
static uint8_t ff[CHUNK];

static void *setup(void)
{
	flash = device_get_binding("flash0");
	memset(ff, 0xff, sizeof(ff));
	return NULL;
}

static void before(void *fixture)
{
	(void)fixture;
	kt_assert_not_null(flash);
	kt_assert_eq(flash_get_parameters(flash, &p), 0);
	kt_assert_eq(flash_erase(flash, 0, p.size), 0);
	for (size_t i = 0; i < CHUNK; i++) {
		wbuf[i] = (uint8_t)(i * 7 + 1);
	}
	memset(rbuf, 0, sizeof(rbuf));
}

KTEST_SUITE(flash, setup, before, NULL, NULL);

KTEST(flash, device_is_ready)
{
	kt_assert_true(device_is_ready(flash));
}

KTEST(flash, parameters_describe_a_nor_flash)
{
	kt_assert_eq(p.erased_value, 0xff);
	kt_assert_ge(p.write_block_size, 1);
	kt_assert_gt(p.erase_block_size, 0);
	kt_assert_eq(p.erase_block_size % p.write_block_size, 0);
	kt_assert_eq(p.size % p.erase_block_size, 0);
	kt_assert_ge(p.size, 2 * p.erase_block_size);
	kt_assert_eq(CHUNK % p.write_block_size, 0);
}

KTEST(flash, get_parameters_null_returns_einval)
{
	kt_assert_eq(flash_get_parameters(flash, NULL), -EINVAL);
	kt_assert_eq(flash_get_parameters(NULL, &p), -EINVAL);
}

KTEST(flash, erased_flash_reads_ff)
{
	kt_assert_eq(flash_read(flash, 0, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, ff, CHUNK);
	kt_assert_eq(flash_read(flash, p.size - CHUNK, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, ff, CHUNK);
}

KTEST(flash, write_then_read_returns_the_data)
{
	size_t off = p.erase_block_size;

	kt_assert_eq(flash_write(flash, off, wbuf, CHUNK), 0);
	kt_assert_eq(flash_read(flash, off, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, wbuf, CHUNK);
}

KTEST(flash, write_at_the_last_block_succeeds)
{
	size_t off = p.size - CHUNK;

	kt_assert_eq(flash_write(flash, off, wbuf, CHUNK), 0);
	kt_assert_eq(flash_read(flash, off, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, wbuf, CHUNK);
}

KTEST(flash, read_at_any_offset_and_length)
{
	kt_assert_eq(flash_write(flash, 0, wbuf, CHUNK), 0);
	kt_assert_eq(flash_read(flash, 3, rbuf, 5), 0);
	kt_assert_mem_eq(rbuf, wbuf + 3, 5);
}

KTEST(flash, erase_write_erase_write_round_trip)
{
	for (int round = 0; round < 3; round++) {
		wbuf[0] = (uint8_t)round;
		kt_assert_eq(flash_erase(flash, 0, p.erase_block_size), 0);
		kt_assert_eq(flash_write(flash, 0, wbuf, CHUNK), 0);
		kt_assert_eq(flash_read(flash, 0, rbuf, CHUNK), 0);
		kt_assert_mem_eq(rbuf, wbuf, CHUNK);
	}
}

KTEST(flash, erase_clears_only_its_pages)
{
	size_t page = p.erase_block_size;

	kt_assert_eq(flash_write(flash, 0, wbuf, CHUNK), 0);
	kt_assert_eq(flash_write(flash, page, wbuf, CHUNK), 0);
	kt_assert_eq(flash_erase(flash, page, page), 0);
	kt_assert_eq(flash_read(flash, page, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, ff, CHUNK);
	kt_assert_eq(flash_read(flash, 0, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, wbuf, CHUNK);
}

KTEST(flash, write_without_erase_returns_eio_and_keeps_data)
{
	uint8_t other[CHUNK];

	memset(other, 0x5a, sizeof(other));
	kt_assert_eq(flash_write(flash, 0, wbuf, CHUNK), 0);
	kt_assert_eq(flash_write(flash, 0, other, CHUNK), -EIO);
	kt_assert_eq(flash_read(flash, 0, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, wbuf, CHUNK);
}

KTEST(flash, write_that_only_clears_bits_is_still_refused)
{
	uint8_t zeros[CHUNK];

	memset(zeros, 0, sizeof(zeros));
	kt_assert_eq(flash_write(flash, 0, wbuf, CHUNK), 0);
	/* 0x00 only clears bits: bit-clearing NOR would accept it; the
	 * Kestrel rule refuses any change to programmed bytes. */
	kt_assert_eq(flash_write(flash, 0, zeros, CHUNK), -EIO);
	kt_assert_eq(flash_read(flash, 0, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, wbuf, CHUNK);
}

KTEST(flash, write_overlapping_programmed_data_writes_nothing)
{
	size_t half = CHUNK / 2;
	uint8_t other[CHUNK];

	memset(other, 0x11, sizeof(other));
	kt_assert_eq(flash_write(flash, half, wbuf, half), 0);
	/* [0, CHUNK) is erased in its first half, programmed in its second. */
	kt_assert_eq(flash_write(flash, 0, other, CHUNK), -EIO);
	kt_assert_eq(flash_read(flash, 0, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, ff, half);
	kt_assert_mem_eq(rbuf + half, wbuf, half);
}

KTEST(flash, rewriting_the_same_data_succeeds)
{
	kt_assert_eq(flash_write(flash, 0, wbuf, CHUNK), 0);
	kt_assert_eq(flash_write(flash, 0, wbuf, CHUNK), 0);
	kt_assert_eq(flash_read(flash, 0, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, wbuf, CHUNK);
}

KTEST(flash, write_after_erase_succeeds)
{
	uint8_t other[CHUNK];

	memset(other, 0x5a, sizeof(other));
	kt_assert_eq(flash_write(flash, 0, wbuf, CHUNK), 0);
	kt_assert_eq(flash_erase(flash, 0, p.erase_block_size), 0);
	kt_assert_eq(flash_write(flash, 0, other, CHUNK), 0);
	kt_assert_eq(flash_read(flash, 0, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, other, CHUNK);
}

KTEST(flash, unaligned_write_returns_einval_and_writes_nothing)
{
	if (p.write_block_size == 1) {
		kt_skip(); /* every offset and length is aligned */
	}
	kt_assert_eq(flash_write(flash, 1, wbuf, p.write_block_size), -EINVAL);
	kt_assert_eq(flash_write(flash, 0, wbuf, p.write_block_size + 1), -EINVAL);
	kt_assert_eq(flash_write(flash, p.write_block_size - 1, wbuf, 1), -EINVAL);
	kt_assert_eq(flash_read(flash, 0, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, ff, CHUNK);
}

KTEST(flash, unaligned_erase_returns_einval_and_erases_nothing)
{
	kt_assert_eq(flash_write(flash, 0, wbuf, CHUNK), 0);
	kt_assert_eq(flash_erase(flash, 1, p.erase_block_size), -EINVAL);
	kt_assert_eq(flash_erase(flash, 0, p.erase_block_size / 2), -EINVAL);
	kt_assert_eq(flash_erase(flash, 0, p.erase_block_size + 1), -EINVAL);
	kt_assert_eq(flash_read(flash, 0, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, wbuf, CHUNK);
}

KTEST(flash, out_of_range_read_returns_einval)
{
	kt_assert_eq(flash_read(flash, p.size, rbuf, 1), -EINVAL);
	kt_assert_eq(flash_read(flash, p.size - 1, rbuf, 2), -EINVAL);
	kt_assert_eq(flash_read(flash, SIZE_MAX, rbuf, 1), -EINVAL);
	kt_assert_eq(flash_read(flash, 1, rbuf, SIZE_MAX), -EINVAL);
}

KTEST(flash, out_of_range_write_returns_einval)
{
	size_t wbs = p.write_block_size;

	kt_assert_eq(flash_write(flash, p.size, wbuf, wbs), -EINVAL);
	kt_assert_eq(flash_write(flash, p.size - wbs, wbuf, 2 * wbs), -EINVAL);
	kt_assert_eq(flash_write(flash, SIZE_MAX - wbs + 1, wbuf, wbs), -EINVAL);
	kt_assert_eq(flash_read(flash, p.size - wbs, rbuf, wbs), 0);
	kt_assert_mem_eq(rbuf, ff, wbs);
}

KTEST(flash, out_of_range_erase_returns_einval)
{
	size_t page = p.erase_block_size;

	kt_assert_eq(flash_erase(flash, p.size, page), -EINVAL);
	kt_assert_eq(flash_erase(flash, p.size - page, 2 * page), -EINVAL);
	kt_assert_eq(flash_erase(flash, 0, p.size + page), -EINVAL);
}

KTEST(flash, zero_length_is_a_no_op)
{
	kt_assert_eq(flash_read(flash, 0, rbuf, 0), 0);
	kt_assert_eq(flash_write(flash, 0, wbuf, 0), 0);
	kt_assert_eq(flash_erase(flash, 0, 0), 0);
}

KTEST(flash, null_arguments_return_einval)
{
	kt_assert_eq(flash_read(NULL, 0, rbuf, 1), -EINVAL);
	kt_assert_eq(flash_read(flash, 0, NULL, 1), -EINVAL);
	kt_assert_eq(flash_write(NULL, 0, wbuf, CHUNK), -EINVAL);
	kt_assert_eq(flash_write(flash, 0, NULL, CHUNK), -EINVAL);
	kt_assert_eq(flash_erase(NULL, 0, p.erase_block_size), -EINVAL);
}

#if defined(CONFIG_FLASH_NATIVE)

static void power_after(void *fixture)
{
	(void)fixture;
	(void)flash_native_set_power_cut(flash, 0);
}

KTEST_SUITE(flash_power_cut, setup, before, power_after, NULL);

KTEST(flash_power_cut, writes_before_the_cut_complete)
{
	kt_assert_eq(flash_native_set_power_cut(flash, 3), 0);
	kt_assert_eq(flash_write(flash, 0, wbuf, CHUNK), 0);
	kt_assert_eq(flash_write(flash, CHUNK, wbuf, CHUNK), 0);
	kt_assert_eq(flash_read(flash, CHUNK, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, wbuf, CHUNK);
}

KTEST(flash_power_cut, nth_write_is_torn_and_returns_eio)
{
	size_t half = CHUNK / 2;

	kt_assert_eq(flash_native_set_power_cut(flash, 2), 0);
	kt_assert_eq(flash_write(flash, 0, wbuf, CHUNK), 0);
	kt_assert_eq(flash_write(flash, CHUNK, wbuf, CHUNK), -EIO);
	kt_assert_eq(flash_read(flash, CHUNK, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, wbuf, half);
	kt_assert_mem_eq(rbuf + half, ff, half);
}

KTEST(flash_power_cut, operations_after_the_cut_fail_and_change_nothing)
{
	kt_assert_eq(flash_write(flash, 0, wbuf, CHUNK), 0);
	kt_assert_eq(flash_native_set_power_cut(flash, 1), 0);
	kt_assert_eq(flash_write(flash, CHUNK, wbuf, CHUNK), -EIO);
	kt_assert_eq(flash_write(flash, 2 * CHUNK, wbuf, CHUNK), -EIO);
	kt_assert_eq(flash_erase(flash, 0, p.erase_block_size), -EIO);
	kt_assert_eq(flash_read(flash, 2 * CHUNK, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, ff, CHUNK);
	kt_assert_eq(flash_read(flash, 0, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, wbuf, CHUNK);
}

KTEST(flash_power_cut, torn_erase_erases_the_first_half)
{
	size_t page = p.erase_block_size;

	kt_assert_eq(flash_write(flash, 0, wbuf, CHUNK), 0);
	kt_assert_eq(flash_write(flash, page - CHUNK, wbuf, CHUNK), 0);
	kt_assert_eq(flash_native_set_power_cut(flash, 1), 0);
	kt_assert_eq(flash_erase(flash, 0, page), -EIO);
	kt_assert_eq(flash_read(flash, 0, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, ff, CHUNK);
	kt_assert_eq(flash_read(flash, page - CHUNK, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, wbuf, CHUNK);
}

KTEST(flash_power_cut, rejected_calls_do_not_count)
{
	kt_assert_eq(flash_native_set_power_cut(flash, 1), 0);
	kt_assert_eq(flash_write(flash, 1, wbuf, CHUNK), -EINVAL);
	kt_assert_eq(flash_erase(flash, 1, p.erase_block_size), -EINVAL);
	kt_assert_eq(flash_write(flash, 0, wbuf, CHUNK), -EIO);
	kt_assert_eq(flash_read(flash, 0, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, wbuf, CHUNK / 2);
}

KTEST(flash_power_cut, restoring_power_allows_writes)
{
	kt_assert_eq(flash_native_set_power_cut(flash, 1), 0);
	kt_assert_eq(flash_write(flash, 0, wbuf, CHUNK), -EIO);
	kt_assert_eq(flash_native_set_power_cut(flash, 0), 0);
	kt_assert_eq(flash_erase(flash, 0, p.erase_block_size), 0);
	kt_assert_eq(flash_write(flash, 0, wbuf, CHUNK), 0);
	kt_assert_eq(flash_read(flash, 0, rbuf, CHUNK), 0);
	kt_assert_mem_eq(rbuf, wbuf, CHUNK);
}

KTEST(flash_power_cut, set_on_a_bad_device_returns_einval)
{
	kt_assert_eq(flash_native_set_power_cut(NULL, 1), -EINVAL);
	kt_assert_eq(flash_native_set_power_cut(device_get_binding("console"), 1),
		     -EINVAL);
}

/*
 * The storage-test pattern: append RECORDS records, cutting power at each
 * successive write in turn. Whatever the cut, every record written before
 * it is intact, the torn one holds exactly its first half, and nothing
 * after it was touched.
 */
#define RECORDS 6

static void fill_record(uint8_t *rec, int i)
{
	for (int b = 0; b < CHUNK; b++) {
		rec[b] = (uint8_t)(0x40 + i * 16 + b);
	}
}

KTEST(flash_power_cut, each_cut_point_keeps_earlier_records)
{
	uint8_t rec[CHUNK];

	for (unsigned int cut = 1; cut <= RECORDS; cut++) {
		kt_assert_eq(flash_native_set_power_cut(flash, 0), 0);
		kt_assert_eq(flash_erase(flash, 0, p.erase_block_size), 0);
		kt_assert_eq(flash_native_set_power_cut(flash, cut), 0);
		for (int i = 0; i < RECORDS; i++) {
			fill_record(rec, i);
			int expect = (unsigned int)i + 1 < cut ? 0 : -EIO;

			kt_assert_eq(flash_write(flash, (size_t)i * CHUNK, rec,
						 CHUNK), expect);
		}
		for (int i = 0; i < RECORDS; i++) {
			fill_record(rec, i);
			kt_assert_eq(flash_read(flash, (size_t)i * CHUNK, rbuf,
						CHUNK), 0);
			if ((unsigned int)i + 1 < cut) {
				kt_assert_mem_eq(rbuf, rec, CHUNK);
			} else if ((unsigned int)i + 1 == cut) {
				kt_assert_mem_eq(rbuf, rec, CHUNK / 2);
				kt_assert_mem_eq(rbuf + CHUNK / 2, ff, CHUNK / 2);
			} else {
				kt_assert_mem_eq(rbuf, ff, CHUNK);
			}
		}
	}
}

#endif /* CONFIG_FLASH_NATIVE */
