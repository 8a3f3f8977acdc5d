/*
 * Host-side network peers ("fixtures") that kt test starts for a test whose
 * testcase.yaml says e.g. `fixtures: [tcp_echo, udp_echo, dns]`.
 *
 * Every fixture listens on the host's 127.0.0.1 at the fixed port below;
 * a board reaches it through slirp (user-mode NAT) at KT_NET_FIXTURE_HOST,
 * 10.0.2.2. The numbers are the ones in scripts/ktlib/fixtures.py (a host
 * test keeps the two in sync); tests/net/README.md describes each fixture.
 *
 * Constants and one pure inline function: usable from any context.
 */
#ifndef KESTREL_TESTING_NET_FIXTURES_H
#define KESTREL_TESTING_NET_FIXTURES_H

/** The host as a board sees it (slirp gateway; host 127.0.0.1). */
#define KT_NET_FIXTURE_HOST "10.0.2.2"

/** tcp_echo: echoes every byte; after the peer's shutdown(SHUT_WR) it closes. */
#define KT_NET_FIXTURE_TCP_ECHO_PORT 17007

/** udp_echo: each datagram sent back to its sender. */
#define KT_NET_FIXTURE_UDP_ECHO_PORT 17007

/** The largest datagram udp_echo returns: the IPv4 UDP maximum payload. */
#define KT_NET_FIXTURE_UDP_ECHO_MAX 65507

/** tcp_closed: nothing listens here; connect() fails with ECONNREFUSED. */
#define KT_NET_FIXTURE_TCP_CLOSED_PORT 17009

/** tcp_stall: accepts and reads nothing for KT_NET_FIXTURE_TCP_STALL_SECONDS
 *  (4 KiB receive buffer): the peer's sends block once the windows fill. */
#define KT_NET_FIXTURE_TCP_STALL_PORT 17010
#define KT_NET_FIXTURE_TCP_STALL_SECONDS 30

/** tcp_blackhole: SYNs to it are dropped (a listener with a full accept
 *  queue): a connect neither completes nor is refused. */
#define KT_NET_FIXTURE_TCP_BLACKHOLE_PORT 17011

/** sntp: SNTP v4 server (UDP); needs lwIP's SNTP_PORT set to this
 *  (CONFIG_NET_SNTP_SERVER_PORT). */
#define KT_NET_FIXTURE_SNTP_PORT 17123

/** The time every sntp answer carries (receive and transmit timestamps):
 *  2039-09-18T23:06:40.5Z, in Unix seconds and nanoseconds. */
#define KT_NET_FIXTURE_SNTP_TIME 2200000000LL
#define KT_NET_FIXTURE_SNTP_TIME_NSEC 500000000

/** dns: dnsmasq (UDP and TCP); needs lwIP's DNS_SERVER_PORT set to this. */
#define KT_NET_FIXTURE_DNS_PORT 17053

/** dns53: the same dnsmasq on the standard port (needs root on the host). */
#define KT_NET_FIXTURE_DNS53_PORT 53

/** iperf: an iperf 2 server (`iperf -s`), TCP, for lwiperf runs. */
#define KT_NET_FIXTURE_IPERF_PORT 17001

/** TLS echo servers on the test PKI (tests/net/pki/README.md): each
 *  echoes every byte after the handshake, until the peer closes. tls13 and
 *  tls12 are forced to that version; the others take TLS 1.2 or 1.3. Their
 *  certificates name localhost, kestrel-test.example, 127.0.0.1, 10.0.2.2,
 *  ::1 and fec0::2, except tls_wrong_host's. */
/* tls13, tls12: CA ca, ECDSA P-256. tls_rsa: CA ca-rsa, RSA-2048.
 * tls_other_ca: CA other-ca. tls_wrong_host: names only
 * wrong-host.kestrel-test.invalid. tls_expired: expired 2025-01-01.
 * tls_client_auth: needs a client certificate of CA ca. */
