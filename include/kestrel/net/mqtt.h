/*
 * MQTT 3.1.1 client (CONFIG_NET_MQTT): lwIP's apps/mqtt with Kestrel's
 * session layer around it (subsys/net/net_mqtt.c, subsys/net/DESIGN.md
 * "MQTT").
 *
 * - Every call takes the network core lock, so it may be called from any
 *   thread (not from an ISR), including from the event callback.
 * - Events (connected, disconnected, publish acknowledged, subscribe
 *   acknowledged, incoming message) go to the callback of the client's
 *   configuration. It runs in the network (tcpip) thread with the core
 *   lock held: it must not block (no net_mqtt_connect() with a timeout,
 *   no sleeps); it may call the other net_mqtt_*() functions.
 * - QoS 1 and 2 messages are kept by the client (CONFIG_NET_MQTT_INFLIGHT_MAX
 *   of them) until the broker acknowledged them, across disconnects: a
 *   message published while disconnected is sent at the next connection;
 *   one in flight when the connection dropped is sent again (DUP flag) or
 *   its QoS 2 exchange resumed (PUBREL) when the broker kept the session,
 *   or sent again as new when it did not.
 * - Subscriptions are kept too (CONFIG_NET_MQTT_SUBS_MAX) and sent again
 *   whenever the broker has no session for the client.
 * - With `reconnect_ms` set, a client whose connection was lost connects
 *   again by itself, every `reconnect_ms`, until net_mqtt_disconnect().
 *
 * Sizes are Kconfig: topics up to CONFIG_NET_MQTT_TOPIC_MAX bytes, payloads
 * up to CONFIG_NET_MQTT_PAYLOAD_MAX; longer incoming messages are
 * acknowledged and dropped (counted in net_mqtt_stats). Everything the
 * broker sends is checked before lwIP parses it; a malformed packet ends
 * the connection (NET_MQTT_EVT_DISCONNECTED with -EPROTO).
 */
#ifndef KESTREL_NET_MQTT_H
#define KESTREL_NET_MQTT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kestrel/net/net_ip.h>
#include <kestrel/net/tls_credentials.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The MQTT port of a broker without TLS. */
#define NET_MQTT_PORT 1883

/** The MQTT port of a broker with TLS. */
#define NET_MQTT_TLS_PORT 8883

/** A client (opaque; CONFIG_NET_MQTT_CLIENTS of them). */
struct net_mqtt_client;

/** What an event says. */
enum net_mqtt_event_type {
	/** CONNACK accepted (result 0; session_present). */
	NET_MQTT_EVT_CONNECTED,
	/** A connection attempt failed or the connection ended; result: 0
	 *  (net_mqtt_disconnect/abort), -ECONNREFUSED (TCP refused or
	 *  unreachable), -ECONNRESET (closed by the broker), -ETIMEDOUT (no
	 *  CONNACK within CONFIG_NET_MQTT_CONNECT_TIMEOUT_S, or the broker
	 *  silent for 1.5 keep-alive periods), -EPROTO (malformed packet from
	 *  the broker), with TLS -EACCES (the broker's certificate was not
	 *  accepted: unknown CA, wrong host name, expired) or -ECONNABORTED
	 *  (another handshake failure), or a CONNACK refusal:
	 *  -EPROTONOSUPPORT (1, protocol version), -EINVAL (2, client id),
	 *  -EAGAIN (3, server unavailable), -EPERM (4, user name or password;
	 *  5, not authorised). */
	NET_MQTT_EVT_DISCONNECTED,
	/** A QoS 1 (PUBACK) or QoS 2 (PUBCOMP) publish completed: id. */
	NET_MQTT_EVT_PUBLISHED,
	/** SUBACK: id; result the granted QoS (0..2) or -EACCES (refused). */
	NET_MQTT_EVT_SUBSCRIBED,
	/** UNSUBACK: id. */
	NET_MQTT_EVT_UNSUBSCRIBED,
	/** An incoming message: msg. A QoS 2 message is delivered once. */
	NET_MQTT_EVT_MESSAGE,
};

/** An incoming message (valid during the callback only). */
struct net_mqtt_message {
	const char *topic;              /**< NUL-terminated */
	const uint8_t *payload;         /**< len bytes (not terminated) */
	size_t len;
	uint8_t qos;                    /**< 0, 1 or 2 */
	bool retain;                    /**< a retained message */
	bool dup;                       /**< the broker's DUP flag */
};

/** An event (valid during the callback only). */
struct net_mqtt_event {
	enum net_mqtt_event_type type;
	int result;                     /**< see enum net_mqtt_event_type */
	uint16_t id;                    /**< packet id (PUBLISHED, SUBSCRIBED,
					 *   UNSUBSCRIBED) */
	bool session_present;           /**< CONNECTED: the broker kept the
					 *   session of a persistent client */
	bool reconnecting;              /**< DISCONNECTED: the client will
					 *   connect again by itself */
	struct net_mqtt_message msg;    /**< MESSAGE */
};

