/*
 * Real TLS handshakes in memory between the Mbed TLS client and server of
 * this configuration (CONFIG_MBEDTLS_SSL_SERVER): TLS 1.3 and TLS 1.2,
 * X25519 and P-256, AES-GCM and ChaCha20-Poly1305; the client verifies the
 * server's chain (leaf + intermediate) against the root and its host name,
 * and refuses a server of another CA or another name with a certificate
 * error. Application data crosses both ways afterwards.
 */
#include <string.h>

#include <mbedtls/pk.h>
#include <mbedtls/psa_util.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include <kestrel/crypto/mbedtls.h>
#include <kestrel/ktest.h>
#include <kestrel/sys/realtime.h>

#include "test_data.h"

#define PIPE_SIZE 4096
#define MAX_STEPS 200
#define HOST "device.kestrel.test"

/* One direction of the in-memory transport. */
struct pipe {
	uint8_t buf[PIPE_SIZE];
	size_t len;
};

struct side {
	mbedtls_ssl_config conf;
	mbedtls_ssl_context ssl;
	struct pipe *in, *out;
};

static struct pipe to_server, to_client;
static struct side cli, srv;
static mbedtls_x509_crt ca, chain;
static mbedtls_pk_context key;

static int pipe_send(void *ctx, const unsigned char *buf, size_t len)
{
	struct pipe *p = ((struct side *)ctx)->out;
	size_t n = MIN(len, PIPE_SIZE - p->len);

	if (n == 0) {
		return MBEDTLS_ERR_SSL_WANT_WRITE;
	}
	memcpy(p->buf + p->len, buf, n);
	p->len += n;
	return (int)n;
}

static int pipe_recv(void *ctx, unsigned char *buf, size_t len)
{
	struct pipe *p = ((struct side *)ctx)->in;
	size_t n = MIN(len, p->len);

	if (n == 0) {
		return MBEDTLS_ERR_SSL_WANT_READ;
	}
	memcpy(buf, p->buf, n);
	memmove(p->buf, p->buf + n, p->len - n);
	p->len -= n;
	return (int)n;
}

static int side_init(struct side *s, int endpoint, struct pipe *in,
		     struct pipe *out)
{
	mbedtls_ssl_config_init(&s->conf);
	mbedtls_ssl_init(&s->ssl);
	s->in = in;
	s->out = out;
	int ret = mbedtls_ssl_config_defaults(&s->conf, endpoint,
					      MBEDTLS_SSL_TRANSPORT_STREAM,
					      MBEDTLS_SSL_PRESET_DEFAULT);

	mbedtls_ssl_conf_rng(&s->conf, mbedtls_psa_get_random,
			     MBEDTLS_PSA_RANDOM_STATE);
	return ret;
}

static void before(void *f)
{
	const struct sys_timespec now = { .tv_sec = 1906502400, .tv_nsec = 0 };

	(void)f;
	(void)sys_realtime_set(&now);
	memset(&to_server, 0, sizeof(to_server));
	memset(&to_client, 0, sizeof(to_client));
	mbedtls_x509_crt_init(&ca);
	mbedtls_x509_crt_init(&chain);
	mbedtls_pk_init(&key);
	(void)side_init(&cli, MBEDTLS_SSL_IS_CLIENT, &to_client, &to_server);
	(void)side_init(&srv, MBEDTLS_SSL_IS_SERVER, &to_server, &to_client);
}

static void after(void *f)
{
	(void)f;
	mbedtls_ssl_free(&cli.ssl);
	mbedtls_ssl_free(&srv.ssl);
	mbedtls_ssl_config_free(&cli.conf);
	mbedtls_ssl_config_free(&srv.conf);
	mbedtls_x509_crt_free(&ca);
	mbedtls_x509_crt_free(&chain);
	mbedtls_pk_free(&key);
	sys_realtime_unset();
}

KTEST_SUITE(mbedtls_handshake, NULL, before, after, NULL);

