/* Event recorder and helpers of tests/net/mqtt. */
#include <stdio.h>
#include <stdbool.h>
#include <string.h>

#include <kestrel/drivers/entropy.h>
#include <kestrel/kernel.h>
#include <kestrel/net/net_ip.h>

#include "devicetree.h"

#include "mqtt_test.h"

#define QUEUE_LEN 32

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED "-asan"
#else
#define SANITIZED ""
#endif
#define SEEN_MAX 64

K_MSGQ_DEFINE(events, sizeof(struct mqtt_test_evt), QUEUE_LEN, 4);

/* Payloads of every message received (for counting copies). */
static char seen[SEEN_MAX][64];
static int seen_count;

/* Events taken from the queue that no wait wanted yet, in order. */
static struct mqtt_test_evt backlog[QUEUE_LEN];
static int backlog_len;

static void copy_str(char *dst, size_t size, const void *src, size_t len)
{
	len = len < size - 1 ? len : size - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

void mqtt_test_cb(struct net_mqtt_client *client, const struct net_mqtt_event *evt,
		  void *user_data)
{
	struct mqtt_test_evt e = {
		.client = client, .type = evt->type, .result = evt->result,
		.id = evt->id, .session_present = evt->session_present,
		.reconnecting = evt->reconnecting,
	};

	(void)user_data;
	if (evt->type == NET_MQTT_EVT_MESSAGE) {
		e.qos = evt->msg.qos;
		e.retain = evt->msg.retain;
		e.dup = evt->msg.dup;
		e.len = evt->msg.len;
		copy_str(e.topic, sizeof(e.topic), evt->msg.topic, strlen(evt->msg.topic));
		copy_str(e.payload, sizeof(e.payload), evt->msg.payload, evt->msg.len);
		if (seen_count < SEEN_MAX) {
			memcpy(seen[seen_count++], e.payload, sizeof(e.payload));
		}
	}
	if (k_msgq_put(&events, &e, K_NO_WAIT) != 0) {
		printk("mqtt_test: event queue full, event %d lost\n", evt->type);
	}
}

void mqtt_test_reset(void)
{
	k_msgq_purge(&events);
	backlog_len = 0;
	seen_count = 0;
}

static bool backlog_take(struct net_mqtt_client *client, enum net_mqtt_event_type type,
			 struct mqtt_test_evt *out)
{
	for (int i = 0; i < backlog_len; i++) {
		if (backlog[i].client == client && backlog[i].type == type) {
			if (out != NULL) {
				*out = backlog[i];
			}
			memmove(&backlog[i], &backlog[i + 1],
				(size_t)(backlog_len - i - 1) * sizeof(backlog[0]));
			backlog_len--;
			return true;
		}
	}
	return false;
}

static void backlog_add(const struct mqtt_test_evt *e)
{
	if (backlog_len == QUEUE_LEN) {
		memmove(&backlog[0], &backlog[1], (QUEUE_LEN - 1) * sizeof(backlog[0]));
		backlog_len--;
	}
	backlog[backlog_len++] = *e;
}

void mqtt_test_before(void *fixture)
{
	(void)fixture;
	mqtt_test_reset();
}

void mqtt_test_close(struct net_mqtt_client **client)
{
	if (*client != NULL) {
		(void)net_mqtt_client_close(*client);
		*client = NULL;
	}
}

int mqtt_test_wait(struct net_mqtt_client *client, enum net_mqtt_event_type type,
		   int ms, struct mqtt_test_evt *out)
{
	int64_t end = k_uptime_get() + ms;
	struct mqtt_test_evt e;

	while (!backlog_take(client, type, out)) {
		int64_t left = end - k_uptime_get();

		if (left < 0 || k_msgq_get(&events, &e, K_MSEC(left)) != 0) {
			printk("mqtt_test: no event %d within %d ms\n", type, ms);
			return -ETIMEDOUT;
		}
		backlog_add(&e);
	}
	return 0;
}

struct net_mqtt_config mqtt_test_config(uint16_t port, const char *id)
{
	struct net_mqtt_config cfg = {
		.broker = { .family = NET_AF_INET, .v4 = net_ipv4_addr(10, 0, 2, 2) },
		.port = port,
		.client_id = id,
		.keep_alive_s = 30,
		.clean_session = true,
		.cb = mqtt_test_cb,
	};

	return cfg;
}

const char *mqtt_test_name(char *buf, size_t size, const char *prefix)
{
	static const struct device *const rngs[] = { DEVICE_DT_CLASS_ENTROPY_LIST NULL };
	static uint32_t salt;

	/* The entropy device where there is one (native_sim: the host's
	 * getrandom()); QEMU without icount runs on the host's clock. */
	if (salt == 0 && (rngs[0] == NULL || !device_is_ready(rngs[0]) ||
			  entropy_get_entropy(rngs[0], (uint8_t *)&salt, sizeof(salt)) != 0)) {
		salt = (uint32_t)k_cycle_get_64() ^ 0x9e3779b9u;
	}
	salt = salt * 1103515245u + 12345u;
	snprintf(buf, size, "%s/%s%s-%08x", prefix, CONFIG_BOARD,
		 SANITIZED, (unsigned int)salt);
	return buf;
}

int mqtt_test_count(const char *payload)
{
	int n = 0;

	for (int i = 0; i < seen_count; i++) {
		n += strcmp(seen[i], payload) == 0;
	}
	return n;
}
