/*
 * lwIP 2.2.1's altcp_tls_mbedtls.c includes Mbed TLS 2's private
 * <mbedtls/ssl_internal.h> for mbedtls_ssl_flush_output(); Mbed TLS 3 keeps
 * that function (library/ssl_misc.h, not installed). Its declaration only.
 */
#ifndef KESTREL_LWIP_MBEDTLS3_SSL_INTERNAL_H
#define KESTREL_LWIP_MBEDTLS3_SSL_INTERNAL_H

#include <mbedtls/ssl.h>

int mbedtls_ssl_flush_output(mbedtls_ssl_context *ssl);

#endif
