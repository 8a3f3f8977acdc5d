/*
 * A TLS session layer (TLS stream socket, test PKI) under the connection
 * manager: a server that accepts TCP and then says nothing makes every
 * handshake end in -ETIMEDOUT after NET_TLS_HANDSHAKE_TIMEO, and the
 * manager retries it with growing backoff, the layers below untouched;
 * pointed at the tls13 fixture the session comes up (TLS 1.3, an echo
 * through it). A server whose certificate comes from another CA is a
 * -EACCES (certificate) failure, given up after max_attempts.
 */
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/ktest.h>
#include <kestrel/net/conn_mgr.h>
#include <kestrel/net/socket.h>
#include <kestrel/net/tls_credentials.h>
#include <kestrel/testing/net_fixtures.h>

#include "conn_mgr_test.h"
#include "kt_test_pki.h"

#define TAG_CA 1
#define HANDSHAKE_MS 1000
#define STEP_MS 20000
#define SESSION CONN_MGR_LAYER_SESSION

static struct conn_mgr_layer tls_layer;
static volatile uint16_t tls_port;
static int sock = -1;
static int connects;

static int set_opt(int s, int level, int name, const void *v, net_socklen_t len)
{
	int ret = net_setsockopt(s, level, name, v, len);

	if (ret != 0) {
		printk("conn_mgr_tls: option %d: %d\n", name, ret);
	}
	return ret;
}

/* A TLS socket trusting the test CA, for the fixtures' host name. */
static int tls_socket(void)
{
	net_sec_tag_t tag = TAG_CA;
	int skip = NET_TLS_TIME_SKIP_UNKNOWN;
	struct net_timeval tv = { HANDSHAKE_MS / 1000, (HANDSHAKE_MS % 1000) * 1000 };
	int s = net_socket(NET_AF_INET, NET_SOCK_STREAM, NET_IPPROTO_TLS);

	if (s < 0 || set_opt(s, NET_SOL_TLS, NET_TLS_SEC_TAG_LIST, &tag, sizeof(tag)) ||
	    set_opt(s, NET_SOL_TLS, NET_TLS_HOSTNAME, KT_NET_FIXTURE_TLS_HOSTNAME,
		    strlen(KT_NET_FIXTURE_TLS_HOSTNAME)) ||
	    set_opt(s, NET_SOL_TLS, NET_TLS_TIME_CHECK, &skip, sizeof(skip)) ||
	    set_opt(s, NET_SOL_TLS, NET_TLS_HANDSHAKE_TIMEO, &tv, sizeof(tv))) {
		if (s >= 0) {
			(void)net_close(s);
		}
		return -EIO;
	}
	return s;
}

/* Manager thread: TCP + handshake, bounded by HANDSHAKE_MS. */
static int tls_connect(struct conn_mgr_layer *l)
{
	struct net_sockaddr_in to = { .sin_family = NET_AF_INET, .sin_port = net_htons(tls_port) };
	int s = tls_socket();
	int ret;

	(void)l;
	connects++;
	if (s < 0) {
		return s;
	}
	ret = conn_mgr_server_addr(&to.sin_addr);
	if (ret == 0) {
		ret = net_connect(s, (struct net_sockaddr *)&to, sizeof(to));
	}
	if (ret != 0) {
		(void)net_close(s);
		return ret;
	}
	sock = s;
	return 0;
}

static void tls_disconnect(struct conn_mgr_layer *l, int reason)
{
	(void)l;
	(void)reason;
	if (sock >= 0) {
		(void)net_close(sock);
		sock = -1;
	}
}

static const struct conn_mgr_layer_api tls_api = {
	.connect = tls_connect,
	.disconnect = tls_disconnect,
};

/* Every case: stopped manager, the layer registered afresh, an empty log
 * (hooks must not assert: the cases check). */
static void before(void *fixture)
{
	(void)fixture;
	(void)conn_mgr_stop();
	(void)conn_mgr_layer_unregister(&tls_layer);
	tls_layer = (struct conn_mgr_layer){ .name = "tls", .api = &tls_api, .id = -1 };
	connects = 0;
	(void)net_tls_credential_add(TAG_CA, NET_TLS_CREDENTIAL_CA_CERTIFICATE,
				     kt_pki_ca_pem, kt_pki_ca_pem_len); /* once */
	cmt_log_reset();
}

