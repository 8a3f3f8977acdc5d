/*
 * native_sim entropy source (kestrel,native-entropy).
 *
 * Without --seed the bytes come from the host's getrandom(). With --seed=N
 * (N != 0) they come from a splitmix64 generator seeded with N, so two runs
 * with the same seed see the same bytes: a failing test reruns exactly.
 * --seed=0 is the same as no seed (posix_hw_seed() cannot tell them apart).
 */
#ifndef KESTREL_ENTROPY_NATIVE_H
#define KESTREL_ENTROPY_NATIVE_H

#include <stdbool.h>
#include <stdint.h>

#include <kestrel/device.h>
#include <kestrel/drivers/entropy.h>

struct entropy_native_data {
	uint64_t state;  /**< splitmix64 state (seeded mode) */
	bool seeded;     /**< true: deterministic generator, false: host */
};

extern const struct entropy_driver_api entropy_native_api;

/** Choose the mode from --seed. @retval 0 always. */
int entropy_native_init(const struct device *dev);

#endif