/** The event callback: network thread, core lock held; must not block. */
typedef void (*net_mqtt_event_cb_t)(struct net_mqtt_client *client,
				    const struct net_mqtt_event *evt,
				    void *user_data);

/** The will: published by the broker when the client goes away without
 *  DISCONNECT (net_mqtt_abort(), a lost connection). */
struct net_mqtt_will {
	const char *topic;              /**< 1..min(255, TOPIC_MAX) bytes */
	const void *payload;            /**< len bytes (may be NULL if 0) */
	size_t len;                     /**< 0..CONFIG_NET_MQTT_WILL_MAX */
	uint8_t qos;                    /**< 0..2 */
	bool retain;
};

/** TLS to the broker (CONFIG_NET_MQTT_TLS). */
struct net_mqtt_tls {
	net_sec_tag_t sec_tag;          /**< credential store tag: its CA
					 *   certificate (required) verifies the
					 *   broker; its own certificate and
					 *   private key, if any, authenticate
					 *   the client */
	const char *hostname;           /**< the name the broker's certificate
					 *   must carry (and SNI); 1..255 bytes */
};

/** A client's configuration; copied by net_mqtt_client_open() (strings
 *  included), so it may live on the caller's stack. */
struct net_mqtt_config {
	struct net_ip_addr broker;      /**< the broker's address */
	uint16_t port;                  /**< its port (NET_MQTT_PORT) */
	const char *client_id;          /**< 1..CONFIG_NET_MQTT_CLIENT_ID_MAX
					 *   bytes (empty: only with
					 *   clean_session) */
	const char *username;           /**< NULL: none; else 1..
					 *   CONFIG_NET_MQTT_CREDENTIAL_MAX */
	const char *password;           /**< NULL: none; same bound */
	const struct net_mqtt_will *will; /**< NULL: none */
	uint16_t keep_alive_s;          /**< 0: no keep-alive */
	bool clean_session;             /**< true: a new session each time;
					 *   false: persistent session */
	uint32_t reconnect_ms;          /**< 0: no automatic reconnect; else
					 *   the pause between attempts */
	const struct net_mqtt_tls *tls; /**< NULL: plain TCP */
	net_mqtt_event_cb_t cb;         /**< NULL: no events */
	void *user_data;                /**< passed to cb */
};

/** Counters of a client (net_mqtt_stats()). */
struct net_mqtt_stats {
	uint32_t connects;              /**< CONNACKs accepted */
	uint32_t resent;                /**< PUBLISH sent again with DUP, or
					 *   PUBREL resumed, after reconnect */
	uint32_t rx_messages;           /**< messages delivered */
	uint32_t rx_dropped;            /**< too long for the Kconfig sizes */
	uint32_t rx_duplicates;         /**< QoS 2 duplicates not delivered */
	uint32_t protocol_errors;       /**< malformed packets (-EPROTO) */
};

/**
 * Take a client and set it up from @p cfg (nothing is sent yet).
 *
 * Thread context.
 * @retval 0 success, *client set
 * @retval -EINVAL NULL argument, no client id without clean_session, a
 *         string or will beyond its Kconfig bound, will QoS > 2, a broker
 *         address of no supported family, port 0; with tls: no CA
 *         certificate under its tag, or one Mbed TLS does not parse
 * @retval -ENOTSUP tls set without CONFIG_NET_MQTT_TLS
 * @retval -ENOMEM all CONFIG_NET_MQTT_CLIENTS clients are open (or no
 *         memory for the TLS configuration)
 */
int net_mqtt_client_open(const struct net_mqtt_config *cfg,
			 struct net_mqtt_client **client);

/**
 * Disconnect (as net_mqtt_disconnect()) and give the client back; its
 * messages and subscriptions are forgotten. No event is raised after it.
 *
 * Thread context, not from the event callback.
 * @retval 0 success
 * @retval -EINVAL @p client NULL or not open
 */
int net_mqtt_client_close(struct net_mqtt_client *client);

