/*
 * Entropy API on the board's "entropy0": bytes are produced, exactly as
 * many as asked, differ between calls, cover every byte value, and bad
 * arguments are -EINVAL. Runs from a timer (ISR) for the _isr variant.
 */
#include <stdint.h>
#include <string.h>

#include <kestrel/drivers/entropy.h>
#include <kestrel/kernel.h>
#include <kestrel/ktest.h>

#define GUARD 0xa5
#define SPREAD_BYTES 8192

static const struct device *rng;
static uint8_t big[SPREAD_BYTES];

static void *setup(void)
{
	rng = device_get_binding("entropy0");
	return NULL;
}

static void before(void *fixture)
{
	(void)fixture;
	kt_assert_not_null(rng);
}

KTEST_SUITE(entropy, setup, before, NULL, NULL);

KTEST(entropy, device_is_ready)
{
	kt_assert_true(device_is_ready(rng));
}

KTEST(entropy, fills_exactly_the_requested_bytes)
{
	uint8_t buf[48];
	int zeros = 0;

	memset(buf, GUARD, sizeof(buf));
	memset(buf + 8, 0, 31);
	kt_assert_eq(entropy_get_entropy(rng, buf + 8, 31), 0);
	for (int i = 0; i < 8; i++) {
		kt_assert_eq(buf[i], GUARD);
	}
	for (size_t i = 8 + 31; i < sizeof(buf); i++) {
		kt_assert_eq(buf[i], GUARD);
	}
	for (int i = 8; i < 8 + 31; i++) {
		zeros += buf[i] == 0;
	}
	kt_assert_lt(zeros, 8);
}

KTEST(entropy, two_calls_give_different_bytes)
{
	uint8_t a[32], b[32];

	kt_assert_eq(entropy_get_entropy(rng, a, sizeof(a)), 0);
	kt_assert_eq(entropy_get_entropy(rng, b, sizeof(b)), 0);
	kt_assert(memcmp(a, b, sizeof(a)) != 0, "same 32 bytes twice");
}

KTEST(entropy, one_byte_requests_work)
{
	uint8_t seen[8];
	int distinct = 0;

	for (size_t i = 0; i < sizeof(seen); i++) {
		kt_assert_eq(entropy_get_entropy(rng, &seen[i], 1), 0);
	}
	for (size_t i = 1; i < sizeof(seen); i++) {
		distinct += seen[i] != seen[0];
	}
	kt_assert_gt(distinct, 0);
}

KTEST(entropy, every_byte_value_appears_in_8_kib)
{
	static uint16_t count[256];
	int missing = 0;

	memset(count, 0, sizeof(count));
	for (size_t off = 0; off < sizeof(big); off += 1000) {
		size_t n = sizeof(big) - off < 1000 ? sizeof(big) - off : 1000;

		kt_assert_eq(entropy_get_entropy(rng, big + off, n), 0);
	}
	for (size_t i = 0; i < sizeof(big); i++) {
		count[big[i]]++;
	}
	for (int v = 0; v < 256; v++) {
		missing += count[v] == 0;
		/* 32 expected per value; 96 would be a grossly skewed source. */
		kt_assert(count[v] < 96, "value %d appears %u times", v,
			  (unsigned int)count[v]);
	}
	kt_assert_eq(missing, 0);
}

KTEST(entropy, null_or_empty_requests_return_einval)
{
	uint8_t buf[4];

	kt_assert_eq(entropy_get_entropy(NULL, buf, sizeof(buf)), -EINVAL);
	kt_assert_eq(entropy_get_entropy(rng, NULL, sizeof(buf)), -EINVAL);
	kt_assert_eq(entropy_get_entropy(rng, buf, 0), -EINVAL);
	kt_assert_eq(entropy_get_entropy_isr(NULL, buf, sizeof(buf)), -EINVAL);
	kt_assert_eq(entropy_get_entropy_isr(rng, NULL, sizeof(buf)), -EINVAL);
	kt_assert_eq(entropy_get_entropy_isr(rng, buf, 0), -EINVAL);
}

static volatile int isr_ret;
static uint8_t isr_buf[16];

static void timer_fn(struct k_timer *t)
{
	(void)t;
	isr_ret = entropy_get_entropy_isr(rng, isr_buf, sizeof(isr_buf));
}

KTEST(entropy, isr_variant_works_in_interrupt_context)
{
	static struct k_timer timer;

	uint8_t warm[4];
	int nonzero = 0;

	/* A thread request first: a source with an ISR pool refills it. */
	kt_assert_eq(entropy_get_entropy(rng, warm, sizeof(warm)), 0);
	isr_ret = -1000;
	memset(isr_buf, 0, sizeof(isr_buf));
	kt_assert_eq(k_timer_init(&timer, timer_fn, NULL), 0);
	kt_assert_eq(k_timer_start(&timer, K_MSEC(1), K_NO_WAIT), 0);
	k_msleep(20);
	if (isr_ret == -ENOSYS) {
		kt_skip(); /* this source cannot be read from an ISR */
	}
	kt_assert_gt(isr_ret, 0);
	kt_assert_le(isr_ret, (int)sizeof(isr_buf));
	for (int i = 0; i < isr_ret; i++) {
		nonzero += isr_buf[i] != 0;
	}
	kt_assert_gt(nonzero, 0);
}
