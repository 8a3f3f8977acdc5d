/*
 * TEST-ONLY entropy source (kestrel,test-entropy): a xorshift32 generator
 * seeded at build time from CONFIG_TEST_RANDOM_GENERATOR_SEED.
 *
 * It is NOT random: every boot of an image yields the same bytes, and the
 * state is guessable. It exists so that tests of code that needs an entropy
 * device can run on boards without a hardware RNG (mps2_an385). Building it
 * requires CONFIG_TEST_RANDOM_GENERATOR=y; the build prints a CMake warning
 * and the device prints a warning at boot, so a product image cannot use
 * it without noticing.
 */
#ifndef KESTREL_ENTROPY_TEST_H
#define KESTREL_ENTROPY_TEST_H

#include <stdint.h>

#include <kestrel/device.h>
#include <kestrel/drivers/entropy.h>

struct entropy_test_data {
	uint32_t state; /**< xorshift32 state, never 0 */
};

extern const struct entropy_driver_api entropy_test_api;

/** Seed the generator and print the boot warning. @retval 0 always. */
int entropy_test_init(const struct device *dev);

#endif
