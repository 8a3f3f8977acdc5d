/*
 * TLS sockets (CONFIG_NET_TLS; socket.h, "TLS sockets"): mbedTLS on the
 * TCP socket of the same descriptor. net_socket.c hands every call on a
 * TLS descriptor here (net_tls_priv.h); this file reaches the TCP
 * connection through net_plain_*() and gives mbedTLS send/recv callbacks
 * on it (the "BIO").
 *
 * Each TLS socket has one context of a static pool
 * (CONFIG_NET_TLS_SOCKETS_MAX): mbedTLS's SSL context and configuration,
 * the parsed credentials and the options. mbedTLS allocates its record
 * buffers and the parsed certificates from its own heap at connect and
 * frees them at close.
 *
 * connect: TCP connect and handshake run non-blocking under one deadline
 * (NET_TLS_HANDSHAKE_TIMEO): each time mbedTLS wants to read or write,
 * the thread polls the TCP socket for the rest of the time.
 */
#include <string.h>

#include <kestrel/crypto/mbedtls.h>
#include <kestrel/kernel.h>
#include <kestrel/logging/log.h>
#include <kestrel/net/socket.h>
#include <kestrel/net/tls_credentials.h>
#include <kestrel/sys/realtime.h>

#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h> /* MBEDTLS_ERR_NET_* only */
#include <mbedtls/pk.h>
#include <mbedtls/psa_util.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include "net_tls_priv.h"

LOG_MODULE_REGISTER(net_tls, LOG_LEVEL_INF);

_Static_assert(NET_TLS_VERSION_1_2 == MBEDTLS_SSL_VERSION_TLS1_2, "TLS 1.2");
_Static_assert(NET_TLS_VERSION_1_3 == MBEDTLS_SSL_VERSION_TLS1_3, "TLS 1.3");

enum tls_state {
	TLS_IDLE,       /* options may be set; connect not called */
	TLS_CONNECTED,  /* handshake done */
	TLS_FAILED,     /* connect failed: only close is left */
};

struct tls_ctx {
	bool used;
	enum tls_state state;
	int sock;
	int proto;
	int peer_verify;
	int time_check;
	int timeout_ms;              /* -1: forever */
	int io_flags;                /* of the BIO's TCP calls: NET_MSG_DONTWAIT or 0 */
	int io_err;                  /* errno of the BIO's last failed TCP call */
	uint32_t verify_result;
	uint8_t ntags;
	net_sec_tag_t tags[CONFIG_NET_TLS_SEC_TAGS_MAX];
	char hostname[CONFIG_NET_TLS_HOSTNAME_MAX + 1];
	mbedtls_ssl_context ssl;
	mbedtls_ssl_config conf;
	mbedtls_x509_crt ca;
	mbedtls_x509_crt own;
	mbedtls_pk_context key;
	bool have_ca, have_own, have_key;
};

static struct tls_ctx ctxs[CONFIG_NET_TLS_SOCKETS_MAX];
static struct tls_ctx *by_sock[CONFIG_NET_SOCKETS_MAX];

static struct tls_ctx *ctx_of(int sock)
{
	return sock >= 0 && sock < CONFIG_NET_SOCKETS_MAX ? by_sock[sock] : NULL;
}

bool net_tls_owns(int sock)
{
	return ctx_of(sock) != NULL;
}

static struct tls_ctx *ctx_take(void)
{
	unsigned int key = irq_lock();
	struct tls_ctx *ctx = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(ctxs) && ctx == NULL; i++) {
		if (!ctxs[i].used) {
			ctx = &ctxs[i];
			ctx->used = true;
		}
	}
	irq_unlock(key);
	return ctx;
}

