/*
 * Forced onto lwIP 2.2.1's altcp_tls_mbedtls.c only (modules/lwip/
 * CMakeLists.txt, CONFIG_NET_MQTT_TLS): that file was written for Mbed
 * TLS 2. Together with MBEDTLS_ALLOW_PRIVATE_ACCESS (it reads
 * ssl_context.out_left and session.start) and the stand-ins of this folder
 * for two removed headers, this bridges the API changes it meets:
 * - mbedtls_pk_parse_key() takes a random generator since Mbed TLS 3 (for
 *   blinding); lwIP's own CTR-DRBG (altcp_tls_entropy_rng, seeded from the
 *   entropy source before any key is parsed) is handed to it;
 * - MBEDTLS_SSL_MAX_CONTENT_LEN (only compared with TCP_WND for a debug
 *   message) is now the input record size;
 * - mbedtls_ssl_get_max_frag_len() (used to cap the send buffer lwIP
 *   reports) is mbedtls_ssl_get_max_out_record_payload().
 */
#ifndef KESTREL_LWIP_ALTCP_TLS_MBEDTLS3_H
#define KESTREL_LWIP_ALTCP_TLS_MBEDTLS3_H

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>

#define mbedtls_pk_parse_key(ctx, key, keylen, pwd, pwdlen) \
	mbedtls_pk_parse_key(ctx, key, keylen, pwd, pwdlen, \
			     mbedtls_ctr_drbg_random, &altcp_tls_entropy_rng->ctr_drbg)

#ifndef MBEDTLS_SSL_MAX_CONTENT_LEN
#define MBEDTLS_SSL_MAX_CONTENT_LEN MBEDTLS_SSL_IN_CONTENT_LEN
#endif

#define mbedtls_ssl_get_max_frag_len(ssl) \
	((size_t)mbedtls_ssl_get_max_out_record_payload(ssl))

#endif
