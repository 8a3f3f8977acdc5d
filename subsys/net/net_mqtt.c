/*
 * MQTT 3.1.1 client (include/kestrel/net/mqtt.h) on lwIP's apps/mqtt.
 *
 * lwIP builds and parses the packets, runs keep-alive and the CONNACK
 * timeout. Kestrel adds what lwIP lacks (subsys/net/DESIGN.md, "MQTT"):
 *
 * - A guard on the connection's receive callback: every byte from the
 *   broker goes through a bounded framer (net_mqtt_frame.c) before lwIP's
 *   parser sees it. Malformed packets (remaining length of 5+ bytes, wrong types,
 *   bad lengths, topics beyond the packet) end the connection. The framer
 *   also sees what lwIP does not report: the CONNACK's session-present
 *   flag, PUBREC/PUBREL/PUBACK/PUBCOMP/SUBACK/UNSUBACK with their ids.
 * - A store of QoS 1/2 messages (struct out_msg) kept until acknowledged
 *   and resent after a reconnect (DUP flag, or PUBREL to resume QoS 2),
 *   and of subscriptions, resent when the broker has no session. Resends
 *   are written into lwIP's output ring (its struct is in mqtt_priv.h);
 *   packet ids are Kestrel's (lwIP's counter is set before each call).
 * - Persistent sessions: lwIP always asks for a clean session; the flag is
 *   cleared in the CONNECT lwIP has queued before TCP is up.
 * - Incoming QoS 2 delivered once (ids kept until PUBREL).
 *
 * Everything runs under the core lock: API calls take it, lwIP's
 * callbacks run in the tcpip thread with it held.
 */
#include <errno.h>
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/net/mqtt.h>

#include "lwip/tcpip.h"
#include "lwip/timeouts.h"

#include "net_mqtt_priv.h"
#include "net_priv.h"

#if defined(CONFIG_NET_MQTT_TLS)
#include <kestrel/sys/realtime.h>

#include "lwip/altcp_tls.h"
#include "mbedtls/ssl.h"
#endif

static struct net_mqtt_client clients[CONFIG_NET_MQTT_CLIENTS];

struct altcp_tls_config;

static void pump(struct net_mqtt_client *c);
static void reconnect_fn(void *arg);

/* ---- helpers ---- */

static bool client_ok(const struct net_mqtt_client *c)
{
	for (size_t i = 0; i < ARRAY_SIZE(clients); i++) {
		if (c == &clients[i]) {
			return c->open;
		}
	}
	return false;
}

static void emit(struct net_mqtt_client *c, const struct net_mqtt_event *evt)
{
	if (c->cfg.cb != NULL) {
		c->cfg.cb(c, evt, c->cfg.user_data);
	}
}

void net_mqtt_emit_id(struct net_mqtt_client *c, enum net_mqtt_event_type type,
		      int result, uint16_t id)
{
	struct net_mqtt_event evt = { .type = type, .result = result, .id = id };

	emit(c, &evt);
}

static bool id_used(const struct net_mqtt_client *c, uint16_t id)
{
	for (size_t i = 0; i < INFLIGHT_MAX; i++) {
		if (c->out[i].state != OUT_FREE && c->out[i].id == id) {
			return true;
		}
	}
	for (size_t i = 0; i < SUBS_MAX; i++) {
		if (c->subs[i].state != SUB_FREE && c->subs[i].id == id) {
			return true;
		}
	}
	return false;
}

/* A packet id no kept message or subscription uses (there are fewer of
 * those than ids). */
static uint16_t id_new(struct net_mqtt_client *c)
{
	do {
		c->next_id++;
	} while (c->next_id == 0 || id_used(c, c->next_id));
	return c->next_id;
}

/* lwIP numbers its packets with pkt_id_seq + 1: make that @p id. */
static void lw_id_set(struct net_mqtt_client *c, uint16_t id)
{
	c->lw.pkt_id_seq = (u16_t)(id - 1u);
}

/* strlen(@p s), but at most @p max + 1 bytes read (C11 has no strnlen). */
static size_t len_max(const char *s, size_t max)
{
	size_t n = 0;

	while (n <= max && s[n] != '\0') {
		n++;
	}
	return n;
}

/* 0 if @p s is 1..max bytes (and, unless @p wild, has no + or #). */
static int topic_check(const char *s, bool wild)
{
	size_t len;

	if (s == NULL) {
		return -EINVAL;
	}
	len = len_max(s, TOPIC_MAX);
	if (len == 0 || len > TOPIC_MAX) {
		return -EINVAL;
	}
	if (!wild && (memchr(s, '+', len) != NULL || memchr(s, '#', len) != NULL)) {
		return -EINVAL;
	}
	return 0;
}