#define KT_NET_FIXTURE_TLS13_PORT 17441
#define KT_NET_FIXTURE_TLS12_PORT 17442
#define KT_NET_FIXTURE_TLS_RSA_PORT 17443
#define KT_NET_FIXTURE_TLS_OTHER_CA_PORT 17444
#define KT_NET_FIXTURE_TLS_WRONG_HOST_PORT 17445
#define KT_NET_FIXTURE_TLS_EXPIRED_PORT 17446
#define KT_NET_FIXTURE_TLS_CLIENT_AUTH_PORT 17447

/** The host name every TLS fixture but tls_wrong_host is certified for
 *  (the dns fixture resolves it elsewhere: connect to KT_NET_FIXTURE_HOST). */
#define KT_NET_FIXTURE_TLS_HOSTNAME "kestrel-test.example"

/** http: HTTP/1.1 test server (scripts/ktlib/http_fixture.py lists its
 *  routes); every response closes the connection. */
#define KT_NET_FIXTURE_HTTP_PORT 17080

/** https: the http fixture's routes over TLS 1.2 or 1.3, with the test
 *  PKI's certificate "server" (CA "ca"; certified for
 *  KT_NET_FIXTURE_TLS_HOSTNAME and 10.0.2.2 among others); each response
 *  ends with a TLS close_notify. */
#define KT_NET_FIXTURE_HTTPS_PORT 17480

/** The body of its /large route: KT_NET_FIXTURE_HTTP_LARGE_SIZE bytes, byte
 *  i being kt_net_fixture_http_large_byte(i). */
#define KT_NET_FIXTURE_HTTP_LARGE_SIZE 262144

/** Byte @p i of the http fixture's /large body (and of /chunked's). */
static inline unsigned char kt_net_fixture_http_large_byte(unsigned long i)
{
	return (unsigned char)((i * 31u + (i >> 10)) & 0xffu);
}

/** mqtt: mosquitto (MQTT 3.1.1), anonymous, no persistence. */
#define KT_NET_FIXTURE_MQTT_PORT 17883

/** mqtt_tls: the same over TLS (1.2 or 1.3): certificate "server" of the
 *  test PKI (CA "ca"; names kestrel-test.example and 10.0.2.2). */
#define KT_NET_FIXTURE_MQTT_TLS_PORT 17887

/** mqtt_restart: control port (text lines). Each connection gets its own
 *  persistent mosquitto on a free port, announced as "port N"; "stop"
 *  answers "stopped" once it exited, "start" "started" once it listens
 *  again; closing the connection ends that broker. */
#define KT_NET_FIXTURE_MQTT_RESTART_PORT 17884

/** mqtt_fake: a fake broker; the client id up to its first '/' names what
 *  it does (scripts/ktlib/mqtt_fixtures.py, SCENARIOS). */
#define KT_NET_FIXTURE_MQTT_FAKE_PORT 17886

/** The host over IPv6 (slirp's fec0::2 is the host's ::1): the fixtures
 *  named *6 serve ::1 on the same ports as their IPv4 twins. */
#define KT_NET_FIXTURE_HOST6 "fec0::2"

/** tcp_echo6, udp_echo6, tcp_closed6, dns6: the same peers on ::1. */
#define KT_NET_FIXTURE_TCP_ECHO6_PORT 17007
#define KT_NET_FIXTURE_UDP_ECHO6_PORT 17007
#define KT_NET_FIXTURE_TCP_CLOSED6_PORT 17009
#define KT_NET_FIXTURE_DNS6_PORT 17053
/** http6: the http fixture on ::1. */
#define KT_NET_FIXTURE_HTTP6_PORT 17080

/** The largest datagram through slirp over IPv6: one 1500-byte packet
 *  (slirp does not reassemble IPv6 fragments). */
#define KT_NET_FIXTURE_UDP_ECHO6_MAX 1452

/** The name the dns fixture knows, and its addresses. */
#define KT_NET_FIXTURE_DNS_NAME "kestrel-test.example"
#define KT_NET_FIXTURE_DNS_A    "192.0.2.10"
#define KT_NET_FIXTURE_DNS_AAAA "2001:db8::10"

/** A name the dns fixture answers with NXDOMAIN (as it does every other name). */
#define KT_NET_FIXTURE_DNS_UNKNOWN "unknown.kestrel-test.invalid"

#endif /* KESTREL_TESTING_NET_FIXTURES_H */