int net_tls_attach(int sock, int proto)
{
	struct tls_ctx *ctx;

	if (sock < 0 || sock >= CONFIG_NET_SOCKETS_MAX) {
		return -EBADF;
	}
	ctx = ctx_take();
	if (ctx == NULL) {
		return -ENOMEM;
	}
	memset(&ctx->state, 0, sizeof(*ctx) - offsetof(struct tls_ctx, state));
	ctx->sock = sock;
	ctx->proto = proto;
	ctx->peer_verify = NET_TLS_PEER_VERIFY_REQUIRED;
	ctx->time_check = NET_TLS_TIME_REQUIRED;
	ctx->timeout_ms = CONFIG_NET_TLS_HANDSHAKE_TIMEOUT_MS;
	mbedtls_ssl_init(&ctx->ssl);
	mbedtls_ssl_config_init(&ctx->conf);
	mbedtls_x509_crt_init(&ctx->ca);
	mbedtls_x509_crt_init(&ctx->own);
	mbedtls_pk_init(&ctx->key);
	by_sock[sock] = ctx;
	return 0;
}

void net_tls_detach(int sock)
{
	struct tls_ctx *ctx = ctx_of(sock);

	if (ctx == NULL) {
		return;
	}
	if (ctx->state == TLS_CONNECTED) {
		ctx->io_flags = NET_MSG_DONTWAIT;     /* best effort, never blocks */
		(void)mbedtls_ssl_close_notify(&ctx->ssl);
	}
	by_sock[sock] = NULL;
	mbedtls_ssl_free(&ctx->ssl);
	mbedtls_ssl_config_free(&ctx->conf);
	mbedtls_x509_crt_free(&ctx->ca);
	mbedtls_x509_crt_free(&ctx->own);
	mbedtls_pk_free(&ctx->key);
	ctx->used = false;
}

/* ---- logging ---- */

static void log_error(const struct tls_ctx *ctx, const char *what, int ret)
{
	char text[80] = "";

#if defined(MBEDTLS_ERROR_C)
	mbedtls_strerror(ret, text, sizeof(text));
#endif
	LOG_WRN("%s: %s: %s (-0x%04x)", ctx->hostname[0] ? ctx->hostname : "(no name)",
		what, text, (unsigned int)-ret);
}

static void log_verify(const struct tls_ctx *ctx, uint32_t flags)
{
	char text[160];

	if (mbedtls_x509_crt_verify_info(text, sizeof(text), "", flags) < 0) {
		text[0] = '\0';
	}
	for (char *p = text; *p != '\0'; p++) {
		if (*p == '\n') {
			*p = p[1] != '\0' ? ';' : '\0';
		}
	}
	LOG_WRN("%s: certificate not accepted (flags 0x%x): %s",
		ctx->hostname[0] ? ctx->hostname : "(no name)", (unsigned int)flags, text);
}

/* ---- the BIO: mbedTLS's I/O on the TCP socket ---- */

static int bio_send(void *p, const unsigned char *buf, size_t len)
{
	struct tls_ctx *ctx = p;
	int ret = net_plain_sendto(ctx->sock, buf, len, ctx->io_flags, NULL, 0);

	if (ret >= 0) {
		return ret;
	}
	if (ret == -EAGAIN) {
		return MBEDTLS_ERR_SSL_WANT_WRITE;
	}
	ctx->io_err = -ret;
	return MBEDTLS_ERR_NET_SEND_FAILED;
}

static int bio_recv(void *p, unsigned char *buf, size_t len)
{
	struct tls_ctx *ctx = p;
	int ret = net_plain_recvfrom(ctx->sock, buf, len, ctx->io_flags, NULL, NULL);

	if (ret >= 0) {
		return ret;     /* 0: the peer closed (MBEDTLS_ERR_SSL_CONN_EOF) */
	}
	if (ret == -EAGAIN) {
		return MBEDTLS_ERR_SSL_WANT_READ;
	}
	ctx->io_err = -ret;
	return MBEDTLS_ERR_NET_RECV_FAILED;
}

