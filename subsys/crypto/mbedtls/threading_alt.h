/*
 * Mbed TLS threading (MBEDTLS_THREADING_ALT) on Kestrel's k_mutex; the
 * functions are in mbedtls_threading.c, installed by kestrel_mbedtls_init().
 */
#ifndef KESTREL_MBEDTLS_THREADING_ALT_H
#define KESTREL_MBEDTLS_THREADING_ALT_H

#include <stdbool.h>

#include <kestrel/kernel.h>

typedef struct mbedtls_threading_mutex {
	struct k_mutex mutex;
	bool is_valid; /**< initialised and not freed */
} mbedtls_threading_mutex_t;

#endif /* KESTREL_MBEDTLS_THREADING_ALT_H */
