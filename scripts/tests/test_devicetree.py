"""Tests of scripts/gen_devicetree.py (the devicetree generator).

Run with: /usr/bin/python3 -m unittest discover -s scripts/tests -v
Uses only the fixtures in scripts/tests/fixtures/dts: a test board, its
bindings, an overlay and stand-in headers to compile the generated C.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "gen_devicetree.py")
FIXTURES = os.path.join(HERE, "fixtures", "dts")
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") \
    else sys.executable

# The fixture board's devices, for the tests that only change one thing.
GOOD_CONFIG = "CONFIG_UART_NS16550=y\nCONFIG_TEST_CLOCK=y\nCONFIG_TEST_SENSOR=y\n"

MINIMAL_UART = """\
/dts-v1/;
/ {
	#address-cells = <1>;
	#size-cells = <1>;
	uart0: uart@10000000 {
		compatible = "ns16550";
		reg = <0x10000000 0x100>;
		%s
	};
};
"""


class Workspace:
    """A throw-away KESTREL_BASE with dts/bindings copied from the fixtures,
    so that messages name 'dts/bindings/ns16550.yaml' as in the real tree."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="kestrel-dt-test-")
        self.bindings = os.path.join(self.root, "dts", "bindings")
        shutil.copytree(os.path.join(FIXTURES, "bindings"), self.bindings)
        self.include = os.path.join(FIXTURES, "include")
        self.out = os.path.join(self.root, "build", "generated")
        self.board_dir = os.path.join(self.root, "boards", "test")
        os.makedirs(self.board_dir)

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def write(self, rel, text):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(text))
        return path

    def board(self, text=None):
        """The board .dts: the fixture board, or the given source."""
        path = os.path.join(self.board_dir, "test.dts")
        if text is None:
            shutil.copy(os.path.join(FIXTURES, "board.dts"), path)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        return path

    def run(self, *args):
        env = dict(os.environ, KESTREL_BASE=self.root)
        return subprocess.run([PYTHON, SCRIPT] + list(args), env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, check=False)

    def dts(self, board, overlays=()):
        args = ["dts", "--dts", board, "--bindings", self.bindings,
                "--include", self.include, "--out-dir", self.out]
        for o in overlays:
            args += ["--overlay", o]
        return self.run(*args)

    def devices(self, config=GOOD_CONFIG):
        cfg = os.path.join(self.root, "build", ".config")
        with open(cfg, "w", encoding="utf-8") as f:
            f.write(config)
        return self.run("devices", "--edt", os.path.join(self.out, "edt.json"),
                        "--config", cfg, "--out-dir", self.out,
                        "--source-name", "boards/test/test.dts")

    def read(self, name):
        with open(os.path.join(self.out, name), encoding="utf-8") as f:
            return f.read()


class WorkspaceTest(unittest.TestCase):
    def setUp(self):
        self.ws = Workspace()
        self.addCleanup(self.ws.cleanup)

    def assertOk(self, res):
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertNotIn("error", res.stderr.lower())

    def assertFails(self, res, *patterns):
        self.assertNotEqual(res.returncode, 0, "expected a failure")
        for p in patterns:
            self.assertIn(p, res.stderr)
        return res.stderr

    def dts_error(self, body, *patterns):
        res = self.ws.dts(self.ws.board(MINIMAL_UART % body))
        return self.assertFails(res, *patterns)


