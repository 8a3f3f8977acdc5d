/* Requests to the frames network's host peer (frames_peer.h). */
#include <errno.h>
#include <string.h>

#include <kestrel/kernel.h>
#include <kestrel/net/socket.h>

#include "frames_peer.h"

#define FRAMES_PEER_TRIES 5

static int exchange(int sock, const char *request, char *answer, size_t size)
{
	struct net_sockaddr_in to = {
		.sin_family = NET_AF_INET,
		.sin_port = net_htons(FRAMES_PEER_CTL_PORT),
		.sin_addr = net_ipv4_addr(FRAMES_PEER_SERVER_IP),
	};
	int ret = net_sendto(sock, request, strlen(request), 0,
			     (const struct net_sockaddr *)&to, sizeof(to));

	if (ret < 0) {
		return ret;
	}
	ret = net_recv(sock, answer, size - 1, 0);
	if (ret < 0) {
		return ret;
	}
	answer[ret] = '\0';
	return 0;
}

int frames_peer_request(const char *request, char *answer, size_t size)
{
	struct net_timeval tv = { .tv_sec = 1 };
	int sock = net_socket(NET_AF_INET, NET_SOCK_DGRAM, 0);
	int ret = sock;

	if (sock < 0 || size < 2) {
		return sock < 0 ? sock : -EINVAL;
	}
	ret = net_setsockopt(sock, NET_SOL_SOCKET, NET_SO_RCVTIMEO, &tv, sizeof(tv));
	for (int i = 0; ret == 0 && i < FRAMES_PEER_TRIES; i++) {
		ret = exchange(sock, request, answer, size);
		if (ret != -EAGAIN && ret != -ETIMEDOUT) {
			break;
		}
		ret = i + 1 < FRAMES_PEER_TRIES ? 0 : ret;
	}
	(void)net_close(sock);
	if (ret != 0) {
		printk("frames_peer: '%s' got no answer (%d)\n", request, ret);
	}
	return ret;
}

/* The number after " NAME=" (or "NAME=" at the start) in @p text, or -1.
 * By hand: the C library's number parsers need errno, which the Cortex-M
 * port does not provide. */
static int count_in(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = text; (p = strstr(p, name)) != NULL; p += n) {
		if ((p == text || p[-1] == ' ') && p[n] == '=' &&
		    p[n + 1] >= '0' && p[n + 1] <= '9') {
			int v = 0;

			for (p += n + 1; *p >= '0' && *p <= '9'; p++) {
				v = v * 10 + (*p - '0');
			}
			return v;
		}
	}
	return -1;
}

int frames_peer_count(const char *name)
{
	char answer[200];
	int v;

	if (frames_peer_request("stats", answer, sizeof(answer)) != 0) {
		return -1;
	}
	v = count_in(answer, name);
	if (v < 0) {
		printk("frames_peer: no '%s' in '%s'\n", name, answer);
	}
	return v;
}

int frames_peer_tell(const char *request)
{
	char answer[100];

	if (frames_peer_request(request, answer, sizeof(answer)) != 0) {
		return -EIO;
	}
	if (strcmp(answer, "ok") != 0) {
		printk("frames_peer: '%s' -> '%s'\n", request, answer);
		return -EINVAL;
	}
	return 0;
}
