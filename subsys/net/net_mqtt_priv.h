/*
 * Private to the MQTT client (subsys/net/net_mqtt.c, net_mqtt_frame.c):
 * the client object, the kept messages and subscriptions, the framer's
 * state. Everything here runs under the core lock.
 */
#ifndef KESTREL_SUBSYS_NET_MQTT_PRIV_H
#define KESTREL_SUBSYS_NET_MQTT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kestrel/kernel.h>
#include <kestrel/net/mqtt.h>

#include "lwip/apps/mqtt.h"
#include "lwip/apps/mqtt_priv.h"

#define TOPIC_MAX CONFIG_NET_MQTT_TOPIC_MAX
#define PAYLOAD_MAX CONFIG_NET_MQTT_PAYLOAD_MAX
#define INFLIGHT_MAX CONFIG_NET_MQTT_INFLIGHT_MAX
#define SUBS_MAX CONFIG_NET_MQTT_SUBS_MAX
#define RING_SIZE MQTT_OUTPUT_RINGBUF_SIZE

/* MQTT 3.1.1 control packet types. */
enum {
	PKT_CONNECT = 1, PKT_CONNACK, PKT_PUBLISH, PKT_PUBACK, PKT_PUBREC,
	PKT_PUBREL, PKT_PUBCOMP, PKT_SUBSCRIBE, PKT_SUBACK, PKT_UNSUBSCRIBE,
	PKT_UNSUBACK, PKT_PINGREQ, PKT_PINGRESP, PKT_DISCONNECT,
};

#define CONNECT_FLAG_CLEAN_SESSION 0x02
#define PUBLISH_FLAG_DUP 0x08

/* A kept QoS 1/2 message. */
enum out_state {
	OUT_FREE,
	OUT_NEW,        /* to send as a new PUBLISH */
	OUT_DUP,        /* to send again, DUP set */
	OUT_REL,        /* to send PUBREL again (QoS 2, PUBREC came) */
	OUT_SENT,       /* PUBLISH sent: waits for PUBACK / PUBREC */
	OUT_RELEASING,  /* PUBREL sent: waits for PUBCOMP */
};

struct out_msg {
	uint8_t state;
	uint8_t qos;
	bool retain;
	uint16_t id;
	uint16_t len;
	uint32_t seq;                   /* order of publishing */
	char topic[TOPIC_MAX + 1];
	uint8_t payload[PAYLOAD_MAX];
};

enum sub_state { SUB_FREE, SUB_ON, SUB_OFF /* unsubscribe to send */ };

struct sub {
	uint8_t state;
	uint8_t qos;
	bool pending;                   /* (UN)SUBSCRIBE to send */
	bool acked;                     /* SUBACK came */
	uint16_t id;
	char topic[TOPIC_MAX + 1];
};

/* The framer's view of the packet coming in. */
enum { FR_TYPE, FR_LEN, FR_BODY };

struct framer {
	uint8_t stage;
	uint8_t type;                   /* the fixed header's first byte */
	uint8_t len_bytes;
	bool checked;                   /* first body bytes checked */
	bool connack_seen;
	uint32_t len;                   /* remaining length */
	uint32_t got;                   /* body bytes seen */
	uint8_t body[4];                /* the first body bytes */
};

struct net_mqtt_client {
	mqtt_client_t lw;               /* first: lwIP's TCP callbacks get its
					 * address */
	bool open;
	bool want;                      /* connect again after a loss */
	bool attempt;                   /* lwIP is connecting or connected */
	bool tcp_up;
	bool waiting;                   /* net_mqtt_connect() waits on done */
	bool session_present;
	int error;                      /* Kestrel's reason for a close */
	int result;                     /* for the waiter */
	struct k_sem done;
	altcp_connected_fn lw_connected;
	altcp_recv_fn lw_recv;
	altcp_sent_fn lw_sent;
	struct framer fr;
	uint16_t next_id;
	uint32_t seq;
	struct net_mqtt_config cfg;     /* strings point into the copies below */
	struct mqtt_connect_client_info_t info;
	char client_id[CONFIG_NET_MQTT_CLIENT_ID_MAX + 1];
	char username[CONFIG_NET_MQTT_CREDENTIAL_MAX + 1];
	char password[CONFIG_NET_MQTT_CREDENTIAL_MAX + 1];
	char will_topic[TOPIC_MAX + 1];
	char will_msg[CONFIG_NET_MQTT_WILL_MAX + 1];
	struct out_msg out[INFLIGHT_MAX];
	uint16_t in_q2[INFLIGHT_MAX];   /* incoming QoS 2 ids until PUBREL */
	struct sub subs[SUBS_MAX];
	uint8_t rx_hdr;                 /* incoming message: fixed header */
	bool rx_drop;
	size_t rx_len;
	char rx_topic[TOPIC_MAX + 1];
	uint8_t rx_payload[PAYLOAD_MAX];
	struct net_mqtt_stats stats;
#if defined(CONFIG_NET_MQTT_TLS)
	altcp_err_fn lw_err;
	char tls_host[256];
#endif
};

/* ---- net_mqtt.c, for the framer ---- */

/** The kept message of packet id @p id, or NULL. */
struct out_msg *net_mqtt_out_find(struct net_mqtt_client *c, uint16_t id);

/** @p m acknowledged: forgotten, NET_MQTT_EVT_PUBLISHED raised. */
void net_mqtt_out_done(struct net_mqtt_client *c, struct out_msg *m);

/** Raise an event of @p type with @p result and @p id. */
void net_mqtt_emit_id(struct net_mqtt_client *c, enum net_mqtt_event_type type,
		      int result, uint16_t id);

/* ---- net_mqtt_frame.c ---- */

/** Check and learn from @p n bytes of the broker's stream, before lwIP
 *  parses them; 0, or -EPROTO (a malformed packet: close). */
int net_mqtt_frame(struct net_mqtt_client *c, const uint8_t *d, size_t n);

#endif