static void after(void *fixture)
{
	(void)fixture;
	(void)conn_mgr_stop();
}

KTEST_SUITE(conn_mgr_tls, NULL, before, after, NULL);

static uint32_t nominal_ms(uint32_t attempt)
{
	uint32_t d = CONFIG_NET_CONN_MGR_BACKOFF_BASE_MS << (attempt - 1);

	return MIN(d, (uint32_t)CONFIG_NET_CONN_MGR_BACKOFF_MAX_MS);
}

KTEST(conn_mgr_tls, silent_server_handshake_times_out_and_is_retried_with_backoff)
{
	int at = 0;
	uint8_t buf[5];

	tls_port = KT_NET_FIXTURE_TCP_STALL_PORT;
	kt_assert_eq(conn_mgr_layer_register(&tls_layer), SESSION);
	kt_assert_eq(conn_mgr_start(NULL), 0);
	for (uint32_t k = 1; k <= 3; k++) {
		int c = cmt_wait_event(at, SESSION, CONN_MGR_CONNECTING, STEP_MS);
		int b = cmt_wait_event(at, SESSION, CONN_MGR_BACKOFF, STEP_MS);

		kt_assert_ge(c, 0);
		kt_assert_gt(b, c);
		const struct conn_mgr_event *e = &cmt_log.ev[b];

		kt_assert_eq(e->reason, -ETIMEDOUT);
		kt_assert_eq(e->attempt, k);
		kt_assert_le(e->delay_ms, nominal_ms(k));
		kt_assert_ge(e->delay_ms, nominal_ms(k) * (100 - CONFIG_NET_CONN_MGR_BACKOFF_JITTER_PCT) / 100);
		/* The handshake took its whole bound. */
		kt_assert_ge(e->ticks - cmt_log.ev[c].ticks, k_ms_to_ticks_ceil(HANDSHAKE_MS) - 1);
		at = b + 1;
	}
	for (int l = 0; l < SESSION; l++) {
		kt_assert_eq(cmt_count(0, l), 2); /* connecting, up: once */
	}
	/* A server that speaks: up at the next retry, TLS 1.3, an echo. */
	tls_port = KT_NET_FIXTURE_TLS13_PORT;
	kt_assert_eq(conn_mgr_wait_online(K_MSEC(STEP_MS)), 0);
	int v = 0;
	net_socklen_t len = sizeof(v);

	kt_assert_eq(net_getsockopt(sock, NET_SOL_TLS, NET_TLS_VERSION, &v, &len), 0);
	kt_assert_eq(v, NET_TLS_VERSION_1_3);
	kt_assert_eq(net_send(sock, "hello", 5, 0), 5);
	kt_assert_eq(net_recv(sock, buf, sizeof(buf), 0), 5);
	kt_assert_mem_eq(buf, "hello", 5);
	for (int l = 0; l < SESSION; l++) {
		kt_assert_eq(cmt_count(0, l), 2);
	}
}

KTEST(conn_mgr_tls, certificate_error_is_given_up_after_max_attempts)
{
	tls_port = KT_NET_FIXTURE_TLS_OTHER_CA_PORT;
	tls_layer.max_attempts = 2;
	kt_assert_eq(conn_mgr_layer_register(&tls_layer), SESSION);
	kt_assert_eq(conn_mgr_start(NULL), 0);
	int f = cmt_wait_event(0, SESSION, CONN_MGR_FAILED, STEP_MS);

	kt_assert_ge(f, 0);
	kt_assert_eq(cmt_log.ev[f].reason, -EACCES);
	kt_assert_eq(cmt_log.ev[f].attempt, 2);
	kt_assert_eq(cmt_count_state(0, SESSION, CONN_MGR_BACKOFF), 1);
	k_msleep(2 * CONFIG_NET_CONN_MGR_BACKOFF_MAX_MS);
	kt_assert_eq(connects, 2);
	kt_assert_eq(conn_mgr_state_get(SESSION), CONN_MGR_FAILED);
}