/* Server: leaf + intermediate with the leaf's key; client: trusts @p root
 * and checks @p host. */
static void configure(const uint8_t *root, size_t root_len, const char *host)
{
	kt_assert_eq(mbedtls_x509_crt_parse(&ca, root, root_len), 0);
	kt_assert_eq(mbedtls_x509_crt_parse(&chain, leaf_pem, leaf_pem_len), 0);
	kt_assert_eq(mbedtls_x509_crt_parse(&chain, intermediate_pem,
					    intermediate_pem_len), 0);
	kt_assert_eq(mbedtls_pk_parse_key(&key, leaf_key_pem, leaf_key_pem_len,
					  NULL, 0, mbedtls_psa_get_random,
					  MBEDTLS_PSA_RANDOM_STATE), 0);
	kt_assert_eq(mbedtls_ssl_conf_own_cert(&srv.conf, &chain, &key), 0);
	mbedtls_ssl_conf_authmode(&srv.conf, MBEDTLS_SSL_VERIFY_NONE);
	mbedtls_ssl_conf_ca_chain(&cli.conf, &ca, NULL);
	mbedtls_ssl_conf_authmode(&cli.conf, MBEDTLS_SSL_VERIFY_REQUIRED);
	kt_assert_eq(mbedtls_ssl_setup(&cli.ssl, &cli.conf), 0);
	kt_assert_eq(mbedtls_ssl_setup(&srv.ssl, &srv.conf), 0);
	kt_assert_eq(mbedtls_ssl_set_hostname(&cli.ssl, host), 0);
	mbedtls_ssl_set_bio(&cli.ssl, &cli, pipe_send, pipe_recv, NULL);
	mbedtls_ssl_set_bio(&srv.ssl, &srv, pipe_send, pipe_recv, NULL);
}

static bool wants_more(int ret)
{
	return ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE;
}

/* Step both sides until both are done or one fails; the client's result. */
static int handshake(int *srv_ret)
{
	int c = MBEDTLS_ERR_SSL_WANT_READ, s = MBEDTLS_ERR_SSL_WANT_READ;

	for (int i = 0; i < MAX_STEPS && (wants_more(c) || wants_more(s)); i++) {
		if (wants_more(c)) {
			c = mbedtls_ssl_handshake(&cli.ssl);
		}
		if (wants_more(s)) {
			s = mbedtls_ssl_handshake(&srv.ssl);
		}
		if ((!wants_more(c) && c != 0) || (!wants_more(s) && s != 0)) {
			break; /* one side gave up: the other would wait */
		}
	}
	*srv_ret = s;
	return c;
}

static void exchange(void)
{
	static const uint8_t msg[] = "telemetry {\"uptime\": 42}";
	uint8_t got[sizeof(msg)];

	kt_assert_eq(mbedtls_ssl_write(&cli.ssl, msg, sizeof(msg)), (int)sizeof(msg));
	kt_assert_eq(mbedtls_ssl_read(&srv.ssl, got, sizeof(got)), (int)sizeof(msg));
	kt_assert_mem_eq(got, msg, sizeof(msg));
	kt_assert_eq(mbedtls_ssl_write(&srv.ssl, got, sizeof(got)), (int)sizeof(got));
	memset(got, 0, sizeof(got));
	kt_assert_eq(mbedtls_ssl_read(&cli.ssl, got, sizeof(got)), (int)sizeof(msg));
	kt_assert_mem_eq(got, msg, sizeof(msg));
}

/* The client offers @p group first (the server takes it for the key
 * exchange), then P-256, without which a TLS 1.2 server could not use its
 * P-256 certificate (RFC 8422 5.1: the client's curves bind the ECDSA key). */