/* mbedTLS's error @p ret as the negative errno of socket.h. */
static int tls_errno(const struct tls_ctx *ctx, int ret)
{
	switch (ret) {
	case MBEDTLS_ERR_NET_SEND_FAILED:
	case MBEDTLS_ERR_NET_RECV_FAILED:
		return ctx->io_err > 0 ? -ctx->io_err : -EIO;
	case MBEDTLS_ERR_SSL_WANT_READ:
	case MBEDTLS_ERR_SSL_WANT_WRITE:
		return -EAGAIN;
	case MBEDTLS_ERR_SSL_CONN_EOF:
		return -ECONNRESET;
	case MBEDTLS_ERR_X509_CERT_VERIFY_FAILED:
	case MBEDTLS_ERR_SSL_BAD_CERTIFICATE:
		return -EACCES;
	case MBEDTLS_ERR_SSL_ALLOC_FAILED:
	case MBEDTLS_ERR_X509_ALLOC_FAILED:
	case MBEDTLS_ERR_PK_ALLOC_FAILED:
		return -ENOMEM;
	case MBEDTLS_ERR_SSL_CERTIFICATE_VERIFICATION_WITHOUT_HOSTNAME:
		return -EINVAL;
	case MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE:
	case MBEDTLS_ERR_SSL_HANDSHAKE_FAILURE:
	case MBEDTLS_ERR_SSL_BAD_PROTOCOL_VERSION:
	case MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY:
		return -ECONNABORTED;
	default:
		return -EPROTO;
	}
}

/* ---- certificate verification ---- */

/* Called by mbedTLS for every certificate of the chain. While sys_realtime
 * is unknown mbedTLS dates them with the placeholder time 0 (1970, set by
 * connect under NET_TLS_TIME_SKIP_UNKNOWN), so every one is FUTURE; this
 * socket's policy takes that back, any other user of mbedTLS still fails
 * closed on it. */
static int verify_cb(void *p, mbedtls_x509_crt *crt, int depth, uint32_t *flags)
{
	const struct tls_ctx *ctx = p;

	(void)crt;
	(void)depth;
	if (ctx->time_check == NET_TLS_TIME_SKIP_UNKNOWN && !sys_realtime_is_set()) {
		*flags &= ~(uint32_t)(MBEDTLS_X509_BADCERT_EXPIRED | MBEDTLS_X509_BADCERT_FUTURE);
	}
	return 0;
}

/* ---- credentials: parsed from the store at connect ---- */

struct cred_walk {
	struct tls_ctx *ctx;
	int found;
};

static int parse_cred(net_sec_tag_t tag, enum net_tls_credential_type type,
		      const void *cred, size_t len, void *user_data)
{
	struct cred_walk *w = user_data;
	struct tls_ctx *ctx = w->ctx;
	int ret = 0;

	switch (type) {
	case NET_TLS_CREDENTIAL_CA_CERTIFICATE:
		ret = mbedtls_x509_crt_parse(&ctx->ca, cred, len);
		ctx->have_ca = ret == 0 || ctx->have_ca;
		break;
	case NET_TLS_CREDENTIAL_OWN_CERTIFICATE:
		ret = mbedtls_x509_crt_parse(&ctx->own, cred, len);
		ctx->have_own = ret == 0 || ctx->have_own;
		break;
	case NET_TLS_CREDENTIAL_PRIVATE_KEY:
		ret = mbedtls_pk_parse_key(&ctx->key, cred, len, NULL, 0,
					   mbedtls_psa_get_random, MBEDTLS_PSA_RANDOM_STATE);
		ctx->have_key = ret == 0;
		break;
	default:
		break;          /* PSKs: not used by TLS sockets */
	}
	w->found++;
	if (ret != 0) {
		LOG_WRN("tag %d: credential type %d not parsed", (int)tag, (int)type);
		log_error(ctx, "credential", ret);
		return ret == MBEDTLS_ERR_X509_ALLOC_FAILED || ret == MBEDTLS_ERR_PK_ALLOC_FAILED
		       ? -ENOMEM : -EINVAL;
	}
	return 0;
}

