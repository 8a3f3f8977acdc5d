/*
 * The framer of the MQTT client (net_mqtt.c): every byte the broker sends
 * passes here before lwIP's parser sees it. Fixed state per connection
 * (the type byte, at most 4 length bytes, the first 4 body bytes), so no
 * input can make it read or write beyond its buffers. It rejects malformed
 * packets and learns what lwIP does not report (CONNACK's session-present
 * flag, the ids of acknowledgements). subsys/net/DESIGN.md, "MQTT".
 */
#include <errno.h>
#include <string.h>

#include "net_mqtt_priv.h"

static uint16_t body_u16(const struct framer *f, size_t at)
{
	return (uint16_t)((f->body[at] << 8) | f->body[at + 1]);
}

/* The fixed header is complete: type, flags and length. */
static int frame_header_check(const struct framer *f)
{
	uint8_t type = f->type >> 4, flags = f->type & 0x0f;
	uint8_t qos = (flags >> 1) & 3;

	if (!f->connack_seen && type != PKT_CONNACK) {
		return -EPROTO;
	}
	switch (type) {
	case PKT_CONNACK:
		return flags == 0 && f->len == 2 && !f->connack_seen ? 0 : -EPROTO;
	case PKT_PUBLISH:
		return qos < 3 && f->len >= 3u + (qos ? 2u : 0u) ? 0 : -EPROTO;
	case PKT_PUBACK:
	case PKT_PUBREC:
	case PKT_PUBCOMP:
	case PKT_UNSUBACK:
		return flags == 0 && f->len == 2 ? 0 : -EPROTO;
	case PKT_PUBREL:
		return flags == 2 && f->len == 2 ? 0 : -EPROTO;
	case PKT_SUBACK:
		return flags == 0 && f->len == 3 ? 0 : -EPROTO;
	case PKT_PINGRESP:
		return flags == 0 && f->len == 0 ? 0 : -EPROTO;
	default:
		return -EPROTO;         /* 0, 15, and what only clients send */
	}
}

/* The first body bytes (up to 4) are in. */
static int frame_body_check(const struct framer *f)
{
	uint8_t type = f->type >> 4;
	uint8_t qos = (f->type >> 1) & 3;

	switch (type) {
	case PKT_CONNACK:
		return (f->body[0] & 0xfe) == 0 && f->body[1] <= 5 &&
		       (f->body[1] == 0 || f->body[0] == 0) ? 0 : -EPROTO;
	case PKT_PUBLISH: {
		uint32_t tlen = body_u16(f, 0);

		return tlen > 0 && 2u + tlen + (qos ? 2u : 0u) <= f->len ? 0 : -EPROTO;
	}
	case PKT_SUBACK:
		return body_u16(f, 0) != 0 &&
		       (f->body[2] <= 2 || f->body[2] == 0x80) ? 0 : -EPROTO;
	case PKT_PINGRESP:
		return 0;
	default:
		return body_u16(f, 0) != 0 ? 0 : -EPROTO;
	}
}

static void frame_suback(struct net_mqtt_client *c, const struct framer *f)
{
	uint16_t id = body_u16(f, 0);

	for (size_t i = 0; i < SUBS_MAX; i++) {
		struct sub *s = &c->subs[i];

		if (s->state == SUB_ON && s->id == id) {
			s->acked = f->body[2] != 0x80;
			net_mqtt_emit_id(c, NET_MQTT_EVT_SUBSCRIBED,
				s->acked ? f->body[2] : -EACCES, id);
			return;
		}
	}
}

static void frame_unsuback(struct net_mqtt_client *c, uint16_t id)
{
	for (size_t i = 0; i < SUBS_MAX; i++) {
		struct sub *s = &c->subs[i];

		if (s->state == SUB_OFF && s->id == id) {
			s->state = SUB_FREE;
			net_mqtt_emit_id(c, NET_MQTT_EVT_UNSUBSCRIBED, 0, id);
			return;
		}
	}
}

static void in_q2_release(struct net_mqtt_client *c, uint16_t id)
{
	for (size_t i = 0; i < INFLIGHT_MAX; i++) {
		if (c->in_q2[i] == id) {
			c->in_q2[i] = 0;
		}
	}
}

/* A whole packet passed the checks: what Kestrel learns from it (lwIP
 * acts on it afterwards). */
static void frame_packet(struct net_mqtt_client *c)
{
	struct framer *f = &c->fr;
	uint8_t type = f->type >> 4;
	struct out_msg *m = NULL;

	if (type != PKT_CONNACK && type != PKT_PUBLISH && type != PKT_PINGRESP) {
		m = net_mqtt_out_find(c, body_u16(f, 0));
	}
	switch (type) {
	case PKT_CONNACK:
		f->connack_seen = true;
		c->session_present = (f->body[0] & 1) != 0;
		break;
	case PKT_PUBACK:
	case PKT_PUBCOMP:
		if (m != NULL && (m->state == OUT_SENT || m->state == OUT_RELEASING) &&
		    m->qos == (type == PKT_PUBACK ? 1 : 2)) {
			net_mqtt_out_done(c, m);
		}
		break;
	case PKT_PUBREC:
		if (m != NULL && m->qos == 2 && m->state == OUT_SENT) {
			m->state = OUT_RELEASING;       /* lwIP sends the PUBREL */
		}
		break;
	case PKT_PUBREL:
		in_q2_release(c, body_u16(f, 0));
		break;
	case PKT_SUBACK:
		frame_suback(c, f);
		break;
	case PKT_UNSUBACK:
		frame_unsuback(c, body_u16(f, 0));
		break;
	default:
		break;
	}
	f->stage = FR_TYPE;
}

static int frame_header_byte(struct net_mqtt_client *c, uint8_t b)
{
	struct framer *f = &c->fr;
	int ret;

	if (f->stage == FR_TYPE) {
		f->type = b;
		f->len = 0;
		f->len_bytes = 0;
		f->got = 0;
		f->checked = false;
		f->stage = FR_LEN;
		return 0;
	}
	if (f->len_bytes == 4) {
		return -EPROTO;         /* remaining length: at most 4 bytes */
	}
	f->len |= (uint32_t)(b & 0x7f) << (7 * f->len_bytes++);
	if ((b & 0x80) != 0) {
		return 0;
	}
	f->stage = FR_BODY;
	ret = frame_header_check(f);
	if (ret == 0 && f->len == 0) {
		frame_packet(c);
	}
	return ret;
}

int net_mqtt_frame(struct net_mqtt_client *c, const uint8_t *d, size_t n)
{
	struct framer *f = &c->fr;
	size_t i = 0;

	while (i < n) {
		int ret = 0;

		if (f->stage != FR_BODY) {
			ret = frame_header_byte(c, d[i++]);
		} else {
			size_t take = MIN(n - i, (size_t)(f->len - f->got));

			for (size_t k = 0; k < take && f->got + k < sizeof(f->body); k++) {
				f->body[f->got + k] = d[i + k];
			}
			f->got += (uint32_t)take;
			i += take;
			if (!f->checked && f->got >= MIN(f->len, sizeof(f->body))) {
				f->checked = true;
				ret = frame_body_check(f);
			}
			if (ret == 0 && f->got == f->len) {
				frame_packet(c);
			}
		}
		if (ret != 0) {
			return ret;
		}
	}
	return 0;
}
