/*
 * native_sim entropy with --seed=N: the bytes are a function of the seed,
 * so re-initialising the device (what a second run does) repeats them.
 */
#include <stdint.h>
#include <string.h>

#include <kestrel/drivers/entropy.h>
#include <kestrel/kernel.h>
#include <kestrel/ktest.h>

KTEST_SUITE(entropy_seeded, NULL, NULL, NULL, NULL);

KTEST(entropy_seeded, same_seed_gives_the_same_bytes)
{
	const struct device *rng = device_get_binding("entropy0");
	uint8_t a[64], b[64];

	kt_assert_not_null(rng);
	kt_assert_eq(rng->init(rng), 0);
	kt_assert_eq(entropy_get_entropy(rng, a, sizeof(a)), 0);
	kt_assert_eq(rng->init(rng), 0);
	kt_assert_eq(entropy_get_entropy(rng, b, sizeof(b)), 0);
	kt_assert_mem_eq(a, b, sizeof(a));
}

KTEST(entropy_seeded, seeded_stream_still_varies)
{
	const struct device *rng = device_get_binding("entropy0");
	uint8_t a[32], b[32];

	kt_assert_not_null(rng);
	kt_assert_eq(entropy_get_entropy(rng, a, sizeof(a)), 0);
	kt_assert_eq(entropy_get_entropy(rng, b, sizeof(b)), 0);
	kt_assert(memcmp(a, b, sizeof(a)) != 0, "same 32 bytes twice");
}
