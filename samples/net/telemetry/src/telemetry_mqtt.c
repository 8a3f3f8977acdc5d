/*
 * The MQTT session layer of the telemetry sample: the connection
 * manager's layer interface (conn_mgr.h) around one client of mqtt.h.
 * connect() opens the client once (the broker is the address the DNS
 * layer resolved), starts an attempt and says -EINPROGRESS; the client's
 * events (network thread) report its outcome and later losses. The
 * client never reconnects by itself: the manager owns the retries.
 */
#include <errno.h>
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/net/conn_mgr.h>
#include <kestrel/net/mqtt.h>

#include "telemetry.h"

static struct net_mqtt_client *client;
static const char *client_id;
static const char *cmd_topic;
static struct net_ipv4_addr broker;
static volatile uint32_t acked;
static uint32_t sent; /* QoS 1 publishes taken */
static K_MSGQ_DEFINE(cmds, sizeof(struct telemetry_cmd), 4, 1);

static struct conn_mgr_layer layer;

/* Network thread, core lock held: report, queue; never block. */
static void on_mqtt(struct net_mqtt_client *c, const struct net_mqtt_event *evt,
		    void *user_data)
{
	(void)c;
	(void)user_data;
	switch (evt->type) {
	case NET_MQTT_EVT_CONNECTED:
		(void)conn_mgr_layer_report(&layer, 0);
		break;
	case NET_MQTT_EVT_DISCONNECTED:
		(void)conn_mgr_layer_report(&layer, evt->result < 0 ? evt->result : -ECONNRESET);
		break;
	case NET_MQTT_EVT_PUBLISHED:
		acked++;
		break;
	case NET_MQTT_EVT_MESSAGE:
		if (strcmp(evt->msg.topic, cmd_topic) == 0) {
			struct telemetry_cmd cmd;
			size_t n = MIN(evt->msg.len, (size_t)TELEMETRY_CMD_MAX);

			memcpy(cmd.text, evt->msg.payload, n);
			cmd.text[n] = '\0';
			(void)k_msgq_put(&cmds, &cmd, K_NO_WAIT); /* full: dropped */
		}
		break;
	default:
		break;
	}
}

static int open_client(const struct net_ipv4_addr *addr)
{
	struct net_mqtt_config cfg = {
		.broker = { .family = NET_AF_INET },
		.port = TELEMETRY_PORT,
		.client_id = client_id,
		.keep_alive_s = 30,
		.clean_session = false, /* QoS 1 telemetry and the subscription kept */
		.cb = on_mqtt,
	};
	int ret;

	if (client != NULL && net_ipv4_addr_eq(addr, &broker)) {
		return 0;
	}
	if (client != NULL) {
		(void)net_mqtt_client_close(client); /* the server moved */
		client = NULL;
	}
	cfg.broker.v4 = *addr;
	ret = telemetry_tls_apply(&cfg);
	if (ret == 0) {
		ret = net_mqtt_client_open(&cfg, &client);
	}
	if (ret == 0) {
		broker = *addr;
		ret = net_mqtt_subscribe(client, cmd_topic, 1);
	}
	return ret < 0 ? ret : 0;
}

static int mqtt_connect(struct conn_mgr_layer *l)
{
	struct net_ipv4_addr addr;
	int ret = conn_mgr_server_addr(&addr);

	(void)l;
	if (ret == 0) {
		ret = open_client(&addr);
	}
	if (ret == 0) {
		ret = net_mqtt_connect(client, 0);
	}
	if (ret == -EISCONN) {
		return 0;
	}
	return ret == 0 ? -EINPROGRESS : ret;
}

static void mqtt_disconnect(struct conn_mgr_layer *l, int reason)
{
	(void)l;
	(void)reason;
	if (client != NULL) {
		(void)net_mqtt_disconnect(client);
	}
}

static bool mqtt_is_up(struct conn_mgr_layer *l)
{
	(void)l;
	return client != NULL && net_mqtt_is_connected(client) == 1;
}

static const struct conn_mgr_layer_api mqtt_api = {
	.connect = mqtt_connect,
	.disconnect = mqtt_disconnect,
	.is_up = mqtt_is_up,
};

int telemetry_mqtt_register(const char *device_id, const char *topic)
{
	client_id = device_id;
	cmd_topic = topic;
	layer = (struct conn_mgr_layer){
		.name = "mqtt",
		.api = &mqtt_api,
		.timeout_ms = 10000,
		.id = -1,
	};
	return conn_mgr_layer_register(&layer);
}

int telemetry_mqtt_next_cmd(struct telemetry_cmd *cmd, k_timeout_t timeout)
{
	return k_msgq_get(&cmds, cmd, timeout) == 0 ? 0 : -EAGAIN;
}

int telemetry_mqtt_publish(const char *topic, const char *text)
{
	if (client == NULL) {
		return -ENOTCONN;
	}
	int ret = net_mqtt_publish(client, topic, text, strlen(text), 1, false);

	sent += ret > 0;
	return ret;
}

uint32_t telemetry_mqtt_sent(void)
{
	return sent;
}

uint32_t telemetry_mqtt_acked(void)
{
	return acked;
}
