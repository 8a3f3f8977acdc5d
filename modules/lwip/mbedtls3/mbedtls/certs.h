/*
 * lwIP 2.2.1's altcp_tls_mbedtls.c includes <mbedtls/certs.h>, the test
 * certificates of Mbed TLS 2.x, which Mbed TLS 3 removed; it uses nothing
 * from it. This empty header stands in for it (only on the include path of
 * the lwip library, only with CONFIG_NET_MQTT_TLS).
 */
#ifndef KESTREL_LWIP_MBEDTLS3_CERTS_H
#define KESTREL_LWIP_MBEDTLS3_CERTS_H
#endif