/* ---- lwIP's output ring (Kestrel's own packets: resends, DISCONNECT) ---- */

static size_t ring_free(const struct mqtt_ringbuf_t *rb)
{
	return RING_SIZE - (size_t)((rb->put + RING_SIZE - rb->get) % RING_SIZE);
}

static void ring_put(struct mqtt_ringbuf_t *rb, const void *data, size_t len)
{
	const uint8_t *d = data;

	for (size_t i = 0; i < len; i++) {
		rb->buf[rb->put] = d[i];
		rb->put = (u16_t)((rb->put + 1u) % RING_SIZE);
	}
}

static size_t varint_len(size_t v)
{
	return v < 128 ? 1 : v < 16384 ? 2 : 3;
}

static void ring_put_header(struct mqtt_ringbuf_t *rb, uint8_t b0, size_t rem)
{
	ring_put(rb, &b0, 1);
	do {
		uint8_t b = (uint8_t)((rem & 0x7f) | (rem >= 128 ? 0x80 : 0));

		ring_put(rb, &b, 1);
		rem >>= 7;
	} while (rem > 0);
}

static void ring_put_u16(struct mqtt_ringbuf_t *rb, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	ring_put(rb, b, 2);
}

/* Room for a packet of remaining length @p rem (strictly less than the
 * free space: a full ring would read as empty). */
static bool ring_fits(const struct mqtt_ringbuf_t *rb, size_t rem)
{
	return 1 + varint_len(rem) + rem < ring_free(rb);
}

/* Have lwIP send what its ring holds (its sent callback does that). */
static void ring_flush(struct net_mqtt_client *c)
{
	if (c->lw.conn != NULL && c->lw_sent != NULL) {
		(void)c->lw_sent(&c->lw, c->lw.conn, 0);
	}
}

/* ---- kept messages and subscriptions ---- */

struct out_msg *net_mqtt_out_find(struct net_mqtt_client *c, uint16_t id)
{
	for (size_t i = 0; i < INFLIGHT_MAX; i++) {
		if (c->out[i].state != OUT_FREE && c->out[i].id == id) {
			return &c->out[i];
		}
	}
	return NULL;
}

/* The oldest message waiting to be sent. */
static struct out_msg *out_next(struct net_mqtt_client *c)
{
	struct out_msg *best = NULL;

	for (size_t i = 0; i < INFLIGHT_MAX; i++) {
		struct out_msg *m = &c->out[i];

		if ((m->state == OUT_NEW || m->state == OUT_DUP || m->state == OUT_REL) &&
		    (best == NULL || (int32_t)(m->seq - best->seq) < 0)) {
			best = m;
		}
	}
	return best;
}

void net_mqtt_out_done(struct net_mqtt_client *c, struct out_msg *m)
{
	uint16_t id = m->id;

	m->state = OUT_FREE;
	net_mqtt_emit_id(c, NET_MQTT_EVT_PUBLISHED, 0, id);
}

static int out_send_new(struct net_mqtt_client *c, struct out_msg *m)
{
	lw_id_set(c, m->id);
	if (mqtt_publish(&c->lw, m->topic, m->payload, m->len, m->qos,
			 m->retain, NULL, NULL) != ERR_OK) {
		return -ENOBUFS;
	}
	m->state = OUT_SENT;
	return 0;
}

/* A PUBLISH again with DUP, or a PUBREL, straight into lwIP's ring. */
static int out_send_again(struct net_mqtt_client *c, struct out_msg *m)
{
	struct mqtt_ringbuf_t *rb = &c->lw.output;
	size_t tlen = strlen(m->topic);
	size_t rem = m->state == OUT_REL ? 2 : 2 + tlen + 2 + m->len;

	if (!ring_fits(rb, rem)) {
		return -ENOBUFS;
	}
	if (m->state == OUT_REL) {
		ring_put_header(rb, (PKT_PUBREL << 4) | 0x02, rem);
		ring_put_u16(rb, m->id);
		m->state = OUT_RELEASING;
	} else {
		ring_put_header(rb, (uint8_t)((PKT_PUBLISH << 4) | PUBLISH_FLAG_DUP |
					      (m->qos << 1) | (m->retain ? 1 : 0)), rem);
		ring_put_u16(rb, (uint16_t)tlen);
		ring_put(rb, m->topic, tlen);
		ring_put_u16(rb, m->id);
		ring_put(rb, m->payload, m->len);
		m->state = OUT_SENT;
	}
	c->stats.resent++;
	return 0;
}