class GoodBoardTest(unittest.TestCase):
    """The fixture board end to end (generated once for the whole class)."""

    @classmethod
    def setUpClass(cls):
        cls.ws = Workspace()
        res = cls.ws.dts(cls.ws.board())
        assert res.returncode == 0, res.stderr
        res = cls.ws.devices()
        assert res.returncode == 0, res.stderr
        cls.devices_c = cls.ws.read("devices.c")
        cls.devicetree_h = cls.ws.read("devicetree.h")
        cls.kconfig = cls.ws.read("Kconfig.dts")
        cls.edt = json.loads(cls.ws.read("edt.json"))

    @classmethod
    def tearDownClass(cls):
        cls.ws.cleanup()

    def device_block(self, name):
        m = re.search(r"/\* (/\S+)  compatible [^\n]*\n(?:(?!\n\n).)*"
                      r"const struct device __device_%s = \{.*?\n\};\n"
                      % name, self.devices_c, re.S)
        self.assertIsNotNone(m, "no device %s in:\n%s" % (name,
                                                         self.devices_c))
        return m.group(0)

    def test_header_line_names_the_source(self):
        self.assertTrue(self.devices_c.startswith(
            "/* Generated by scripts/gen_devicetree.py from "
            "boards/test/test.dts. Do not edit. */\n"))
        self.assertIn("#include <kestrel/device.h>\n", self.devices_c)

    def test_driver_headers_are_included_once(self):
        self.assertEqual(self.devices_c.count(
            '#include "serial/uart_ns16550.h"'), 1)
        self.assertIn('#include "clock/test_clock.h"', self.devices_c)
        self.assertIn('#include "sensor/test_sensor.h"', self.devices_c)

    def test_config_struct_has_address_irq_and_properties(self):
        block = self.device_block("uart0")
        self.assertIn('/* /soc/uart@10000000  compatible "ns16550"  '
                      '(binding dts/bindings/ns16550.yaml) */', block)
        self.assertIn("static const struct uart_ns16550_config uart0_config "
                      "= {", block)
        self.assertIn("\t.base = 0x10000000,\n", block)
        self.assertIn("\t.size = 0x100,\n", block)
        self.assertIn("\t.irq = 10,\n", block)           # from a cpp macro
        self.assertIn("\t.clock_frequency = 3686400,\n", block)
        self.assertIn("\t.current_speed = 115200,\n", block)  # the default
        self.assertIn("\t.hw_flow_control = false,\n", block)
        self.assertIn('\t.label_text = "console \\"0\\"",\n', block)
        self.assertIn("\t.clock = &__device_clk,\n", block)

    def test_device_struct(self):
        block = self.device_block("uart0")
        expected = textwrap.dedent("""\
            static struct uart_ns16550_data uart0_data;
            static struct device_state uart0_state;
            const struct device __device_uart0 = {
            	.name = "uart0",
            	.node_path = "/soc/uart@10000000",
            	.config = &uart0_config,
            	.data = &uart0_data,
            	.api = &uart_ns16550_api,
            	.init = uart_ns16550_init,
            	.state = &uart0_state,
            	.level = DEVICE_INIT_PRE_KERNEL_1,
            };
            """)
        self.assertIn(expected, block)

    def test_dts_value_overrides_default(self):
        block = self.device_block("uart1")
        self.assertIn("\t.current_speed = 9600,\n", block)
        self.assertIn("\t.hw_flow_control = true,\n", block)
        self.assertIn("\t.irq = 11,\n", block)

    def test_second_compatible_entry_selects_the_binding(self):
        node = self.node("/soc/uart@10001000")
        self.assertEqual(node["compatible"], ["vendor,uart-v2", "ns16550"])
        self.assertEqual(node["binding"], "ns16550")

    def test_no_data_and_no_config(self):
        clk = self.device_block("clk")
        self.assertIn("\t.data = NULL,\n", clk)
        self.assertNotIn("test_clock_data", clk)
        sensor = self.device_block("sensor")
        self.assertIn("\t.config = NULL,\n", sensor)
        self.assertNotIn("test_sensor_config", sensor)
        self.assertIn("\t.level = DEVICE_INIT_POST_KERNEL,\n", sensor)

    def test_device_without_label_is_named_after_its_node(self):
        self.assertIn('.name = "sensor"', self.devices_c)

    def test_disabled_node_is_not_a_device(self):
        self.assertNotIn("uart@10002000", self.devices_c)
        self.assertFalse(self.node("/soc/uart@10002000")["enabled"])

    def test_node_without_driver_is_not_a_device(self):
        self.assertNotIn("intc", self.devices_c)

    def test_init_order_level_then_phandle_dependency_then_dt_order(self):
        m = re.search(r"const struct device \*const device_list\[\] = "
                      r"\{\n(.*?)\};\n", self.devices_c, re.S)
        self.assertIsNotNone(m)
        order = re.findall(r"&__device_(\w+),", m.group(1))
        # clk comes after both UARTs in the devicetree, but uart0 uses it;
        # sensor is POST_KERNEL, the others PRE_KERNEL_1.
        self.assertEqual(order, ["clk", "uart0", "uart1", "sensor"])
        self.assertIn("const unsigned int device_count = 4;", self.devices_c)

    def test_devices_are_defined_before_they_are_referenced(self):
        self.assertLess(self.devices_c.index("const struct device "
                                             "__device_clk ="),
                        self.devices_c.index("&__device_clk"))

    def test_devicetree_h_lists_devices_by_class(self):
        h = self.devicetree_h
        # The class is the driver's folder under drivers/ (header path).
        self.assertIn("#define DEVICE_DT_CLASS_SERIAL_COUNT 2", h)
        self.assertRegex(h, r"#define DEVICE_DT_CLASS_SERIAL_LIST &__device_uart\d, "
                         r"&__device_uart\d,\n")
        self.assertIn("#define DEVICE_DT_CLASS_CLOCK_COUNT 1", h)
        # A class with a binding but no enabled device still has both.
        self.assertIn("#define DEVICE_DT_CLASS_MISC_COUNT 0\n", h)
        self.assertIn("#define DEVICE_DT_CLASS_MISC_LIST \n", h)

    def test_devicetree_h_labels_and_chosen(self):
        h = self.devicetree_h
        self.assertIn("#ifndef KESTREL_GENERATED_DEVICETREE_H", h)
        self.assertIn("extern const struct device __device_uart0;", h)
        self.assertIn("#define DEVICE_DT_NODELABEL_uart0 (&__device_uart0)", h)
        self.assertIn("#define DEVICE_DT_NODELABEL_console_uart "
                      "(&__device_uart0)", h)
        self.assertIn("#define DEVICE_DT_CHOSEN_kestrel_console "
                      "(&__device_uart0)", h)
        self.assertIn("#define DT_HAS_CHOSEN_kestrel_console 1", h)
        self.assertIn("#define DEVICE_DT_CHOSEN_kestrel_shell_uart "
                      "(&__device_uart1)", h)
        # A chosen entry written as a phandle (<&clk>) works too.
        self.assertIn("#define DEVICE_DT_CHOSEN_kestrel_clock (&__device_clk)",
                      h)
        self.assertTrue(h.rstrip().endswith("#endif /* "
                                            "KESTREL_GENERATED_DEVICETREE_H */"))

    def test_kconfig_dts(self):
        self.assertIn("config DT_HAS_NS16550_ENABLED\n\tdef_bool y\n",
                      self.kconfig)
        self.assertIn("config DT_HAS_TEST_CLOCK_ENABLED\n\tdef_bool y\n",
                      self.kconfig)
        # A node without a driver still counts as enabled hardware.
        self.assertIn("config DT_HAS_TEST_INTC_ENABLED\n\tdef_bool y\n",
                      self.kconfig)
        self.assertIn("config DT_HAS_TEST_UNUSED_DEVICE_ENABLED\n"
                      "\tdef_bool n\n", self.kconfig)
        # Only bindings give symbols, not every compatible in the tree.
        self.assertNotIn("SIMPLE_BUS", self.kconfig)

    def node(self, path):
        for node in self.edt["nodes"]:
            if node["path"] == path:
                return node
        self.fail("no node %s in edt.json" % path)

    def test_edt_json(self):
        uart0 = self.node("/soc/uart@10000000")
        self.assertEqual(uart0["name"], "uart@10000000")
        self.assertEqual(uart0["labels"], ["uart0", "console_uart"])
        self.assertEqual(uart0["binding_file"], "dts/bindings/ns16550.yaml")
        self.assertEqual(uart0["reg"], [{"address": 0x10000000,
                                         "size": 0x100}])
        props = uart0["properties"]
        self.assertEqual(props["interrupts"], [10])
        self.assertEqual(props["clock"], "/soc/clock-controller@20000000")
        self.assertEqual(props["current-speed"], 115200)
        self.assertEqual(self.node("/soc/clock-controller@20000000")
                         ["properties"]["clock-names"], ["core", "bus"])
        self.assertEqual(self.edt["chosen"]["kestrel,console"],
                         "/soc/uart@10000000")
        self.assertEqual(self.node("/")["properties"]["model"], "Test board")
        self.assertNotIn("/__symbols__", [n["path"] for n in self.edt["nodes"]])

    def test_generated_c_compiles(self):
        cc = shutil.which("cc")
        if cc is None:
            self.skipTest("no C compiler")
        stub = os.path.join(FIXTURES, "stub")
        res = subprocess.run(
            [cc, "-std=c11", "-Wall", "-Wextra", "-Werror",
             "-Wmissing-prototypes", "-fsyntax-only",
             "-I", os.path.join(stub, "include"),
             "-I", os.path.join(stub, "drivers"), "-I", self.ws.out,
             "-include", "devicetree.h",
             os.path.join(self.ws.out, "devices.c")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            universal_newlines=True, check=False)
        self.assertEqual(res.returncode, 0, res.stderr)


class RegenerationTest(WorkspaceTest):
    def test_rerun_leaves_outputs_untouched(self):
        board = self.ws.board()
        self.assertOk(self.ws.dts(board))
        self.assertOk(self.ws.devices())
        names = ["edt.json", "Kconfig.dts", "devices.c", "devicetree.h",
                 "devicetree.dtb", "devicetree.dts.pre"]
        old = 1000000000
        for name in names:
            os.utime(os.path.join(self.ws.out, name), (old, old))
        self.assertOk(self.ws.dts(board))
        self.assertOk(self.ws.devices())
        for name in names:
            self.assertEqual(os.stat(os.path.join(self.ws.out, name)).st_mtime,
                             old, "%s was rewritten" % name)

    def test_change_rewrites_outputs(self):
        board = self.ws.board()
        self.assertOk(self.ws.dts(board))
        self.assertOk(self.ws.devices())
        with open(board, encoding="utf-8") as f:
            text = f.read()
        self.ws.board(text.replace("<3686400>", "<7372800>"))
        self.assertOk(self.ws.dts(board))
        self.assertOk(self.ws.devices())
        self.assertIn(".clock_frequency = 7372800,", self.ws.read("devices.c"))


class OverlayTest(WorkspaceTest):
    def test_overlay_changes_property_and_disables_node(self):
        overlay = os.path.join(FIXTURES, "overlay.dts")
        self.assertOk(self.ws.dts(self.ws.board(), [overlay]))
        self.assertOk(self.ws.devices())
        c = self.ws.read("devices.c")
        h = self.ws.read("devicetree.h")
        self.assertIn(".current_speed = 57600,", c)
        self.assertNotIn("__device_uart0", c)
        # The chosen console is disabled now: no macro claims it exists.
        self.assertNotIn("DT_HAS_CHOSEN_kestrel_console", h)
        self.assertIn("DT_HAS_CHOSEN_kestrel_shell_uart", h)

    def test_overlays_apply_in_order(self):
        first = self.ws.write("a.overlay", "&uart1 { current-speed = <1200>; };\n")
        second = self.ws.write("b.overlay", "&uart1 { current-speed = <2400>; };\n")
        self.assertOk(self.ws.dts(self.ws.board(), [first, second]))
        self.assertOk(self.ws.devices())
        self.assertIn(".current_speed = 2400,", self.ws.read("devices.c"))


class NoDevicesTest(WorkspaceTest):
    def test_empty_device_list(self):
        board = self.ws.board("/dts-v1/;\n/ { model = \"empty\"; };\n")
        self.assertOk(self.ws.dts(board))
        self.assertOk(self.ws.devices(""))
        c = self.ws.read("devices.c")
        self.assertIn("const struct device *const device_list[1] = { 0 };", c)
        self.assertIn("const unsigned int device_count = 0;", c)
        self.assertIn("config DT_HAS_NS16550_ENABLED\n\tdef_bool n\n",
                      self.ws.read("Kconfig.dts"))


class NodeErrorTest(WorkspaceTest):
    def test_missing_required_property(self):
        self.dts_error(
            "",
            'error: devicetree node /uart@10000000 (compatible "ns16550"): '
            "required property 'clock-frequency' is missing "
            "(binding dts/bindings/ns16550.yaml)")

    def test_wrong_type_string_for_int(self):
        self.dts_error('clock-frequency = "fast";',
                       "devicetree node /uart@10000000",
                       "property 'clock-frequency' must be one 32-bit cell",
                       "dts/bindings/ns16550.yaml")

    def test_wrong_size_two_cells_for_int(self):
        self.dts_error("clock-frequency = <1 2>;",
                       "property 'clock-frequency' must be one 32-bit cell")

    def test_boolean_with_a_value(self):
        self.dts_error("clock-frequency = <1>; hw-flow-control = <1>;",
                       "property 'hw-flow-control' must be a boolean")

    def test_string_expected(self):
        self.dts_error("clock-frequency = <1>; label-text = <5>;",
                       "property 'label-text' must be one string")

    def test_undeclared_property_with_suggestion(self):
        self.dts_error("clock-frequency = <1>; current_speed = <9600>;",
                       "property 'current_speed' is not in the binding "
                       "(did you mean 'current-speed'?)")

    def test_phandle_to_node_without_driver(self):
        body = ("clock-frequency = <1>; clock = <&other>; };\n"
                "other: other { compatible = \"test,intc\"; reg = <0 1>;")
        self.dts_error(body, "devicetree node /uart@10000000",
                       "property 'clock' refers to /other, which is not a "
                       "device (binding dts/bindings/test-intc.yaml has no "
                       "driver section)")

    def test_phandle_to_disabled_node(self):
        body = ("clock-frequency = <1>; clock = <&clk>; };\n"
                "clk: clk@0 { compatible = \"test,clock\"; reg = <0 1>; "
                "status = \"disabled\";")
        self.dts_error(body, "property 'clock' refers to /clk@0, which is "
                       "disabled")

    def test_phandle_with_wrong_size(self):
        self.dts_error("clock-frequency = <1>; clock = <1 2>;",
                       "property 'clock' must be a reference to a node")

    def test_reg_not_matching_cell_sizes(self):
        board = self.ws.board(
            '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>;\n'
            'uart@1000 { compatible = "ns16550"; clock-frequency = <1>;\n'
            'reg = <0x1000 0x100 0x5>; }; };\n')
        self.assertFails(self.ws.dts(board), "devicetree node /uart@1000",
                         "property 'reg' has 3 cells, which is not a multiple "
                         "of #address-cells (1) + #size-cells (1) set in /")

    def test_enum_value(self):
        board = self.ws.board('/dts-v1/;\n/ { s { compatible = "test,sensor"; '
                              'mode = "medium"; }; };\n')
        self.assertFails(self.ws.dts(board), "devicetree node /s",
                         "property 'mode' is 'medium', not one of 'fast', "
                         "'slow'")

    def test_all_errors_are_reported(self):
        stderr = self.dts_error('current-speed = "x"; bogus;',
                                "'clock-frequency' is missing",
                                "'current-speed' must be",
                                "'bogus' is not in the binding")
        self.assertEqual(len(stderr.strip().splitlines()), 3, stderr)

    def test_disabled_node_is_not_checked(self):
        res = self.ws.dts(self.ws.board(MINIMAL_UART % 'status = "disabled";'))
        self.assertOk(res)

    def test_node_without_binding_is_not_checked(self):
        res = self.ws.dts(self.ws.board(
            '/dts-v1/;\n/ { x { compatible = "no,binding"; anything = <1>; '
            '}; };\n'))
        self.assertOk(res)


class ToolErrorTest(WorkspaceTest):
    def test_dtc_syntax_error_names_file_and_line(self):
        board = self.ws.board("/dts-v1/;\n/ {\n\tfoo = <1>\n};\n")
        stderr = self.assertFails(self.ws.dts(board))
        self.assertRegex(stderr, r"test\.dts:4[.:]")

    def test_missing_include(self):
        board = self.ws.board('/dts-v1/;\n#include <no/such.h>\n/ { };\n')
        self.assertFails(self.ws.dts(board), "no/such.h")

    def test_undefined_label(self):
        board = self.ws.board('/dts-v1/;\n/ { };\n&nolabel { x = <1>; };\n')
        self.assertFails(self.ws.dts(board), "nolabel")

    def test_missing_dts(self):
        self.assertFails(self.ws.dts(os.path.join(self.ws.root, "none.dts")),
                         "none.dts not found")


class BindingErrorTest(WorkspaceTest):
    def check(self, yaml_text, *patterns):
        self.ws.write("dts/bindings/bad.yaml", yaml_text)
        res = self.ws.dts(self.ws.board())
        return self.assertFails(res, "dts/bindings/bad.yaml", *patterns)

    def test_yaml_syntax_error_names_line(self):
        self.check('compatible: "x"\nproperties:\n  a: [1, 2\n',
                   "dts/bindings/bad.yaml:", "invalid YAML")

    def test_unknown_top_level_key(self):
        self.check('compatible: "x,y"\ncompatibles: "z"\n',
                   "compatibles: unknown key")

    def test_unknown_property_type(self):
        self.check('compatible: "x,y"\nproperties:\n  speed:\n'
                   '    type: integer\n',
                   "properties.speed.type: 'integer' is not a property type")

    def test_unknown_property_key(self):
        self.check('compatible: "x,y"\nproperties:\n  speed:\n'
                   '    type: int\n    requird: true\n',
                   "properties.speed.requird: unknown key")

    def test_missing_driver_kconfig(self):
        self.check('compatible: "x,y"\ndriver:\n  prefix: x\n  header: x.h\n',
                   "driver.kconfig: required")

    def test_bad_level(self):
        self.check('compatible: "x,y"\ndriver:\n  kconfig: X\n  prefix: x\n'
                   '  header: x.h\n  level: EARLY\n',
                   "driver.level: 'EARLY' is not an init level")

    def test_array_field_list_must_hold_identifiers(self):
        self.check('compatible: "x,y"\nproperties:\n  interrupts:\n'
                   '    type: array\n    field: [rx, 2tx]\n',
                   "properties.interrupts.field: must be a C identifier or, "
                   "for an array, a non-empty list of them")

    def test_default_of_wrong_type(self):
        self.check('compatible: "x,y"\nproperties:\n  speed:\n'
                   '    type: int\n    default: fast\n',
                   "properties.speed.default: 'fast' is not a valid int value")

    def test_missing_compatible(self):
        self.check("description: nothing\n", "compatible: required")

    def test_duplicate_compatible(self):
        self.check('compatible: "ns16550"\n',
                   'compatible "ns16550" already has a binding')


class ByteArrayTest(WorkspaceTest):
    """uint8-array properties (e.g. local-mac-address = [..];)."""

    BINDING = """\
        compatible: "test,nic"
        driver:
          kconfig: TEST_NIC
          prefix: test_nic
          header: net/test_nic.h
        properties:
          local-mac-address:
            type: uint8-array
            field: mac
        """
    BOARD = """\
/dts-v1/;
/ {
	#address-cells = <1>;
	#size-cells = <1>;
	eth0: ethernet@40200000 {
		compatible = "test,nic";
		reg = <0x40200000 0x100>;
		%s
	};
};
"""

    def generate(self, body):
        self.ws.write("dts/bindings/test-nic.yaml", self.BINDING)
        return self.ws.dts(self.ws.board(self.BOARD % body))

    def test_bytes_become_an_array_initialiser(self):
        self.assertOk(self.generate(
            "local-mac-address = [02 00 5e 10 00 fe];"))
        self.assertOk(self.ws.devices("CONFIG_TEST_NIC=y\n"))
        self.assertIn("\t.mac = {0x02, 0x00, 0x5e, 0x10, 0x00, 0xfe},\n",
                      self.ws.read("devices.c"))
        node = next(n for n in json.loads(self.ws.read("edt.json"))["nodes"]
                    if n["path"] == "/ethernet@40200000")
        self.assertEqual(node["properties"]["local-mac-address"],
                         [2, 0, 0x5e, 0x10, 0, 0xfe])

    def test_absent_optional_bytes_leave_the_field_out(self):
        self.assertOk(self.generate(""))
        self.assertOk(self.ws.devices("CONFIG_TEST_NIC=y\n"))
        self.assertNotIn(".mac =", self.ws.read("devices.c"))

    def test_empty_value_is_an_error(self):
        self.assertFails(self.generate("local-mac-address;"),
                         "property 'local-mac-address' must be bytes")

    def test_default_must_be_bytes(self):
        self.ws.write("dts/bindings/bad.yaml",
                      'compatible: "x,y"\nproperties:\n  m:\n'
                      '    type: uint8-array\n    default: [1, 256]\n')
        self.assertFails(self.ws.dts(self.ws.board()),
                         "properties.m.default: [1, 256] is not a valid "
                         "uint8-array value")


class DevicesErrorTest(WorkspaceTest):
    def test_driver_not_built(self):
        self.assertOk(self.ws.dts(self.ws.board()))
        res = self.ws.devices("CONFIG_TEST_CLOCK=y\nCONFIG_TEST_SENSOR=y\n"
                              "# CONFIG_UART_NS16550 is not set\n")
        stderr = self.assertFails(
            res,
            'error: devicetree node /soc/uart@10000000 (compatible "ns16550") '
            "is enabled but its driver is not built: set CONFIG_UART_NS16550=y"
            ', or disable the node with status = "disabled"',
            "devicetree node /soc/uart@10001000")
        self.assertEqual(len(stderr.strip().splitlines()), 2, stderr)
        self.assertFalse(os.path.exists(os.path.join(self.ws.out,
                                                     "devices.c")))

    def test_array_field_list_takes_one_cell_each(self):
        self.ws.write("dts/bindings/multi.yaml", """\
            compatible: "test,multi-irq"
            driver: {kconfig: TEST_MULTI, prefix: test_multi, header: m.h}
            properties:
              interrupts: {type: array, field: [rx_irq, tx_irq, ovf_irq]}
            """)
        board = self.ws.board(textwrap.dedent("""\
            /dts-v1/;
            / {
            	m2: m2 { compatible = "test,multi-irq"; interrupts = <4>, <5>; };
            };
            """))
        self.assertOk(self.ws.dts(board))
        self.assertOk(self.ws.devices("CONFIG_TEST_MULTI=y\n"))
        c = self.ws.read("devices.c")
        self.assertIn("\t.rx_irq = 4,\n\t.tx_irq = 5,\n};", c)
        self.assertNotIn("ovf_irq", c)

    def test_duplicate_device_names(self):
        board = self.ws.board(textwrap.dedent("""\
            /dts-v1/;
            / {
            	a { s { compatible = "test,sensor"; }; };
            	b { s { compatible = "test,sensor"; }; };
            };
            """))
        self.assertOk(self.ws.dts(board))
        self.assertFails(self.ws.devices(), "/a/s and /b/s would both be the "
                         "device 's'", "different label")

    def test_dependency_cycle(self):
        board = self.ws.board(textwrap.dedent("""\
            /dts-v1/;
            / {
            	#address-cells = <1>;
            	#size-cells = <1>;
            	u1: uart@1000 { compatible = "ns16550"; reg = <0x1000 4>;
            		clock-frequency = <1>; clock = <&u2>; };
            	u2: uart@2000 { compatible = "ns16550"; reg = <0x2000 4>;
            		clock-frequency = <1>; clock = <&u1>; };
            };
            """))
        self.assertOk(self.ws.dts(board))
        self.assertFails(self.ws.devices(), "cycle", "/uart@1000",
                         "/uart@2000")

    def test_dependency_on_a_later_level(self):
        self.ws.write("dts/bindings/late.yaml", """\
            compatible: "test,late"
            driver:
              kconfig: TEST_LATE
              prefix: test_late
              header: misc/test_late.h
              level: APPLICATION
            """)
        board = self.ws.board(MINIMAL_UART % (
            "clock-frequency = <1>; clock = <&late>; };\n"
            'late: late { compatible = "test,late";'))
        self.assertOk(self.ws.dts(board))
        self.assertFails(self.ws.devices(GOOD_CONFIG + "CONFIG_TEST_LATE=y\n"),
                         "devicetree node /uart@10000000",
                         "property 'clock' refers to /late, which is "
                         "initialised later (APPLICATION after PRE_KERNEL_1)")

    def test_missing_edt(self):
        res = self.ws.run("devices", "--edt", os.path.join(self.ws.root, "x"),
                          "--config", os.path.join(self.ws.root, "y"),
                          "--out-dir", self.ws.out, "--source-name", "z")
        self.assertFails(res, "cannot read")


if __name__ == "__main__":
    unittest.main()