static int load_credentials(struct tls_ctx *ctx)
{
	for (unsigned int i = 0; i < ctx->ntags; i++) {
		struct cred_walk w = { .ctx = ctx };
		int ret = net_tls_credential_foreach(ctx->tags[i], parse_cred, &w);

		if (ret != 0) {
			return ret;
		}
		if (w.found == 0) {
			LOG_WRN("tag %d holds no credential", (int)ctx->tags[i]);
			return -ENOENT;
		}
	}
	if (ctx->have_ca) {
		mbedtls_ssl_conf_ca_chain(&ctx->conf, &ctx->ca, NULL);
	}
	if (ctx->have_own != ctx->have_key) {
		LOG_WRN("own certificate and private key go together");
		return -EINVAL;
	}
	if (ctx->have_own &&
	    mbedtls_ssl_conf_own_cert(&ctx->conf, &ctx->own, &ctx->key) != 0) {
		return -ENOMEM;
	}
	return 0;
}

/* ---- connect ---- */

static void conf_versions(struct tls_ctx *ctx)
{
	mbedtls_ssl_protocol_version lo = MBEDTLS_SSL_VERSION_TLS1_2;
	mbedtls_ssl_protocol_version hi = MBEDTLS_SSL_VERSION_TLS1_3;

	if (ctx->proto == NET_IPPROTO_TLS_1_2) {
		hi = MBEDTLS_SSL_VERSION_TLS1_2;
	} else if (ctx->proto == NET_IPPROTO_TLS_1_3) {
		lo = MBEDTLS_SSL_VERSION_TLS1_3;
	}
	mbedtls_ssl_conf_min_tls_version(&ctx->conf, lo);
	mbedtls_ssl_conf_max_tls_version(&ctx->conf, hi);
}

static int configure(struct tls_ctx *ctx)
{
	static const int authmode[] = {
		[NET_TLS_PEER_VERIFY_NONE] = MBEDTLS_SSL_VERIFY_NONE,
		[NET_TLS_PEER_VERIFY_OPTIONAL] = MBEDTLS_SSL_VERIFY_OPTIONAL,
		[NET_TLS_PEER_VERIFY_REQUIRED] = MBEDTLS_SSL_VERIFY_REQUIRED,
	};
	int ret = mbedtls_ssl_config_defaults(&ctx->conf, MBEDTLS_SSL_IS_CLIENT,
					      MBEDTLS_SSL_TRANSPORT_STREAM,
					      MBEDTLS_SSL_PRESET_DEFAULT);

	if (ret != 0) {
		return tls_errno(ctx, ret);
	}
	conf_versions(ctx);
	mbedtls_ssl_conf_authmode(&ctx->conf, authmode[ctx->peer_verify]);
	mbedtls_ssl_conf_rng(&ctx->conf, mbedtls_psa_get_random, MBEDTLS_PSA_RANDOM_STATE);
	mbedtls_ssl_conf_verify(&ctx->conf, verify_cb, ctx);
	ret = load_credentials(ctx);
	if (ret != 0) {
		return ret;
	}
	ret = mbedtls_ssl_setup(&ctx->ssl, &ctx->conf);
	if (ret == 0 && ctx->hostname[0] != '\0') {
		ret = mbedtls_ssl_set_hostname(&ctx->ssl, ctx->hostname);
	}
	if (ret != 0) {
		return tls_errno(ctx, ret);
	}
	mbedtls_ssl_set_bio(&ctx->ssl, ctx, bio_send, bio_recv, NULL);
	return 0;
}

/* Wait until the TCP socket is ready for @p events, at most until
 * @p deadline (uptime ms; negative: forever). */
static int wait_io(const struct tls_ctx *ctx, short events, int64_t deadline)
{
	struct net_pollfd pfd = { .fd = ctx->sock, .events = events };
	int64_t left = deadline < 0 ? -1 : deadline - k_uptime_get();
	int ret;

	if (deadline >= 0 && left <= 0) {
		return -ETIMEDOUT;
	}
	ret = net_plain_poll(&pfd, 1, left > INT32_MAX ? INT32_MAX : (int)left);
	return ret == 0 ? -ETIMEDOUT : (ret < 0 ? ret : 0);
}