static int sub_send(struct net_mqtt_client *c, struct sub *s)
{
	lw_id_set(c, s->id);
	if (mqtt_sub_unsub(&c->lw, s->topic, s->qos, NULL, NULL,
			   s->state == SUB_ON) != ERR_OK) {
		return -ENOBUFS;
	}
	s->pending = false;
	return 0;
}

/* Send what waits, in order, while lwIP's ring has room: subscriptions
 * first, then messages. Called when something is added, at CONNACK and
 * whenever TCP took data. */
static void pump(struct net_mqtt_client *c)
{
	bool again = false;
	struct out_msg *m;

	if (!mqtt_client_is_connected(&c->lw)) {
		return;
	}
	for (size_t i = 0; i < SUBS_MAX; i++) {
		if (c->subs[i].state != SUB_FREE && c->subs[i].pending &&
		    sub_send(c, &c->subs[i]) != 0) {
			return;
		}
	}
	while ((m = out_next(c)) != NULL) {
		bool raw = m->state != OUT_NEW;

		if ((raw ? out_send_again(c, m) : out_send_new(c, m)) != 0) {
			break;
		}
		again = again || raw;
	}
	if (again) {
		ring_flush(c);
	}
}

/* The session as the CONNACK says: what the broker kept, what to send. */
static void session_resume(struct net_mqtt_client *c)
{
	bool kept = c->session_present;

	for (size_t i = 0; i < SUBS_MAX; i++) {
		struct sub *s = &c->subs[i];

		if (s->state == SUB_ON) {
			s->pending = !kept || !s->acked;
		} else if (s->state == SUB_OFF) {
			s->pending = kept;
			s->state = kept ? SUB_OFF : SUB_FREE;
		}
	}
	if (!kept) {
		memset(c->in_q2, 0, sizeof(c->in_q2));
	}
	for (size_t i = 0; i < INFLIGHT_MAX; i++) {
		struct out_msg *m = &c->out[i];

		if (!kept && m->state == OUT_DUP) {
			m->state = OUT_NEW;     /* a new session: a new message */
		} else if (!kept && m->state == OUT_REL) {
			net_mqtt_out_done(c, m);         /* the broker had taken it */
		}
	}
}

/* The connection is gone: what was on the wire goes again next time. */
static void session_suspend(struct net_mqtt_client *c)
{
	c->attempt = false;
	for (size_t i = 0; i < INFLIGHT_MAX; i++) {
		struct out_msg *m = &c->out[i];

		if (m->state == OUT_SENT) {
			m->state = OUT_DUP;
		} else if (m->state == OUT_RELEASING) {
			m->state = OUT_REL;
		}
	}
}

/* ---- lwIP's connection callbacks, wrapped ---- */

static err_t guard_recv(void *arg, struct altcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct net_mqtt_client *c = arg;

	if (p != NULL && err == ERR_OK) {
		for (struct pbuf *q = p; q != NULL; q = q->next) {
			int ret = net_mqtt_frame(c, q->payload, q->len);

			if (ret != 0) {
				c->error = ret;
				c->stats.protocol_errors++;
				pbuf_free(p);
				/* lwIP closes as if the broker had. */
				return c->lw_recv(arg, pcb, NULL, ERR_OK);
			}
		}
	}
	return c->lw_recv(arg, pcb, p, err);
}

static err_t guard_sent(void *arg, struct altcp_pcb *pcb, u16_t len)
{
	struct net_mqtt_client *c = arg;
	err_t ret = c->lw_sent(arg, pcb, len);

	pump(c);
	return ret;
}

/* TCP is up: lwIP sets its receive and sent callbacks; wrap them. */
static err_t guard_connected(void *arg, struct altcp_pcb *pcb, err_t err)
{
	struct net_mqtt_client *c = arg;
	err_t ret = c->lw_connected(arg, pcb, err);

	if (err == ERR_OK && ret == ERR_OK && pcb->recv != NULL && pcb->sent != NULL) {
		c->tcp_up = true;
		c->lw_recv = pcb->recv;
		c->lw_sent = pcb->sent;
		pcb->recv = guard_recv;
		pcb->sent = guard_sent;
	}
	return ret;
}

#if defined(CONFIG_NET_MQTT_TLS)
/* A TLS handshake that failed (lwIP's ERR_CLSD): was it the certificate?
 * Its verification flags say so; with the wall clock unknown the Mbed TLS
 * glue fails closed before verifying, which is the certificate's
 * validity too. */
static void guard_err(void *arg, err_t err)
{
	struct net_mqtt_client *c = arg;

	if (c->info.tls_config != NULL && !c->tcp_up && c->lw.conn != NULL &&
	    err == ERR_CLSD) {
		uint32_t v = mbedtls_ssl_get_verify_result(altcp_tls_context(c->lw.conn));

		c->error = (v != 0 && v != (uint32_t)-1) || !sys_realtime_is_set() ?
			   -EACCES : -ECONNABORTED;
	}
	c->lw_err(arg, err);
}

