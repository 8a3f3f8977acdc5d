"""Host tests of the module manifest and `kt fetch` (scripts/ktlib/modules.py).

No network: the Debian archive is a local fake (a folder of tarballs that a
stand-in for apt-get copies from), and apt's own sources are a fake /etc/apt.
"""

import hashlib
import io
import os
import shutil
import sys
import tarfile
import tempfile
import textwrap
import threading
import time
import unittest

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KESTREL_BASE = os.path.dirname(SCRIPTS)
sys.path.insert(0, SCRIPTS)

from ktlib import modules  # noqa: E402
from ktlib.common import KtError  # noqa: E402

PATCH = """\
--- a/src/hello.c
+++ b/src/hello.c
@@ -1,1 +1,1 @@
-int hello = 1;
+int hello = 2;
"""


def make_tar(path, files):
    """A .tar.xz at PATH holding FILES {name: text}."""
    with tarfile.open(path, "w:xz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class FakeApt:
    """apt's place in fetch(): copies the package's files from ARCHIVE."""

    def __init__(self, archive):
        self.archive = archive
        self.calls = 0

    def download(self, module, dest):
        self.calls += 1
        for name in os.listdir(self.archive):
            shutil.copy(os.path.join(self.archive, name), dest)


class Fixture(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kt-modules-")
        self.addCleanup(shutil.rmtree, self.tmp)
        self.base = os.path.join(self.tmp, "base")
        self.archive = os.path.join(self.tmp, "archive")
        self.cache = os.path.join(self.tmp, "cache")
        os.makedirs(os.path.join(self.base, "modules"))
        os.makedirs(self.archive)
        make_tar(os.path.join(self.archive, "demo_1.0.orig.tar.xz"),
                 {"demo-1.0/src/hello.c": "int hello = 1;\n", "demo-1.0/README": "demo\n"})
        make_tar(os.path.join(self.archive, "demo_1.0-1.debian.tar.xz"),
                 {"debian/patches/fix": PATCH, "debian/patches/series": "fix\n"})

    def manifest(self, orig_sha=None, patches="- from: demo_1.0-1.debian.tar.xz\n"
                 "        path: debian/patches/fix\n", extra=""):
        orig_sha = orig_sha or sha(os.path.join(self.archive, "demo_1.0.orig.tar.xz"))
        deb_sha = sha(os.path.join(self.archive, "demo_1.0-1.debian.tar.xz"))
        text = textwrap.dedent(f"""\
            modules:
              demo:
                description: a demo
                debian: {{package: demo, version: 1.0-1}}
                files:
                  - {{name: demo_1.0.orig.tar.xz, sha256: "{orig_sha}"}}
                  - {{name: demo_1.0-1.debian.tar.xz, sha256: "{deb_sha}"}}
                tree: demo_1.0.orig.tar.xz
            """) + (f"    patches:\n      {patches}" if patches else "") + extra
        with open(os.path.join(self.base, "modules", "manifest.yaml"), "w") as f:
            f.write(text)
        return modules.load_manifest(self.base)["demo"]

    def expect_error(self, pattern, fn, *args, **kwargs):
        with self.assertRaises(KtError) as cm:
            fn(*args, **kwargs)
        self.assertRegex(cm.exception.line(), pattern)
        self.assertNotIn("\n", cm.exception.line())
        return cm.exception


class ManifestTest(Fixture):
    def test_project_manifest_pins_lwip_with_its_cve_patch(self):
        lwip = modules.load_manifest(KESTREL_BASE)["lwip"]
        self.assertEqual(lwip.version, "2.2.1+dfsg1-1+deb13u1")
        self.assertEqual([p[1] for p in lwip.patches], ["debian/patches/CVE_2026_8836"])
        self.assertIn(lwip.tree, lwip.files)

    def test_project_manifest_pins_mbedtls_3_6_lts(self):
        mbedtls = modules.load_manifest(KESTREL_BASE)["mbedtls"]
        self.assertEqual((mbedtls.package, mbedtls.version), ("mbedtls", "3.6.6-0.1~deb13u1"))
        self.assertEqual(mbedtls.tree, "mbedtls_3.6.6.orig.tar.bz2")
        self.assertEqual([p[1] for p in mbedtls.patches],
                         ["debian/patches/100-fix-gcc14-build.patch"])

    def test_tree_folder_has_no_character_cmake_would_quote(self):
        mbedtls = modules.load_manifest(KESTREL_BASE)["mbedtls"]
        self.assertEqual(mbedtls.dir_name, "mbedtls-3.6.6-0.1_deb13u1")
        lwip = modules.load_manifest(KESTREL_BASE)["lwip"]
        self.assertEqual(lwip.dir_name, "lwip-2.2.1+dfsg1-1+deb13u1")

    def test_unknown_key_is_named(self):
        self.expect_error(r"demo: unknown key 'checksum'", self.manifest,
                          extra="    checksum: x\n")

    def test_bad_sha256_is_named(self):
        self.expect_error(r"demo.files\[0\].sha256: must be 64", self.manifest, orig_sha="abc")

    def test_patch_from_unknown_file_is_named(self):
        self.expect_error(r"demo.patches\[0\].from: 'x.tar.xz' is not one of demo.files",
                          self.manifest, patches="- {from: x.tar.xz, path: p}\n")

    def test_cache_dir_rules(self):
        self.assertEqual(modules.cache_dir({"KESTREL_MODULES_CACHE": "/c"}), "/c")
        self.assertEqual(modules.cache_dir({"XDG_CACHE_HOME": "/x"}), "/x/kestrel/modules")
        self.assertTrue(modules.cache_dir({}).endswith("/.cache/kestrel/modules"))


class MirrorTest(Fixture):
    def apt_dir(self, sources=None, legacy=None):
        d = os.path.join(self.tmp, "etc-apt")
        os.makedirs(os.path.join(d, "sources.list.d"), exist_ok=True)
        if sources:
            with open(os.path.join(d, "sources.list.d", "debian.sources"), "w") as f:
                f.write(sources)
        if legacy:
            with open(os.path.join(d, "sources.list"), "w") as f:
                f.write(legacy)
        return d

    def test_deb822_sources_give_main_and_security_mirrors(self):
        d = self.apt_dir(sources=textwrap.dedent("""\
            Types: deb
            # a comment
            URIs: http://mirror.test/debian
            Suites: bookworm bookworm-updates
            Components: main

            Types: deb
            URIs: http://mirror.test/debian-security/
            Suites: bookworm-security
            Components: main
            """))
        mirrors = modules.debian_mirrors(d)
        self.assertEqual(mirrors, {"main": "http://mirror.test/debian",
                                   "security": "http://mirror.test/debian-security"})
        lines = modules.sources_list_text(mirrors).splitlines()
        self.assertEqual(lines[0], "deb-src [signed-by=/usr/share/keyrings/debian-archive-"
                         "keyring.gpg] http://mirror.test/debian trixie main")
        self.assertTrue(lines[1].endswith("http://mirror.test/debian trixie-updates main"))
        self.assertTrue(lines[2].endswith("http://mirror.test/debian-security trixie-security main"))

    def test_legacy_sources_list_works_too(self):
        d = self.apt_dir(legacy="deb [arch=amd64] http://old.test/debian bookworm main\n")
        self.assertEqual(modules.debian_mirrors(d)["security"], "http://old.test/debian-security")

    def test_no_mirror_is_one_line_error(self):
        self.expect_error(r"no Debian mirror found.*; configure apt", modules.debian_mirrors,
                          self.apt_dir())

    def test_apt_runs_on_private_state_only(self):
        d = self.apt_dir(legacy="deb http://m.test/debian bookworm main\n")
        calls = []
        apt = modules.Apt(os.path.join(self.tmp, "state"), apt_dir=d,
                          run=lambda cmd, cwd: calls.append((cmd, cwd)) or (0, ""))
        apt.download(self.manifest(), self.tmp)
        update, source = calls
        self.assertEqual(update[0][-1], "update")
        self.assertIn("Dir::Etc::SourceParts=/dev/null", update[0])
        self.assertIn(f"Dir::State::Lists={self.tmp}/state/lists", update[0])
        self.assertEqual(source[0][-3:], ["source", "--download-only", "demo=1.0-1"])
        self.assertEqual(source[1], self.tmp)
        with open(os.path.join(self.tmp, "state", "sources.list")) as f:
            self.assertIn("http://m.test/debian trixie main", f.read())

    def test_no_network_is_one_line_error_with_the_fix(self):
        d = self.apt_dir(legacy="deb http://m.test/debian bookworm main\n")
        out = "Err:1 http://m.test/debian trixie InRelease\n  Could not resolve 'm.test'\n"
        apt = modules.Apt(os.path.join(self.tmp, "state"), apt_dir=d, run=lambda c, w: (0, out))
        self.expect_error(r"cannot reach the Debian mirrors.*no network\?; connect to the "
                          r"network and run kt fetch again", apt.download, self.manifest(), self.tmp)

    def test_unknown_version_names_apt_s_reason(self):
        d = self.apt_dir(legacy="deb http://m.test/debian bookworm main\n")
        results = iter([(0, ""), (100, "E: Can not find version '1.0-1' of package 'demo'\n")])
        apt = modules.Apt(os.path.join(self.tmp, "state"), apt_dir=d,
                          run=lambda c, w: next(results))
        self.expect_error(r"apt-get source failed for demo=1.0-1: E: Can not find version",
                          apt.download, self.manifest(), self.tmp)


class FetchTest(Fixture):
    def fetch(self, module, apt=None):
        return modules.fetch(module, self.cache, self.base, apt=apt or FakeApt(self.archive))

    def test_fetch_unpacks_without_top_folder_and_applies_the_patch(self):
        tree = self.fetch(self.manifest())
        self.assertEqual(tree, os.path.join(self.cache, "demo-1.0-1"))
        with open(os.path.join(tree, "src", "hello.c")) as f:
            self.assertEqual(f.read(), "int hello = 2;\n")
        self.assertTrue(os.path.isfile(os.path.join(tree, "README")))
        self.assertTrue(modules.is_fetched(self.manifest(), self.cache))

    def test_second_fetch_downloads_nothing(self):
        apt = FakeApt(self.archive)
        self.fetch(self.manifest(), apt)
        self.fetch(self.manifest(), apt)
        self.assertEqual(apt.calls, 1)

    def test_files_in_downloads_are_used_offline(self):
        os.makedirs(os.path.join(self.cache, "downloads"))
        for name in os.listdir(self.archive):
            shutil.copy(os.path.join(self.archive, name), os.path.join(self.cache, "downloads"))
        apt = FakeApt(self.archive)
        self.fetch(self.manifest(), apt)
        self.assertEqual(apt.calls, 0)

    def test_checksum_mismatch_is_refused_and_leaves_no_tree(self):
        module = self.manifest(orig_sha="0" * 64)
        self.expect_error(r"checksum mismatch for demo_1.0.orig.tar.xz: sha256 [0-9a-f]{64}, "
                          r"modules/manifest.yaml says 0{64}; run kt fetch again",
                          self.fetch, module)
        self.assertFalse(os.path.exists(os.path.join(self.cache, "demo-1.0-1")))
        self.assertEqual(os.listdir(os.path.join(self.cache, "downloads")), [])

    def test_manifest_change_unpacks_again(self):
        self.fetch(self.manifest())
        tree = self.fetch(self.manifest(patches=None))
        with open(os.path.join(tree, "src", "hello.c")) as f:
            self.assertEqual(f.read(), "int hello = 1;\n")

    def test_patch_that_does_not_apply_is_named(self):
        make_tar(os.path.join(self.archive, "demo_1.0-1.debian.tar.xz"),
                 {"debian/patches/fix": PATCH.replace("int hello = 1", "int other = 1")})
        self.expect_error(r"patch debian/patches/fix does not apply to demo 1.0-1",
                          self.fetch, self.manifest())
        self.assertFalse(os.path.exists(os.path.join(self.cache, "demo-1.0-1")))

    def test_missing_patch_in_tarball_is_named(self):
        self.expect_error(r"demo_1.0-1.debian.tar.xz has no patch debian/patches/nope",
                          self.fetch, self.manifest(
                              patches="- {from: demo_1.0-1.debian.tar.xz, path: debian/patches/nope}\n"))

    def test_kestrel_own_patch_from_the_module_folder(self):
        os.makedirs(os.path.join(self.base, "modules", "demo", "patches"))
        with open(os.path.join(self.base, "modules", "demo", "patches", "own.patch"), "w") as f:
            f.write(PATCH)
        tree = self.fetch(self.manifest(patches="- {path: own.patch}\n"))
        with open(os.path.join(tree, "src", "hello.c")) as f:
            self.assertEqual(f.read(), "int hello = 2;\n")

    def test_parallel_fetches_download_once_and_agree(self):
        self.manifest()
        apt = FakeApt(self.archive)
        slow = apt.download

        def download(module, dest):
            time.sleep(0.2)     # both callers are inside fetch by now
            slow(module, dest)

        apt.download = download
        trees, errors = [], []

        def run():
            try:
                trees.append(modules.fetch_named(self.base, ["demo"], cache=self.cache,
                                                 apt=apt)["demo"])
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(e)

        threads = [threading.Thread(target=run) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(apt.calls, 1)
        self.assertEqual(len(set(trees)), 1)
        self.assertTrue(os.path.isfile(os.path.join(trees[0], "src", "hello.c")))

    def test_fetch_named_rejects_an_unknown_module(self):
        self.manifest()
        self.expect_error(r"unknown module 'nope' \(modules: demo\)", modules.fetch_named,
                          self.base, ["nope"], cache=self.cache)


if __name__ == "__main__":
    unittest.main()