static int tcp_connect(struct tls_ctx *ctx, const struct net_sockaddr *addr,
		       net_socklen_t len, int64_t deadline)
{
	int err = 0;
	net_socklen_t elen = sizeof(err);
	int ret = net_plain_connect(ctx->sock, addr, len);

	if (ret != -EINPROGRESS) {
		return ret;
	}
	ret = wait_io(ctx, NET_POLLOUT, deadline);
	if (ret == 0) {
		ret = net_getsockopt(ctx->sock, NET_SOL_SOCKET, NET_SO_ERROR, &err, &elen);
	}
	return ret != 0 ? ret : -err;
}

/* One step of the handshake: 1 when it goes on, 0 when it is done, or a
 * negative errno. */
static int handshake_step(struct tls_ctx *ctx, int64_t deadline)
{
	int ret = mbedtls_ssl_handshake(&ctx->ssl);

	if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) {
		ret = wait_io(ctx, ret == MBEDTLS_ERR_SSL_WANT_READ ? NET_POLLIN : NET_POLLOUT,
			      deadline);
		return ret == 0 ? 1 : ret;
	}
	if (ret == MBEDTLS_ERR_X509_FATAL_ERROR && !sys_realtime_is_set()) {
		/* mbedTLS cannot date certificates without the time */
		LOG_WRN("%s: the time is not known yet: certificates cannot be dated",
			ctx->hostname);
		return -EAGAIN;
	}
	if (ret != 0) {
		log_error(ctx, "handshake failed", ret);
		ret = tls_errno(ctx, ret);
	}
	return ret;
}

static int handshake(struct tls_ctx *ctx, int64_t deadline)
{
	int ret;

	ctx->io_flags = NET_MSG_DONTWAIT;
	do {
		ret = handshake_step(ctx, deadline);
	} while (ret == 1);
	ctx->io_flags = 0;
	ctx->verify_result = mbedtls_ssl_get_verify_result(&ctx->ssl);
	if (ctx->verify_result == (uint32_t)-1) {
		ctx->verify_result = 0;             /* no certificate seen yet */
	}
	if (ret != 0 && ctx->verify_result != 0) {
		log_verify(ctx, ctx->verify_result);
	}
	if (ret == -ETIMEDOUT) {
		LOG_WRN("%s: no handshake within %d ms", ctx->hostname, ctx->timeout_ms);
	}
	return ret;
}

/* What must be known before any traffic: a name to verify, the time. */
static int connect_check(const struct tls_ctx *ctx)
{
	if (ctx->state != TLS_IDLE) {
		return -EISCONN;
	}
	if (ctx->peer_verify == NET_TLS_PEER_VERIFY_NONE) {
		return 0;
	}
	if (ctx->peer_verify == NET_TLS_PEER_VERIFY_REQUIRED && ctx->hostname[0] == '\0') {
		LOG_WRN("socket %d: verification needs NET_TLS_HOSTNAME", ctx->sock);
		return -EINVAL;
	}
	if (ctx->time_check == NET_TLS_TIME_REQUIRED && !sys_realtime_is_set()) {
		LOG_WRN("%s: the time is not known yet: certificates cannot be dated",
			ctx->hostname);
		return -EAGAIN;
	}
	return 0;
}

int net_tls_connect(int sock, const struct net_sockaddr *addr, net_socklen_t len)
{
	struct tls_ctx *ctx = ctx_of(sock);
	int64_t deadline;
	int flags, ret = connect_check(ctx);

	if (ret != 0) {
		return ret;
	}
	ctx->state = TLS_FAILED;        /* until the handshake is done */
	if (ctx->time_check == NET_TLS_TIME_SKIP_UNKNOWN) {
		/* 1970: dates of any certificate are then FUTURE (verify_cb) */
		(void)kestrel_mbedtls_time_unknown_set(0);
	}
	ret = kestrel_mbedtls_init();
	ret = ret != 0 ? ret : configure(ctx);
	if (ret != 0) {
		return ret;
	}
	deadline = ctx->timeout_ms < 0 ? -1 : k_uptime_get() + ctx->timeout_ms;
	flags = net_fcntl(sock, NET_F_GETFL, 0);
	(void)net_fcntl(sock, NET_F_SETFL, NET_O_NONBLOCK);
	ret = tcp_connect(ctx, addr, len, deadline);
	if (ret == 0) {
		ret = handshake(ctx, deadline);
	}
	(void)net_fcntl(sock, NET_F_SETFL, flags > 0 ? flags : 0);
	if (ret == 0) {
		ctx->state = TLS_CONNECTED;
		LOG_DBG("%s: %s, %s", ctx->hostname, mbedtls_ssl_get_version(&ctx->ssl),
			mbedtls_ssl_get_ciphersuite(&ctx->ssl));
	}
	return ret;
}