/* The TLS side of a new connection: host name, error wrapper. */
static int tls_connect(struct net_mqtt_client *c)
{
	c->lw_err = c->lw.conn->err;
	c->lw.conn->err = guard_err;
	if (c->info.tls_config != NULL &&
	    mbedtls_ssl_set_hostname(altcp_tls_context(c->lw.conn), c->tls_host) != 0) {
		return -ENOMEM;
	}
	return 0;
}

/* The credentials of @p t, from the store (thread context: its mutex). */
struct tls_refs {
	const void *ca, *cert, *key;
	size_t ca_len, cert_len, key_len;
};

static int tls_refs_get(const struct net_mqtt_tls *t, struct tls_refs *r)
{
	memset(r, 0, sizeof(*r));
	if (t->hostname == NULL || t->hostname[0] == '\0' || len_max(t->hostname, 255) > 255 ||
	    net_tls_credential_ref(t->sec_tag, NET_TLS_CREDENTIAL_CA_CERTIFICATE,
				   &r->ca, &r->ca_len) != 0) {
		return -EINVAL;
	}
	if (net_tls_credential_ref(t->sec_tag, NET_TLS_CREDENTIAL_OWN_CERTIFICATE,
				   &r->cert, &r->cert_len) != 0 ||
	    net_tls_credential_ref(t->sec_tag, NET_TLS_CREDENTIAL_PRIVATE_KEY,
				   &r->key, &r->key_len) != 0) {
		r->cert = NULL;
	}
	return 0;
}

/* lwIP's TLS configuration (core lock held: lwIP allocates it). */
static struct altcp_tls_config *tls_config_new(const struct tls_refs *r)
{
	if (r->cert != NULL) {
		return altcp_tls_create_config_client_2wayauth(r->ca, r->ca_len, r->key,
							       r->key_len, NULL, 0,
							       r->cert, r->cert_len);
	}
	return altcp_tls_create_config_client(r->ca, r->ca_len);
}

static void tls_config_free(struct net_mqtt_client *c)
{
	if (c->info.tls_config != NULL) {
		altcp_tls_free_config(c->info.tls_config);
		c->info.tls_config = NULL;
	}
}
#else
static int tls_connect(struct net_mqtt_client *c)
{
	(void)c;
	return 0;
}

struct tls_refs {
	int unused;
};

static int tls_refs_get(const struct net_mqtt_tls *t, struct tls_refs *r)
{
	(void)t;
	(void)r;
	return -ENOTSUP;
}

static struct altcp_tls_config *tls_config_new(const struct tls_refs *r)
{
	(void)r;
	return NULL;
}

static void tls_config_free(struct net_mqtt_client *c)
{
	(void)c;
}
#endif

/* lwIP asks for a clean session always: clear the flag in the CONNECT it
 * has just queued at the start of its emptied output ring (sent once TCP
 * is up). */
static void connect_flags_fix(struct net_mqtt_client *c)
{
	static const uint8_t proto[] = { 0, 4, 'M', 'Q', 'T', 'T', 4 };
	uint8_t *b = c->lw.output.buf;
	size_t at = 1;

	while ((b[at] & 0x80) != 0) {
		at++;
	}
	at++;
	__ASSERT(b[0] == (PKT_CONNECT << 4) && memcmp(&b[at], proto, sizeof(proto)) == 0,
		 "lwIP's CONNECT layout");
	if (!c->cfg.clean_session) {
		b[at + sizeof(proto)] &= (uint8_t)~CONNECT_FLAG_CLEAN_SESSION;
	}
}

/* ---- connection state ---- */

static int status_errno(const struct net_mqtt_client *c, mqtt_connection_status_t st)
{
	if (c->error != 0) {
		return c->error;
	}
	switch (st) {
	case MQTT_CONNECT_REFUSED_PROTOCOL_VERSION:
		return -EPROTONOSUPPORT;
	case MQTT_CONNECT_REFUSED_IDENTIFIER:
		return -EINVAL;
	case MQTT_CONNECT_REFUSED_SERVER:
		return -EAGAIN;
	case MQTT_CONNECT_REFUSED_USERNAME_PASS:
	case MQTT_CONNECT_REFUSED_NOT_AUTHORIZED_:
		return -EPERM;          /* -EACCES is a certificate refused */
	case MQTT_CONNECT_TIMEOUT:
		return -ETIMEDOUT;
	default:
		return c->tcp_up ? -ECONNRESET : -ECONNREFUSED;
	}
}