static void run(mbedtls_ssl_protocol_version ver, uint16_t group, int suite)
{
	const uint16_t p256 = MBEDTLS_SSL_IANA_TLS_GROUP_SECP256R1;
	const uint16_t groups[] = { group,
				    group == p256 ? MBEDTLS_SSL_IANA_TLS_GROUP_NONE : p256,
				    MBEDTLS_SSL_IANA_TLS_GROUP_NONE };
	const int suites[] = { suite, 0 };
	struct kestrel_mbedtls_heap_stats st;
	size_t unused = 0;
	int srv_ret = 0;

	kestrel_mbedtls_heap_stats_reset();
	mbedtls_ssl_conf_max_tls_version(&cli.conf, ver);
	mbedtls_ssl_conf_groups(&cli.conf, groups);
	mbedtls_ssl_conf_ciphersuites(&cli.conf, suites);
	configure(root_pem, root_pem_len, HOST);
	kt_assert_eq(handshake(&srv_ret), 0);
	kt_assert_eq(srv_ret, 0);
	kt_assert_eq(mbedtls_ssl_get_version_number(&cli.ssl), ver);
	kt_assert_eq(mbedtls_ssl_get_ciphersuite_id_from_ssl(&cli.ssl), suite);
	kt_assert_eq(mbedtls_ssl_get_verify_result(&cli.ssl), 0);
	exchange();
	kt_assert_eq(kestrel_mbedtls_heap_stats(&st), 0);
	kt_assert_eq(k_thread_stack_space_get(k_current_get(), &unused), 0);
	printk("handshake %s %s: peak %u bytes of the Mbed TLS heap (client "
	       "and server), %u bytes of stack\n",
	       mbedtls_ssl_get_version(&cli.ssl),
	       mbedtls_ssl_get_ciphersuite(&cli.ssl),
	       (unsigned int)st.max_allocated_bytes,
	       (unsigned int)(CONFIG_KTEST_STACK_SIZE - unused));
}

KTEST(mbedtls_handshake, tls13_x25519_aes128_gcm)
{
	run(MBEDTLS_SSL_VERSION_TLS1_3, MBEDTLS_SSL_IANA_TLS_GROUP_X25519,
	    MBEDTLS_TLS1_3_AES_128_GCM_SHA256);
}

KTEST(mbedtls_handshake, tls13_p256_chacha20_poly1305)
{
	run(MBEDTLS_SSL_VERSION_TLS1_3, MBEDTLS_SSL_IANA_TLS_GROUP_SECP256R1,
	    MBEDTLS_TLS1_3_CHACHA20_POLY1305_SHA256);
}

KTEST(mbedtls_handshake, tls13_x25519_aes256_gcm)
{
	run(MBEDTLS_SSL_VERSION_TLS1_3, MBEDTLS_SSL_IANA_TLS_GROUP_X25519,
	    MBEDTLS_TLS1_3_AES_256_GCM_SHA384);
}

KTEST(mbedtls_handshake, tls12_p256_ecdsa_aes128_gcm)
{
	run(MBEDTLS_SSL_VERSION_TLS1_2, MBEDTLS_SSL_IANA_TLS_GROUP_SECP256R1,
	    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
}

KTEST(mbedtls_handshake, tls12_x25519_ecdsa_chacha20_poly1305)
{
	run(MBEDTLS_SSL_VERSION_TLS1_2, MBEDTLS_SSL_IANA_TLS_GROUP_X25519,
	    MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256);
}

static void refused(const uint8_t *root, size_t root_len, const char *host,
		    uint32_t want_flags)
{
	int srv_ret = 0;

	configure(root, root_len, host);
	kt_assert_eq(handshake(&srv_ret), MBEDTLS_ERR_X509_CERT_VERIFY_FAILED);
	kt_assert_eq(mbedtls_ssl_get_verify_result(&cli.ssl), want_flags);
}

KTEST(mbedtls_handshake, server_of_another_ca_is_refused)
{
	refused(other_root_pem, other_root_pem_len, HOST,
		MBEDTLS_X509_BADCERT_NOT_TRUSTED);
}

KTEST(mbedtls_handshake, server_of_another_name_is_refused)
{
	refused(root_pem, root_pem_len, "other.kestrel.test",
		MBEDTLS_X509_BADCERT_CN_MISMATCH);
}