/**
 * Connect to the broker: TCP, then CONNECT (client id, credentials, will,
 * keep-alive, clean session flag). Kept messages and subscriptions are sent
 * once the CONNACK came (see the top of this header).
 *
 * @param timeout_ms 0: return once the attempt started (the outcome is an
 *        event; with reconnect_ms set a failed attempt is retried); > 0:
 *        wait for the CONNACK up to that long (a failed or timed-out
 *        attempt is not retried).
 * Thread context; with timeout_ms 0 also from the event callback.
 * @retval 0 started (timeout_ms 0) or connected
 * @retval -EINVAL @p client not open, timeout_ms < 0
 * @retval -EISCONN already connected
 * @retval -EALREADY an attempt is under way
 * @retval -ENOMEM lwIP had no TCP PCB or segment for the SYN
 * @retval -EHOSTUNREACH no route to the broker
 * @retval -EIO another failure of lwIP's mqtt_client_connect() (printed)
 * @retval -ETIMEDOUT no CONNACK within timeout_ms (the attempt is abandoned)
 * @retval other the failure of the attempt, as NET_MQTT_EVT_DISCONNECTED
 */
int net_mqtt_connect(struct net_mqtt_client *client, int timeout_ms);

/**
 * Send DISCONNECT and close the connection (the broker discards the will);
 * stops automatic reconnects. Raises NET_MQTT_EVT_DISCONNECTED (result 0)
 * if a connection or attempt was under way.
 *
 * Thread context or the event callback.
 * @retval 0 success (also when not connected)
 * @retval -EINVAL @p client NULL or not open
 */
int net_mqtt_disconnect(struct net_mqtt_client *client);

/**
 * Close the connection without DISCONNECT, as a lost connection would (the
 * broker publishes the will); stops automatic reconnects. Raises
 * NET_MQTT_EVT_DISCONNECTED (result 0) if connected.
 *
 * Thread context or the event callback.
 * @retval 0 success
 * @retval -EINVAL @p client NULL or not open
 */
int net_mqtt_abort(struct net_mqtt_client *client);

/**
 * Publish @p len bytes of @p payload to @p topic.
 *
 * QoS 0 is sent now (connected only). QoS 1 and 2 are kept until the broker
 * acknowledged them (NET_MQTT_EVT_PUBLISHED with the returned id), and may
 * be published while disconnected: they go out at the next connection.
 *
 * Thread context or the event callback.
 * @retval 0 QoS 0 queued for sending
 * @retval >0 QoS 1/2: the packet id (1..65535)
 * @retval -EINVAL NULL client/topic, payload NULL with len > 0, topic
 *         empty, with a wildcard (+, #), or beyond CONFIG_NET_MQTT_TOPIC_MAX,
 *         qos > 2
 * @retval -EMSGSIZE len > CONFIG_NET_MQTT_PAYLOAD_MAX
 * @retval -ENOTCONN QoS 0 while not connected
 * @retval -ENOBUFS QoS 1/2: CONFIG_NET_MQTT_INFLIGHT_MAX messages kept
 *         already; or lwIP's output buffer is full (try again later)
 */
int net_mqtt_publish(struct net_mqtt_client *client, const char *topic,
		     const void *payload, size_t len, uint8_t qos, bool retain);

/**
 * Subscribe to @p topic (wildcards allowed) with the highest QoS @p qos.
 * Kept by the client: sent now if connected, else at the next connection;
 * sent again whenever the broker has no session. Subscribing again to the
 * same topic changes its QoS.
 *
 * Thread context or the event callback.
 * @retval >0 the packet id of the SUBSCRIBE (NET_MQTT_EVT_SUBSCRIBED)
 * @retval -EINVAL NULL argument, topic empty or beyond
 *         CONFIG_NET_MQTT_TOPIC_MAX, qos > 2
 * @retval -ENOBUFS CONFIG_NET_MQTT_SUBS_MAX subscriptions already, or
 *         lwIP's output buffer is full
 */
int net_mqtt_subscribe(struct net_mqtt_client *client, const char *topic,
		       uint8_t qos);

/**
 * Unsubscribe from @p topic (as given to net_mqtt_subscribe()). Sent now if
 * connected, else at the next connection if the broker kept the session.
 *
 * Thread context or the event callback.
 * @retval >0 the packet id of the UNSUBSCRIBE (NET_MQTT_EVT_UNSUBSCRIBED)
 * @retval 0 not connected: forgotten locally (sent at the next connection
 *         only if the broker kept the session)
 * @retval -EINVAL NULL argument
 * @retval -ENOENT not subscribed to @p topic
 * @retval -ENOBUFS lwIP's output buffer is full
 */
int net_mqtt_unsubscribe(struct net_mqtt_client *client, const char *topic);

/**
 * Whether the client is connected (CONNACK accepted).
 *
 * Any thread context.
 * @retval 1 connected
 * @retval 0 not connected
 * @retval -EINVAL @p client NULL or not open
 */
int net_mqtt_is_connected(struct net_mqtt_client *client);

/**
 * Copy the client's counters to @p stats.
 *
 * Thread context or the event callback.
 * @retval 0 success
 * @retval -EINVAL NULL argument, client not open
 */
int net_mqtt_stats(struct net_mqtt_client *client, struct net_mqtt_stats *stats);

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_NET_MQTT_H */
