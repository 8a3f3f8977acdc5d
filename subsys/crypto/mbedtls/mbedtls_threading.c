/*
 * Mbed TLS threading hooks (MBEDTLS_THREADING_ALT) on k_mutex.
 */
#include <mbedtls/threading.h>

#include "mbedtls_glue.h"

static void mutex_init(mbedtls_threading_mutex_t *m)
{
	m->is_valid = m != NULL && k_mutex_init(&m->mutex) == 0;
}

static void mutex_free(mbedtls_threading_mutex_t *m)
{
	if (m != NULL) {
		m->is_valid = false;
	}
}

static int mutex_lock(mbedtls_threading_mutex_t *m)
{
	if (m == NULL || !m->is_valid ||
	    k_mutex_lock(&m->mutex, K_FOREVER) != 0) {
		return MBEDTLS_ERR_THREADING_MUTEX_ERROR;
	}
	return 0;
}

static int mutex_unlock(mbedtls_threading_mutex_t *m)
{
	if (m == NULL || !m->is_valid || k_mutex_unlock(&m->mutex) != 0) {
		return MBEDTLS_ERR_THREADING_MUTEX_ERROR;
	}
	return 0;
}

void kestrel_mbedtls_threading_setup(void)
{
	mbedtls_threading_set_alt(mutex_init, mutex_free, mutex_lock,
				  mutex_unlock);
}