static void wait_done(struct net_mqtt_client *c, int result)
{
	if (c->waiting) {
		c->waiting = false;
		c->result = result;
		(void)k_sem_give(&c->done);
	}
}

static void on_connected(struct net_mqtt_client *c)
{
	struct net_mqtt_event evt = {
		.type = NET_MQTT_EVT_CONNECTED,
		.session_present = c->session_present,
	};

	c->stats.connects++;
	c->want = true;
	session_resume(c);
	pump(c);
	wait_done(c, 0);
	emit(c, &evt);
}

static void on_lost(struct net_mqtt_client *c, int reason, bool final)
{
	struct net_mqtt_event evt = {
		.type = NET_MQTT_EVT_DISCONNECTED,
		.result = reason,
	};

	session_suspend(c);
	wait_done(c, reason);
	evt.reconnecting = c->want && c->cfg.reconnect_ms > 0 && !final;
	if (evt.reconnecting) {
		sys_timeout(c->cfg.reconnect_ms, reconnect_fn, c);
	}
	emit(c, &evt);
}

/* lwIP's connection callback: CONNACK accepted, refused, or closed. */
static void on_status(mqtt_client_t *lw, void *arg, mqtt_connection_status_t st)
{
	struct net_mqtt_client *c = arg;

	(void)lw;
	if (st == MQTT_CONNECT_ACCEPTED) {
		on_connected(c);
		return;
	}
	/* A refused client id, protocol or credentials will be refused again. */
	on_lost(c, status_errno(c, st),
		st == MQTT_CONNECT_REFUSED_PROTOCOL_VERSION ||
		st == MQTT_CONNECT_REFUSED_IDENTIFIER ||
		st == MQTT_CONNECT_REFUSED_USERNAME_PASS ||
		st == MQTT_CONNECT_REFUSED_NOT_AUTHORIZED_);
}

/* What mqtt_client_connect() failing says. */
static int connect_errno(err_t err)
{
	switch (err) {
	case ERR_ISCONN:
	case ERR_ALREADY:
		return -EALREADY;
	case ERR_RTE:
		return -EHOSTUNREACH;
	case ERR_USE:
		return -EADDRINUSE;
	case ERR_MEM:
	case ERR_BUF:
		return -ENOMEM;
	default:
		return -EIO;
	}
}

static int connect_start(struct net_mqtt_client *c)
{
	ip_addr_t ip = net_ip_to_lwip(&c->cfg.broker);
	err_t err;

	c->tcp_up = false;
	c->error = 0;
	c->session_present = false;
	c->lw_recv = NULL;
	c->lw_sent = NULL;
	memset(&c->fr, 0, sizeof(c->fr));
	err = mqtt_client_connect(&c->lw, &ip, c->cfg.port, on_status, c, &c->info);
	if (err != ERR_OK) {
		printk("net_mqtt: connect failed: lwIP error %d\n", err);
		return connect_errno(err);
	}
	c->attempt = true;
	connect_flags_fix(c);
	c->lw_connected = c->lw.conn->connected;
	c->lw.conn->connected = guard_connected;
	if (tls_connect(c) != 0) {
		mqtt_disconnect(&c->lw);
		c->attempt = false;
		return -ENOMEM;
	}
	return 0;
}

static void reconnect_fn(void *arg)
{
	struct net_mqtt_client *c = arg;

	if (c->open && c->want && !c->attempt && connect_start(c) != 0) {
		sys_timeout(c->cfg.reconnect_ms, reconnect_fn, c);
	}
}

/* Close now (core lock held); DISCONNECT first if @p graceful. */
static void close_now(struct net_mqtt_client *c, bool graceful)
{
	static const uint8_t disconnect[] = { PKT_DISCONNECT << 4, 0 };
	bool was = c->attempt;

	c->want = false;
	sys_untimeout(reconnect_fn, c);
	if (!was) {
		return;
	}
	if (graceful && mqtt_client_is_connected(&c->lw) &&
	    ring_free(&c->lw.output) > sizeof(disconnect)) {
		ring_put(&c->lw.output, disconnect, sizeof(disconnect));
		ring_flush(c);
	}
	mqtt_disconnect(&c->lw);        /* no callback from lwIP */
	on_lost(c, 0, true);
}

/* ---- configuration ---- */

static int str_copy(char *dst, size_t max, const char *src, bool empty_ok)
{
	size_t len;

	if (src == NULL) {
		return 0;
	}
	len = len_max(src, max);
	if (len > max || (len == 0 && !empty_ok)) {
		return -EINVAL;
	}
	memcpy(dst, src, len + 1);
	return 0;
}

