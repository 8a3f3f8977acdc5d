/*
 * Frames backend of the native_sim Ethernet device: every Ethernet frame
 * (destination MAC .. payload, no FCS) is one UDP datagram. The device's
 * socket is bound to 127.0.0.1:LOCAL and sends to 127.0.0.1:PEER, given
 * on the command line as --eth-frames=DEV:LOCAL:PEER. This is the format
 * of QEMU 7.2's -netdev socket,udp=127.0.0.1:PEER,localaddr=127.0.0.1:LOCAL
 * (net/socket.c: net_socket_receive_dgram() sends each frame with one
 * sendto(), net_socket_send_dgram() takes each datagram received as a
 * frame), so a host program (scripts/ktlib/frames_peer.py) is on the same
 * kind of network with every board. Loopback only: nothing leaves the
 * host.
 *
 * The socket is polled by the hardware model (posix_hw_poller), which
 * switches native_sim to real time when the device starts.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <kestrel/kernel.h>

#include "eth_native.h"
#include "posix_hw.h"

static struct {
	struct eth_native_fd_port port;
	struct sockaddr_in peer;
} fr = { .port.fd = -1 };

/* "LOCAL:PEER" (after "DEV:") -> the two ports; 0 or -EINVAL. */
static int parse_ports(const char *p, uint16_t *local, uint16_t *peer)
{
	char *end;
	unsigned long l = strtoul(p, &end, 10);

	if (end == p || *end != ':' || l == 0 || l > 65535) {
		return -EINVAL;
	}
	p = end + 1;
	unsigned long r = strtoul(p, &end, 10);

	if (end == p || *end != '\0' || r == 0 || r > 65535) {
		return -EINVAL;
	}
	*local = (uint16_t)l;
	*peer = (uint16_t)r;
	return 0;
}

static struct sockaddr_in loopback(uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static int frames_socket(uint16_t local)
{
	struct sockaddr_in me = loopback(local);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (fd < 0) {
		return -errno;
	}
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)) != 0) {
		int err = -errno;

		printk("eth_native: frames: cannot bind 127.0.0.1:%u (%d)\n",
		       local, err);
		close(fd);
		return err;
	}
	return fd;
}

static int frames_open(const struct device *dev)
{
	uint16_t local, peer;

	if (fr.port.dev != NULL) {
		return fr.port.dev == dev ? 0 : -EBUSY; /* one frames device per image */
	}
	if (parse_ports(eth_native_opt_for(posix_hw_eth_frames(), dev),
			&local, &peer) != 0) {
		printk("eth_native: bad --eth-frames=%s (want %s:LOCAL:PEER, "
		       "UDP ports)\n", posix_hw_eth_frames(), dev->name);
		return -EINVAL;
	}
	int fd = frames_socket(local);

	if (fd < 0) {
		return fd;
	}
	fr.peer = loopback(peer);
	return eth_native_fd_port_start(&fr.port, dev, fd);
}

static int frames_send(const struct device *dev, const uint8_t *frame,
		       size_t len)
{
	(void)dev;
	/* No peer listening yet (ECONNREFUSED from an earlier ICMP) is a
	 * frame lost on the wire, not an error of the device. */
	if (sendto(fr.port.fd, frame, len, 0, (const struct sockaddr *)&fr.peer,
		   sizeof(fr.peer)) < 0 && errno != ECONNREFUSED) {
		return -EIO;
	}
	return 0;
}

const struct eth_native_backend eth_native_frames_backend = {
	.name = "frames", .open = frames_open, .send = frames_send,
};
