"""End-to-end configure checks of the GPIO devicetree nodes and drivers:
an enabled GPIO node whose driver is not built fails the build naming the
node and the Kconfig symbol; a disabled one does not; the bindings check
the nodes.

Each case configures a copy of samples/hello_world with CMake (a second or
two each).
"""
import os
import shutil
import subprocess
import tempfile
import unittest

BASE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HELLO = os.path.join(BASE, "samples", "hello_world")
GENERATOR = "Ninja" if shutil.which("ninja") else "Unix Makefiles"


def configure(app, build, board):
    env = dict(os.environ, KESTREL_BASE=BASE)
    return subprocess.run(
        ["cmake", "-S", app, "-B", build, "-G", GENERATOR, "-DBOARD=" + board],
        env=env, capture_output=True, text=True)


class GpioNodes(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kestrel-gpio-build-")
        self.build = os.path.join(self.tmp, "build")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def app(self, prj_conf="", overlay=None):
        app = os.path.join(self.tmp, "app")
        shutil.copytree(HELLO, app)
        with open(os.path.join(app, "prj.conf"), "w") as f:
            f.write(prj_conf)
        if overlay is not None:
            with open(os.path.join(app, "app.overlay"), "w") as f:
                f.write(overlay)
        return app

    def assert_fails(self, res, *patterns):
        out = res.stdout + res.stderr
        self.assertNotEqual(res.returncode, 0, out)
        for p in patterns:
            self.assertRegex(out, p)

    def devices_c(self):
        with open(os.path.join(self.build, "generated", "devices.c")) as f:
            return f.read()

    def test_native_sim_gpio_node_becomes_the_sim_device(self):
        res = configure(self.app(), self.build, "native_sim")
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        devices = self.devices_c()
        self.assertIn("&gpio_sim_api", devices)
        self.assertIn('.node_path = "/gpio"', devices)
        self.assertRegex(devices, r"\.ngpios = \d+,")
        self.assertRegex(devices, r"\.irq = \d+,")

    def test_sim_gpio_enabled_without_driver_names_node_and_symbol(self):
        res = configure(self.app("CONFIG_GPIO_SIM=n\n"), self.build, "native_sim")
        self.assert_fails(res, r"devicetree node /gpio\b", r"kestrel,sim-gpio",
                          r"CONFIG_GPIO_SIM=y", r'status = "disabled"')

    def test_gpio_class_off_names_the_node_too(self):
        res = configure(self.app("CONFIG_GPIO=n\n"), self.build, "native_sim")
        self.assert_fails(res, r"devicetree node /gpio\b", r"CONFIG_GPIO_SIM")

    def test_disabled_gpio_node_needs_no_driver(self):
        app = self.app("CONFIG_GPIO_SIM=n\n",
                       overlay='&gpio0 {\n\tstatus = "disabled";\n};\n')
        res = configure(app, self.build, "native_sim")
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        self.assertNotIn("gpio_sim_api", self.devices_c())

    def test_sim_gpio_without_ngpios_names_the_property(self):
        app = self.app(overlay="&gpio0 {\n\t/delete-property/ ngpios;\n};\n")
        res = configure(app, self.build, "native_sim")
        self.assert_fails(res, r"/gpio\b", r"'ngpios' is missing",
                          r"kestrel,sim-gpio\.yaml")

    @unittest.skipUnless(shutil.which("arm-none-eabi-gcc"), "no arm-none-eabi-gcc")
    def test_mps2_fpgaio_enabled_without_driver_names_node_and_symbol(self):
        res = configure(self.app("CONFIG_GPIO_MPS2_FPGAIO=n\n"), self.build,
                        "mps2_an385")
        self.assert_fails(res, r"devicetree node /soc/gpio@40028000",
                          r"arm,mps2-fpgaio-gpio", r"CONFIG_GPIO_MPS2_FPGAIO=y")


if __name__ == "__main__":
    unittest.main()