static int will_copy(struct net_mqtt_client *c, const struct net_mqtt_will *w)
{
	if (w == NULL) {
		return 0;
	}
	if (w->qos > 2 || w->len > CONFIG_NET_MQTT_WILL_MAX ||
	    (w->payload == NULL && w->len > 0) ||
	    len_max(w->topic == NULL ? "" : w->topic, 255) > 255 ||
	    topic_check(w->topic, false) != 0) {
		return -EINVAL;
	}
	strcpy(c->will_topic, w->topic);
	if (w->len > 0) {
		memcpy(c->will_msg, w->payload, w->len);
	}
	c->info.will_topic = c->will_topic;
	c->info.will_msg = c->will_msg;
	c->info.will_msg_len = (u8_t)w->len;
	c->info.will_qos = w->qos;
	c->info.will_retain = w->retain;
	return 0;
}

static int config_copy(struct net_mqtt_client *c, const struct net_mqtt_config *cfg)
{
	bool family = cfg->broker.family == NET_AF_INET ||
		      (IS_ENABLED(CONFIG_NET_IPV6) && cfg->broker.family == NET_AF_INET6);

	if (!family || cfg->port == 0 || cfg->client_id == NULL ||
	    (cfg->client_id[0] == '\0' && !cfg->clean_session) ||
	    str_copy(c->client_id, CONFIG_NET_MQTT_CLIENT_ID_MAX, cfg->client_id, true) ||
	    str_copy(c->username, CONFIG_NET_MQTT_CREDENTIAL_MAX, cfg->username, false) ||
	    str_copy(c->password, CONFIG_NET_MQTT_CREDENTIAL_MAX, cfg->password, false) ||
	    will_copy(c, cfg->will)) {
		return -EINVAL;
	}
	c->cfg = *cfg;
	c->cfg.will = NULL;
	c->cfg.tls = NULL;
	c->info.client_id = c->client_id;
	c->info.client_user = cfg->username != NULL ? c->username : NULL;
	c->info.client_pass = cfg->password != NULL ? c->password : NULL;
	c->info.keep_alive = cfg->keep_alive_s;
	return 0;
}

/* ---- incoming messages (lwIP's callbacks) ---- */

static bool in_q2_seen(struct net_mqtt_client *c, uint16_t id)
{
	size_t free_at = INFLIGHT_MAX;

	for (size_t i = 0; i < INFLIGHT_MAX; i++) {
		if (c->in_q2[i] == id) {
			return true;
		}
		if (c->in_q2[i] == 0) {
			free_at = i;
		}
	}
	/* Full: delivered without a record (a resend would come again). */
	if (free_at < INFLIGHT_MAX) {
		c->in_q2[free_at] = id;
	}
	return false;
}

static void on_publish(void *arg, const char *topic, u32_t tot_len)
{
	struct net_mqtt_client *c = arg;
	size_t tlen = len_max(topic, TOPIC_MAX);

	c->rx_hdr = c->lw.rx_buffer[0];
	c->rx_len = 0;
	c->rx_drop = tlen > TOPIC_MAX || tot_len > PAYLOAD_MAX;
	if (c->rx_drop) {
		c->stats.rx_dropped++;
		return;
	}
	memcpy(c->rx_topic, topic, tlen + 1);
	if (((c->rx_hdr >> 1) & 3) == 2 && in_q2_seen(c, c->lw.inpub_pkt_id)) {
		c->rx_drop = true;      /* a QoS 2 resend: PUBREC only */
		c->stats.rx_duplicates++;
	}
}

static void on_data(void *arg, const u8_t *data, u16_t len, u8_t flags)
{
	struct net_mqtt_client *c = arg;
	struct net_mqtt_event evt = { .type = NET_MQTT_EVT_MESSAGE };

	if (c->rx_drop) {
		return;
	}
	if (len > PAYLOAD_MAX - c->rx_len) {
		c->rx_drop = true;
		c->stats.rx_dropped++;
		return;
	}
	if (len > 0) {
		memcpy(&c->rx_payload[c->rx_len], data, len);
		c->rx_len += len;
	}
	if ((flags & MQTT_DATA_FLAG_LAST) == 0) {
		return;
	}
	evt.msg.topic = c->rx_topic;
	evt.msg.payload = c->rx_payload;
	evt.msg.len = c->rx_len;
	evt.msg.qos = (c->rx_hdr >> 1) & 3;
	evt.msg.retain = (c->rx_hdr & 1) != 0;
	evt.msg.dup = (c->rx_hdr & PUBLISH_FLAG_DUP) != 0;
	c->stats.rx_messages++;
	emit(c, &evt);
}

/* ---- API ---- */

