/* samples/net/telemetry: what main.c and the MQTT session layer share. */
#ifndef TELEMETRY_H
#define TELEMETRY_H

#include <stddef.h>
#include <stdint.h>

#include <kestrel/net/conn_mgr.h>

struct net_mqtt_config;

/** With TELEMETRY_CA_PEM: store the CA and set @p cfg's TLS settings
 *  (telemetry_tls.c); else nothing (telemetry_plain.c). 0 or negative. */
int telemetry_tls_apply(struct net_mqtt_config *cfg);

/** Longest command payload taken from kestrel/<id>/cmd. */
#define TELEMETRY_CMD_MAX 48

/** A command as it came (NUL-terminated). */
struct telemetry_cmd {
	char text[TELEMETRY_CMD_MAX + 1];
};

/**
 * Set up the MQTT session layer (client id @p device_id, commands from
 * @p cmd_topic) and register it with the connection manager.
 * @return its layer number, or a negative errno
 */
int telemetry_mqtt_register(const char *device_id, const char *cmd_topic);

/** The next command, waiting up to @p timeout: 0, or -EAGAIN. */
int telemetry_mqtt_next_cmd(struct telemetry_cmd *cmd, k_timeout_t timeout);

/** Publish at QoS 1 (kept while disconnected): the id, or negative. */
int telemetry_mqtt_publish(const char *topic, const char *text);

/** Publishes taken by telemetry_mqtt_publish() since boot. */
uint32_t telemetry_mqtt_sent(void);

/** Publishes the broker acknowledged (PUBACK) since boot. */
uint32_t telemetry_mqtt_acked(void);

#endif
