/*
 * TAP backend of the native_sim Ethernet device: the device named by
 * --eth-tap=DEV:IFNAME is the host's TAP interface IFNAME, one frame per
 * read()/write() of /dev/net/tun (IFF_TAP | IFF_NO_PI: no packet-info
 * header). The device is then on whatever the host does with IFNAME: an
 * address and a DHCP server on it, a bridge, routing. Attaching needs
 * either root or an interface created for the user beforehand
 * (`ip tuntap add dev IFNAME mode tap user USER`); kt's netdev: tap
 * (scripts/ktlib/tap.py) does that set-up as root.
 *
 * The descriptor is polled by the hardware model (posix_hw_poller), which
 * switches native_sim to real time when the device starts.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>

#include <kestrel/kernel.h>

#include "eth_native.h"
#include "posix_hw.h"

static struct eth_native_fd_port tap = { .fd = -1 };

/* Attach to TAP interface @p name: the descriptor or a negative errno. */
static int tap_attach(const char *name)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		int err = -errno;

		printk("eth_native: tap: cannot open /dev/net/tun (%d)\n", err);
		return err;
	}
	memcpy(ifr.ifr_name, name, strlen(name)); /* length checked by caller */
	if (ioctl(fd, TUNSETIFF, &ifr) != 0) {
		int err = -errno;

		printk("eth_native: tap: cannot attach to %s (%d): it must exist "
		       "for this user (ip tuntap add dev %s mode tap user ...) "
		       "or the process must be root\n", name, err, name);
		close(fd);
		return err;
	}
	return fd;
}

static int tap_open(const struct device *dev)
{
	const char *name = eth_native_opt_for(posix_hw_eth_tap(), dev);

	if (tap.dev != NULL) {
		return tap.dev == dev ? 0 : -EBUSY; /* one TAP device per image */
	}
	if (name == NULL || name[0] == '\0' || strlen(name) >= IFNAMSIZ) {
		printk("eth_native: bad --eth-tap=%s (want %s:IFNAME, at most "
		       "%d characters)\n", posix_hw_eth_tap(), dev->name,
		       IFNAMSIZ - 1);
		return -EINVAL;
	}
	int fd = tap_attach(name);

	if (fd < 0) {
		return fd;
	}
	return eth_native_fd_port_start(&tap, dev, fd);
}

static int tap_send(const struct device *dev, const uint8_t *frame, size_t len)
{
	(void)dev;
	/* A full host queue (EAGAIN) or the interface down (EIO) loses the
	 * frame, as a wire would; only a short write is the device's error. */
	ssize_t n = write(tap.fd, frame, len);

	if (n < 0) {
		return errno == EAGAIN || errno == EIO ? 0 : -EIO;
	}
	return (size_t)n == len ? 0 : -EIO;
}

const struct eth_native_backend eth_native_tap_backend = {
	.name = "tap", .open = tap_open, .send = tap_send,
};