/* The client @p tc (TLS, or NULL) goes to, once its configuration is in. */
static void tls_attach(struct net_mqtt_client *c, const struct net_mqtt_config *cfg,
		       struct altcp_tls_config *tc)
{
#if defined(CONFIG_NET_MQTT_TLS)
	c->info.tls_config = tc;
	if (tc != NULL) {
		strcpy(c->tls_host, cfg->tls->hostname);
	}
#else
	(void)c;
	(void)cfg;
	(void)tc;
#endif
}

/* A client taken from the pool and set up from @p cfg (core lock held). */
static int client_take(const struct net_mqtt_config *cfg, const struct tls_refs *refs,
		       struct net_mqtt_client **client)
{
	struct net_mqtt_client *c = NULL;
	struct altcp_tls_config *tc = NULL;
	int ret;

	for (size_t i = 0; i < ARRAY_SIZE(clients) && c == NULL; i++) {
		c = clients[i].open ? NULL : &clients[i];
	}
	if (c == NULL) {
		return -ENOMEM;
	}
	memset(c, 0, sizeof(*c));
	ret = config_copy(c, cfg);
	if (ret == 0 && cfg->tls != NULL) {
		tc = tls_config_new(refs);
		ret = tc != NULL ? 0 : -EINVAL;
	}
	if (ret != 0) {
		return ret;
	}
	tls_attach(c, cfg, tc);
	(void)k_sem_init(&c->done, 0, 1);
	mqtt_set_inpub_callback(&c->lw, on_publish, on_data, c);
	c->open = true;
	*client = c;
	return 0;
}

int net_mqtt_client_open(const struct net_mqtt_config *cfg,
			 struct net_mqtt_client **client)
{
	struct tls_refs refs;
	int ret;

	if (cfg == NULL || client == NULL) {
		return -EINVAL;
	}
	if (cfg->tls != NULL) {
		ret = tls_refs_get(cfg->tls, &refs);    /* the store's mutex: unlocked */
		if (ret != 0) {
			return ret;
		}
	}
	LOCK_TCPIP_CORE();
	ret = client_take(cfg, &refs, client);
	UNLOCK_TCPIP_CORE();
	return ret;
}

int net_mqtt_client_close(struct net_mqtt_client *c)
{
	int ret = -EINVAL;

	LOCK_TCPIP_CORE();
	if (client_ok(c)) {
		c->cfg.cb = NULL;
		close_now(c, true);
		tls_config_free(c);
		c->open = false;
		ret = 0;
	}
	UNLOCK_TCPIP_CORE();
	return ret;
}

static int connect_begin(struct net_mqtt_client *c, int timeout_ms)
{
	if (!client_ok(c)) {
		return -EINVAL;
	}
	if (mqtt_client_is_connected(&c->lw)) {
		return -EISCONN;
	}
	if (c->attempt) {
		return -EALREADY;
	}
	sys_untimeout(reconnect_fn, c);
	c->want = timeout_ms == 0;
	c->waiting = timeout_ms > 0;
	(void)k_sem_reset(&c->done);
	int ret = connect_start(c);

	if (ret != 0) {
		c->waiting = false;
	}
	return ret;
}

int net_mqtt_connect(struct net_mqtt_client *c, int timeout_ms)
{
	int ret;

	if (timeout_ms < 0) {
		return -EINVAL;
	}
	LOCK_TCPIP_CORE();
	ret = connect_begin(c, timeout_ms);
	UNLOCK_TCPIP_CORE();
	if (ret != 0 || timeout_ms == 0) {
		return ret;
	}
	if (k_sem_take(&c->done, K_MSEC(timeout_ms)) == 0) {
		return c->result;
	}
	LOCK_TCPIP_CORE();
	if (c->waiting) {               /* no answer: abandon the attempt */
		c->waiting = false;
		c->want = false;
		if (c->attempt) {
			mqtt_disconnect(&c->lw);
			session_suspend(c);
		}
		ret = -ETIMEDOUT;
	} else {
		ret = c->result;        /* it came just now */
	}
	UNLOCK_TCPIP_CORE();
	return ret;
}

int net_mqtt_disconnect(struct net_mqtt_client *c)
{
	int ret = -EINVAL;

	LOCK_TCPIP_CORE();
	if (client_ok(c)) {
		close_now(c, true);
		ret = 0;
	}
	UNLOCK_TCPIP_CORE();
	return ret;
}

int net_mqtt_abort(struct net_mqtt_client *c)
{
	int ret = -EINVAL;

	LOCK_TCPIP_CORE();
	if (client_ok(c)) {
		close_now(c, false);
		ret = 0;
	}
	UNLOCK_TCPIP_CORE();
	return ret;
}

