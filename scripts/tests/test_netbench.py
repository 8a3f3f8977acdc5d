"""Host tests of the networking figures of kt: the footprint split of
`kt footprint --net` (ktlib/footprint.py) and the parsing of `kt netbench`
(ktlib/netbench.py). Hermetic: a made-up link map, no build."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from ktlib import footprint, netbench  # noqa: E402

LWIP = "kestrel/modules/lwip/CMakeFiles/lwip.dir/root/.cache/kestrel/modules/lwip-2.2.1/src/core/tcp_in.c.obj"
MAP = f"""\
Linker script and memory map

.text           0x00000000     0x1000
 .text.tcp_input
                0x00000000      0x200 {LWIP}
 .text.net_if_up
                0x00000200      0x100 kestrel/subsys/CMakeFiles/subsys.dir/net/net_core.c.obj
 .text.log      0x00000300       0x30 kestrel/subsys/CMakeFiles/subsys.dir/logging/log.c.obj
 .text          0x00000330       0x80 kestrel/drivers/CMakeFiles/drivers.dir/ethernet/eth_lan9118.c.obj
 .text          0x000003b0       0x40 kestrel/kernel/CMakeFiles/kernel.dir/sem.c.obj
.bss            0x20000000      0x100
 .bss.ram_heap  0x20000000       0xc0 {LWIP}
"""
KINDS = {".text": "rom", ".bss": "bss"}


class TestFootprintNetSplit(unittest.TestCase):

    def test_groups(self):
        self.assertEqual(footprint.net_group_of(LWIP), "lwIP")
        self.assertEqual(footprint.net_group_of(
            "kestrel/subsys/CMakeFiles/subsys.dir/net/lwip/sys_arch.c.obj"), "Kestrel net")
        self.assertEqual(footprint.net_group_of(
            "kestrel/drivers/CMakeFiles/drivers.dir/ethernet/eth_virtio_net.c.obj"),
            "Ethernet driver")
        self.assertEqual(footprint.net_group_of(
            "kestrel/modules/mbedtls/CMakeFiles/mbedtls.dir/x/library/ssl_tls.c.obj"), "mbedTLS")
        self.assertEqual(footprint.net_group_of(
            "kestrel/modules/mbedtls/CMakeFiles/mbedtls_glue.dir/x/mbedtls_glue.c.obj"),
            "mbedTLS")
        self.assertEqual(footprint.net_group_of(
            "kestrel/subsys/CMakeFiles/subsys.dir/shell/shell.c.obj"), "rest")

    def test_map_split_by_group_and_by_part(self):
        net = footprint.parse_map(MAP, KINDS, footprint.net_group_of)
        self.assertEqual(net, {("lwIP", "rom"): 0x200, ("lwIP", "bss"): 0xc0,
                               ("Kestrel net", "rom"): 0x100, ("Ethernet driver", "rom"): 0x80,
                               ("rest", "rom"): 0x70})
        parts = footprint.parse_map(MAP, KINDS)
        self.assertEqual(parts[("subsys", "rom")], 0x130)
        self.assertEqual(parts[("modules", "bss")], 0xc0)


class TestNetbenchParsing(unittest.TestCase):

    def test_device_lines(self):
        text = ("bench-iperf: device_to_host 246354584 bytes 10010 ms 196880 kbit/s\n"
                "bench-iperf: server listening on port 5001\n"
                "bench-iperf: host_to_device 5 bytes 10 ms 4 kbit/s\n")
        found = {m.group(1): int(m.group(4)) for m in netbench._DEVICE.finditer(text)}
        self.assertEqual(found, {"device_to_host": 196880, "host_to_device": 4})


if __name__ == "__main__":
    unittest.main()