/* ---- send, recv, poll ---- */

int net_tls_send(int sock, const void *buf, size_t len, int flags)
{
	struct tls_ctx *ctx = ctx_of(sock);
	int ret;

	if (ctx->state != TLS_CONNECTED) {
		return -ENOTCONN;
	}
	if (len == 0) {
		return 0;
	}
	ctx->io_flags = flags & NET_MSG_DONTWAIT;
	ret = mbedtls_ssl_write(&ctx->ssl, buf, len);
	ctx->io_flags = 0;
	return ret >= 0 ? ret : tls_errno(ctx, ret);
}

int net_tls_recv(int sock, void *buf, size_t len, int flags)
{
	struct tls_ctx *ctx = ctx_of(sock);
	int ret;

	if ((flags & NET_MSG_PEEK) != 0) {
		return -EOPNOTSUPP;
	}
	if (ctx->state != TLS_CONNECTED) {
		return -ENOTCONN;
	}
	if (len == 0) {
		return 0;
	}
	ctx->io_flags = flags & NET_MSG_DONTWAIT;
	do {
		ret = mbedtls_ssl_read(&ctx->ssl, buf, len);
	} while (ret == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET);
	ctx->io_flags = 0;
	if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || ret == MBEDTLS_ERR_SSL_CONN_EOF) {
		return 0;       /* the peer closed */
	}
	if (ret < 0 && ret != MBEDTLS_ERR_SSL_WANT_READ && ret != MBEDTLS_ERR_SSL_WANT_WRITE) {
		log_error(ctx, "receive", ret);
	}
	return ret >= 0 ? ret : tls_errno(ctx, ret);
}

static bool poll_ready(const struct net_pollfd *pfd)
{
	const struct tls_ctx *ctx = ctx_of(pfd->fd);

	return ctx != NULL && ctx->state == TLS_CONNECTED && (pfd->events & NET_POLLIN) &&
	       mbedtls_ssl_get_bytes_avail(&ctx->ssl) > 0;
}

int net_tls_poll_pending(const struct net_pollfd *fds, unsigned int nfds)
{
	int n = 0;

	for (unsigned int i = 0; i < nfds; i++) {
		n += poll_ready(&fds[i]) ? 1 : 0;
	}
	return n;
}

int net_tls_poll_merge(struct net_pollfd *fds, unsigned int nfds)
{
	int n = 0;

	for (unsigned int i = 0; i < nfds; i++) {
		if (poll_ready(&fds[i])) {
			fds[i].revents |= NET_POLLIN;
		}
		n += fds[i].revents != 0 ? 1 : 0;
	}
	return n;
}

/* ---- options ---- */

static int int_option(const void *val, net_socklen_t len, int max, int *out)
{
	int v;

	if (len < sizeof(int)) {
		return -EINVAL;
	}
	memcpy(&v, val, sizeof(v));
	if (v < 0 || v > max) {
		return -EINVAL;
	}
	*out = v;
	return 0;
}

static int set_tags(struct tls_ctx *ctx, const void *val, net_socklen_t len)
{
	net_sec_tag_t tags[CONFIG_NET_TLS_SEC_TAGS_MAX];
	size_t n = len / sizeof(net_sec_tag_t);

	if (len == 0 || len % sizeof(net_sec_tag_t) != 0 || n > ARRAY_SIZE(tags)) {
		return -EINVAL;
	}
	memcpy(tags, val, len);
	for (size_t i = 0; i < n; i++) {
		if (tags[i] < 0) {
			return -EINVAL;
		}
	}
	memcpy(ctx->tags, tags, len);
	ctx->ntags = (uint8_t)n;
	return 0;
}

