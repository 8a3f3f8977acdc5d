/* Event recorder and helpers of tests/net/mqtt. */
#ifndef MQTT_TEST_H
#define MQTT_TEST_H

#include <kestrel/net/mqtt.h>

/** Longest wait for any event of the tests (ms). */
#define MQTT_TEST_WAIT_MS 5000

/** An event as recorded (copies of the message's topic and payload). */
struct mqtt_test_evt {
	struct net_mqtt_client *client;
	enum net_mqtt_event_type type;
	int result;
	uint16_t id;
	bool session_present;
	bool reconnecting;
	uint8_t qos;
	bool retain;
	bool dup;
	size_t len;
	char topic[64];
	char payload[64];       /* NUL-terminated copy (truncated) */
};

/** The event callback of every client of the tests (user_data unused). */
void mqtt_test_cb(struct net_mqtt_client *client, const struct net_mqtt_event *evt,
		  void *user_data);

/** Forget every recorded event. */
void mqtt_test_reset(void);

/** A suite's `before`: mqtt_test_reset(). */
void mqtt_test_before(void *fixture);

/** Close *@p client if open and clear it (a suite's `after`). */
void mqtt_test_close(struct net_mqtt_client **client);

/** The next event of @p client of @p type within @p ms (others are kept
 *  for later waits); 0, or -ETIMEDOUT. */
int mqtt_test_wait(struct net_mqtt_client *client, enum net_mqtt_event_type type,
		   int ms, struct mqtt_test_evt *out);

/** A configuration for the broker at 10.0.2.2:@p port with the tests'
 *  callback and the client id @p id (kept by the caller). */
struct net_mqtt_config mqtt_test_config(uint16_t port, const char *id);

/** "PREFIX/RANDOM" into @p buf: ids and topics no other run shares. */
const char *mqtt_test_name(char *buf, size_t size, const char *prefix);

/** Copies of the messages received so far with payload @p payload. */
int mqtt_test_count(const char *payload);

#endif
