/*
 * The test PKI (tests/net/pki/README.md) for device tests: the CAs and the
 * client credentials as C data, generated with the files of this folder by
 * gen.sh into kt_test_pki.c (add that file to a test's sources).
 * Test-only material: the private keys are public.
 *
 * Every *_pem is a NUL-terminated PEM text and *_pem_len counts the NUL,
 * as net_tls_credential_add() and mbedTLS's parsers want.
 */
#ifndef KT_TEST_PKI_H
#define KT_TEST_PKI_H

#include <stddef.h>

/** CA "ca" (ECDSA P-256): signs server, server-expired,
 *  server-wrong-host and client. */
extern const char kt_pki_ca_pem[];
extern const size_t kt_pki_ca_pem_len;
/** The same CA in DER. */
extern const unsigned char kt_pki_ca_der[];
extern const size_t kt_pki_ca_der_len;
/** CA "ca-rsa" (RSA-2048): signs server-rsa (fixture tls_rsa). */
extern const char kt_pki_ca_rsa_pem[];
extern const size_t kt_pki_ca_rsa_pem_len;
/** CA "other-ca" (ECDSA P-256): signs server-other-ca. */
extern const char kt_pki_other_ca_pem[];
extern const size_t kt_pki_other_ca_pem_len;
/** Client certificate "kestrel-test-device" (CA "ca") and its key. */
extern const char kt_pki_client_pem[];
extern const size_t kt_pki_client_pem_len;
extern const char kt_pki_client_key_pem[];
extern const size_t kt_pki_client_key_pem_len;

#endif /* KT_TEST_PKI_H */