static int set_hostname(struct tls_ctx *ctx, const char *name, net_socklen_t len)
{
	const char *nul = memchr(name, '\0', len);
	size_t n = nul != NULL ? (size_t)(nul - name) : len;

	if (n > CONFIG_NET_TLS_HOSTNAME_MAX) {
		return -ENAMETOOLONG;
	}
	memcpy(ctx->hostname, name, n);
	ctx->hostname[n] = '\0';
	return 0;
}

int net_tls_setsockopt(int sock, int name, const void *val, net_socklen_t len)
{
	struct tls_ctx *ctx = ctx_of(sock);
	int ms;

	if (ctx->state != TLS_IDLE) {
		return -EISCONN;
	}
	switch (name) {
	case NET_TLS_SEC_TAG_LIST:
		return set_tags(ctx, val, len);
	case NET_TLS_HOSTNAME:
		return set_hostname(ctx, val, len);
	case NET_TLS_PEER_VERIFY:
		return int_option(val, len, NET_TLS_PEER_VERIFY_REQUIRED, &ctx->peer_verify);
	case NET_TLS_TIME_CHECK:
		return int_option(val, len, NET_TLS_TIME_SKIP_UNKNOWN, &ctx->time_check);
	case NET_TLS_HANDSHAKE_TIMEO:
		ms = net_socket_timeval_ms(val, len);
		if (ms < -1) {
			return ms;
		}
		ctx->timeout_ms = ms;
		return 0;
	case NET_TLS_VERSION:
	case NET_TLS_CIPHERSUITE_USED:
	case NET_TLS_VERIFY_RESULT:
		return -EINVAL;         /* read only */
	default:
		return -ENOPROTOOPT;
	}
}

static int put(void *val, net_socklen_t *len, const void *src, size_t n)
{
	if (*len < n) {
		return -EINVAL;
	}
	memcpy(val, src, n);
	*len = (net_socklen_t)n;
	return 0;
}

static int put_int(void *val, net_socklen_t *len, int v)
{
	return put(val, len, &v, sizeof(v));
}

static int get_session(const struct tls_ctx *ctx, int name, void *val, net_socklen_t *len)
{
	if (ctx->state != TLS_CONNECTED) {
		return -ENOTCONN;
	}
	if (name == NET_TLS_VERSION) {
		return put_int(val, len, (int)mbedtls_ssl_get_version_number(&ctx->ssl));
	}
	return put_int(val, len, mbedtls_ssl_get_ciphersuite_id_from_ssl(&ctx->ssl));
}

int net_tls_getsockopt(int sock, int name, void *val, net_socklen_t *len)
{
	const struct tls_ctx *ctx = ctx_of(sock);
	struct net_timeval tv;

	switch (name) {
	case NET_TLS_SEC_TAG_LIST:
		return put(val, len, ctx->tags, ctx->ntags * sizeof(net_sec_tag_t));
	case NET_TLS_HOSTNAME:
		return put(val, len, ctx->hostname, strlen(ctx->hostname) + 1);
	case NET_TLS_PEER_VERIFY:
		return put_int(val, len, ctx->peer_verify);
	case NET_TLS_TIME_CHECK:
		return put_int(val, len, ctx->time_check);
	case NET_TLS_HANDSHAKE_TIMEO:
		tv.tv_sec = ctx->timeout_ms < 0 ? 0 : ctx->timeout_ms / 1000;
		tv.tv_usec = ctx->timeout_ms < 0 ? 0 : (ctx->timeout_ms % 1000) * 1000L;
		return put(val, len, &tv, sizeof(tv));
	case NET_TLS_VERIFY_RESULT:
		return put(val, len, &ctx->verify_result, sizeof(ctx->verify_result));
	case NET_TLS_VERSION:
	case NET_TLS_CIPHERSUITE_USED:
		return get_session(ctx, name, val, len);
	default:
		return -ENOPROTOOPT;
	}
}