static int publish_qos0(struct net_mqtt_client *c, const char *topic,
			const void *payload, size_t len, bool retain)
{
	if (!mqtt_client_is_connected(&c->lw)) {
		return -ENOTCONN;
	}
	return mqtt_publish(&c->lw, topic, payload, (u16_t)len, 0, retain,
			    NULL, NULL) == ERR_OK ? 0 : -ENOBUFS;
}

static int publish_kept(struct net_mqtt_client *c, const char *topic,
			const void *payload, size_t len, uint8_t qos, bool retain)
{
	struct out_msg *m = NULL;

	for (size_t i = 0; i < INFLIGHT_MAX && m == NULL; i++) {
		m = c->out[i].state == OUT_FREE ? &c->out[i] : NULL;
	}
	if (m == NULL) {
		return -ENOBUFS;
	}
	m->id = id_new(c);
	m->qos = qos;
	m->retain = retain;
	m->len = (uint16_t)len;
	m->seq = c->seq++;
	strcpy(m->topic, topic);
	if (len > 0) {
		memcpy(m->payload, payload, len);
	}
	m->state = OUT_NEW;
	pump(c);
	return m->id;
}

int net_mqtt_publish(struct net_mqtt_client *c, const char *topic,
		     const void *payload, size_t len, uint8_t qos, bool retain)
{
	int ret;

	if (topic_check(topic, false) != 0 || qos > 2 ||
	    (payload == NULL && len > 0)) {
		return -EINVAL;
	}
	if (len > PAYLOAD_MAX) {
		return -EMSGSIZE;
	}
	LOCK_TCPIP_CORE();
	if (!client_ok(c)) {
		ret = -EINVAL;
	} else if (qos == 0) {
		ret = publish_qos0(c, topic, payload, len, retain);
	} else {
		ret = publish_kept(c, topic, payload, len, qos, retain);
	}
	UNLOCK_TCPIP_CORE();
	return ret;
}

static struct sub *sub_find(struct net_mqtt_client *c, const char *topic)
{
	for (size_t i = 0; i < SUBS_MAX; i++) {
		if (c->subs[i].state == SUB_ON && strcmp(c->subs[i].topic, topic) == 0) {
			return &c->subs[i];
		}
	}
	return NULL;
}

static int subscribe_locked(struct net_mqtt_client *c, const char *topic, uint8_t qos)
{
	struct sub *s = sub_find(c, topic);

	for (size_t i = 0; i < SUBS_MAX && s == NULL; i++) {
		s = c->subs[i].state == SUB_FREE ? &c->subs[i] : NULL;
	}
	if (s == NULL) {
		return -ENOBUFS;
	}
	s->state = SUB_ON;
	s->id = 0;
	s->id = id_new(c);
	s->qos = qos;
	s->acked = false;
	s->pending = true;
	strcpy(s->topic, topic);
	pump(c);
	return s->id;
}

int net_mqtt_subscribe(struct net_mqtt_client *c, const char *topic, uint8_t qos)
{
	int ret;

	if (topic_check(topic, true) != 0 || qos > 2) {
		return -EINVAL;
	}
	LOCK_TCPIP_CORE();
	ret = client_ok(c) ? subscribe_locked(c, topic, qos) : -EINVAL;
	UNLOCK_TCPIP_CORE();
	return ret;
}

static int unsubscribe_locked(struct net_mqtt_client *c, const char *topic)
{
	struct sub *s = sub_find(c, topic);

	if (s == NULL) {
		return -ENOENT;
	}
	s->state = SUB_OFF;
	s->id = 0;
	s->id = id_new(c);
	s->pending = mqtt_client_is_connected(&c->lw) != 0;
	if (!s->pending) {
		return 0;
	}
	pump(c);
	return s->id;
}

int net_mqtt_unsubscribe(struct net_mqtt_client *c, const char *topic)
{
	int ret;

	if (topic == NULL) {
		return -EINVAL;
	}
	LOCK_TCPIP_CORE();
	ret = client_ok(c) ? unsubscribe_locked(c, topic) : -EINVAL;
	UNLOCK_TCPIP_CORE();
	return ret;
}

int net_mqtt_is_connected(struct net_mqtt_client *c)
{
	int ret;

	LOCK_TCPIP_CORE();
	ret = client_ok(c) ? mqtt_client_is_connected(&c->lw) != 0 : -EINVAL;
	UNLOCK_TCPIP_CORE();
	return ret;
}

int net_mqtt_stats(struct net_mqtt_client *c, struct net_mqtt_stats *stats)
{
	int ret = -EINVAL;

	if (stats == NULL) {
		return -EINVAL;
	}
	LOCK_TCPIP_CORE();
	if (client_ok(c)) {
		*stats = c->stats;
		ret = 0;
	}
	UNLOCK_TCPIP_CORE();
	return ret;
}
