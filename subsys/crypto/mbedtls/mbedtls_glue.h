/*
 * Private to the Mbed TLS glue (subsys/crypto/mbedtls).
 */
#ifndef KESTREL_MBEDTLS_GLUE_H
#define KESTREL_MBEDTLS_GLUE_H

#include <stddef.h>

/** Install the k_mutex hooks (mbedtls_threading.c); once, before any other
 *  Mbed TLS call. */
void kestrel_mbedtls_threading_setup(void);

/** The entropy source of MBEDTLS_ENTROPY_HARDWARE_ALT (declared in Mbed
 *  TLS's private library/entropy_poll.h): fills @p output with @p len bytes
 *  of the entropy device, *olen = len; 0, or
 *  MBEDTLS_ERR_ENTROPY_SOURCE_FAILED with *olen = 0. */
int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len,
			  size_t *olen);

#endif /* KESTREL_MBEDTLS_GLUE_H */
