"""Third-party modules: the manifest (modules/manifest.yaml) and `kt fetch`.

A module's files come from a Debian 13 source package, downloaded with
apt-get into a private state folder of the cache (the machine's apt setup
is never changed), checked against the manifest's sha256, then unpacked and
patched into CACHE/NAME-VERSION/. See modules/README.md.
"""

import contextlib
import fcntl
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile

from .common import KtError, load_yaml, rel

MANIFEST = os.path.join("modules", "manifest.yaml")
SUITES = ("trixie", "trixie-updates", "trixie-security")
KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"
STAMP = ".kestrel-fetch.json"

_MODULE_KEYS = {"description", "debian", "files", "tree", "patches"}
_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_NETWORK_ERRORS = re.compile(r"Could not resolve|Temporary failure resolving|"
                             r"Failed to fetch|Could not connect|Network is unreachable|"
                             r"Connection timed out|No route to host")


class Module:
    """One manifest entry, checked."""

    def __init__(self, name, package, version, files, tree, patches):
        self.name = name
        self.package = package
        self.version = version
        self.files = files          # {file name: sha256}
        self.tree = tree
        self.patches = patches      # [(from file or None, path)]

    @property
    def dir_name(self):
        """NAME-VERSION, with characters other than letters, digits and
        . _ + - as _: CMake quotes object paths holding e.g. the ~ of
        Debian versions (3.6.6-0.1~deb13u1) in build.ninja, and Ninja then
        never finds their depfiles, so header and autoconf.h changes would
        not rebuild the module."""
        return re.sub(r"[^A-Za-z0-9._+-]", "_", f"{self.name}-{self.version}")

    def identity(self):
        """What the unpacked tree depends on (the stamp)."""
        return {"package": self.package, "version": self.version,
                "files": self.files, "tree": self.tree,
                "patches": [list(p) for p in self.patches]}


def _bad(path, where, msg):
    raise KtError(f"{rel(path)}: {where}: {msg}", "fix the manifest (format: modules/README.md)")


def _check_keys(path, where, entry, allowed, required):
    if not isinstance(entry, dict):
        _bad(path, where, "must be a mapping")
    for key in entry:
        if key not in allowed:
            _bad(path, where, f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})")
    for key in required:
        if key not in entry:
            _bad(path, where, f"missing key '{key}'")


def _parse_files(path, name, raw):
    if not isinstance(raw, list) or not raw:
        _bad(path, f"{name}.files", "must be a non-empty list")
    files = {}
    for i, f in enumerate(raw):
        where = f"{name}.files[{i}]"
        _check_keys(path, where, f, {"name", "sha256"}, ("name", "sha256"))
        if not _SHA256.match(str(f["sha256"])):
            _bad(path, f"{where}.sha256", "must be 64 lower-case hex digits")
        if "/" in str(f["name"]):
            _bad(path, f"{where}.name", "must be a file name, not a path")
        files[str(f["name"])] = str(f["sha256"])
    return files


def _parse_patches(path, name, raw, files):
    patches = []
    for i, p in enumerate(raw or []):
        where = f"{name}.patches[{i}]"
        _check_keys(path, where, p, {"from", "path"}, ("path",))
        src = p.get("from")
        if src is not None and src not in files:
            _bad(path, f"{where}.from", f"'{src}' is not one of {name}.files")
        patches.append((src, str(p["path"])))
    return patches


def parse_module(path, name, entry):
    if not _NAME.match(name):
        _bad(path, name, "module names are lower case letters, digits, - and _")
    _check_keys(path, name, entry, _MODULE_KEYS, ("debian", "files", "tree"))
    _check_keys(path, f"{name}.debian", entry["debian"], {"package", "version"},
                ("package", "version"))
    files = _parse_files(path, name, entry["files"])
    if entry["tree"] not in files:
        _bad(path, f"{name}.tree", f"'{entry['tree']}' is not one of {name}.files")
    patches = _parse_patches(path, name, entry.get("patches"), files)
    deb = entry["debian"]
    return Module(name, str(deb["package"]), str(deb["version"]), files,
                  str(entry["tree"]), patches)


def load_manifest(base, path=None):
    """{name: Module} of the manifest (default BASE/modules/manifest.yaml)."""
    path = path or os.path.join(base, MANIFEST)
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("modules"), dict):
        _bad(path, "modules", "the file must have a top-level 'modules' mapping")
    return {name: parse_module(path, name, entry) for name, entry in data["modules"].items()}


def cache_dir(env=None):
    """$KESTREL_MODULES_CACHE, else $XDG_CACHE_HOME/kestrel/modules, else
    ~/.cache/kestrel/modules."""
    env = os.environ if env is None else env
    if env.get("KESTREL_MODULES_CACHE"):
        return os.path.abspath(env["KESTREL_MODULES_CACHE"])
    xdg = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(os.path.abspath(xdg), "kestrel", "modules")


# ---- the private apt configuration -------------------------------------------

def _deb822_stanzas(text):
    stanza = {}
    for line in text.splitlines() + [""]:
        if line.startswith("#"):
            continue
        if not line.strip():
            if stanza:
                yield stanza
            stanza = {}
        elif line[0] in " \t" and stanza:
            continue                # continuation lines: not needed here
        elif ":" in line:
            key, _, value = line.partition(":")
            stanza[key.strip().lower()] = value.strip()


def _mirror_suites(apt_dir):
    """[(URI, suite)] of the machine's Debian apt sources."""
    found = []
    for path in sorted(glob.glob(os.path.join(apt_dir, "sources.list.d", "*.sources"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            for st in _deb822_stanzas(f.read()):
                if st.get("enabled", "yes").lower() == "no":
                    continue
                for uri in st.get("uris", "").split():
                    found += [(uri, s) for s in st.get("suites", "").split()]
    legacy = [os.path.join(apt_dir, "sources.list")]
    legacy += sorted(glob.glob(os.path.join(apt_dir, "sources.list.d", "*.list")))
    for path in legacy:
        if not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                words = re.sub(r"\[[^]]*\]", " ", line.split("#")[0]).split()
                if len(words) >= 3 and words[0] in ("deb", "deb-src"):
                    found.append((words[1], words[2]))
    return found


def debian_mirrors(apt_dir="/etc/apt"):
    """{'main': URI, 'security': URI} from the machine's Debian sources: a
    suite ending in -security names the security mirror, any other the
    main one."""
    mirrors = {}
    for uri, suite in _mirror_suites(apt_dir):
        kind = "security" if suite.endswith("-security") else "main"
        mirrors.setdefault(kind, uri.rstrip("/"))
    if "main" not in mirrors:
        raise KtError(f"no Debian mirror found in {apt_dir}/sources.list.d/*.sources or "
                      f"{apt_dir}/sources.list",
                      "configure apt with a Debian mirror (the fetch reads its URI from there)")
    if "security" not in mirrors:
        mirrors["security"] = mirrors["main"] + "-security"
    return mirrors


def sources_list_text(mirrors):
    lines = []
    for suite in SUITES:
        uri = mirrors["security"] if suite.endswith("-security") else mirrors["main"]
        lines.append(f"deb-src [signed-by={KEYRING}] {uri} {suite} main")
    return "\n".join(lines) + "\n"


class Apt:
    """apt-get on a private sources list and state folder under STATE."""

    def __init__(self, state, apt_get="apt-get", apt_dir="/etc/apt", run=None):
        self.state = state
        self.apt_get = apt_get
        self.apt_dir = apt_dir
        self.run = run or _run_captured
        self.updated = False

    def options(self):
        user = "root" if os.geteuid() == 0 else None
        opts = ["-o", f"Dir::Etc::SourceList={os.path.join(self.state, 'sources.list')}",
                "-o", "Dir::Etc::SourceParts=/dev/null",
                "-o", f"Dir::State::Lists={os.path.join(self.state, 'lists')}",
                "-o", f"Dir::Cache={os.path.join(self.state, 'cache')}"]
        if user:
            # The cache may sit in a home folder that apt's _apt user
            # cannot enter: download as root rather than warn.
            opts += ["-o", f"APT::Sandbox::User={user}"]
        return opts

    def _check(self, what, status, output, module):
        if status == 0 and not _NETWORK_ERRORS.search(output):
            return
        last = [ln for ln in output.splitlines() if ln.strip()]
        if _NETWORK_ERRORS.search(output):
            raise KtError(f"cannot reach the Debian mirrors to fetch {module.name} "
                          f"({module.package} {module.version}): no network?",
                          f"connect to the network and run kt fetch again, or copy the files "
                          f"listed in {MANIFEST} into "
                          f"{rel(os.path.join(os.path.dirname(self.state), 'downloads'))}")
        detail = last[-1] if last else f"exit status {status}"
        raise KtError(f"apt-get {what} failed for {module.package}={module.version}: {detail}",
                      "check the version in modules/manifest.yaml (apt-cache showsrc "
                      "cannot see it: the private lists are in "
                      f"{rel(self.state)}) and run kt fetch again")

    def update(self, module):
        if self.updated:
            return
        for sub in ("lists/partial", "cache/archives/partial"):
            os.makedirs(os.path.join(self.state, sub), exist_ok=True)
        text = sources_list_text(debian_mirrors(self.apt_dir))
        with open(os.path.join(self.state, "sources.list"), "w", encoding="utf-8") as f:
            f.write(text)
        status, out = self.run([self.apt_get, *self.options(), "-q", "update"], None)
        self._check("update", status, out, module)
        self.updated = True

    def download(self, module, dest):
        """Download the source package's files into DEST."""
        self.update(module)
        status, out = self.run([self.apt_get, *self.options(), "-q", "source",
                                "--download-only", f"{module.package}={module.version}"], dest)
        self._check("source", status, out, module)


def _run_captured(cmd, cwd):
    try:
        proc = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, errors="replace")
    except FileNotFoundError:
        raise KtError(f"{cmd[0]} not found", "kt fetch needs apt-get (a Debian machine)") from None
    return proc.returncode, proc.stdout


# ---- fetch ---------------------------------------------------------------------

def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _missing_files(module, downloads):
    return [n for n, digest in module.files.items()
            if not os.path.isfile(os.path.join(downloads, n))
            or sha256_of(os.path.join(downloads, n)) != digest]


def _download(module, downloads, apt):
    """Bring the module's files into DOWNLOADS, each checked."""
    with tempfile.TemporaryDirectory(dir=downloads, prefix=".apt-") as tmp:
        apt.download(module, tmp)
        for name, digest in module.files.items():
            got = os.path.join(tmp, name)
            if not os.path.isfile(got):
                raise KtError(f"apt-get source {module.package}={module.version} brought no "
                              f"{name}", f"fix {module.name}.files in {MANIFEST}")
            actual = sha256_of(got)
            if actual != digest:
                raise KtError(f"checksum mismatch for {name}: sha256 {actual}, {MANIFEST} "
                              f"says {digest}", "run kt fetch again; if it persists the mirror "
                              "serves another file than the manifest pins: check the manifest")
            os.replace(got, os.path.join(downloads, name))


def _safe_members(tar, dest):
    """Members without their top folder; refuses paths leaving DEST."""
    for m in tar.getmembers():
        parts = m.name.split("/", 1)
        if len(parts) < 2 or not parts[1]:
            continue
        m.name = parts[1]
        target = os.path.realpath(os.path.join(dest, m.name))
        if not target.startswith(os.path.realpath(dest) + os.sep) or m.islnk() or m.isdev():
            raise KtError(f"unsafe path in the tarball: {m.name}", "check the module's source")
        yield m


def _unpack(module, downloads, dest):
    with tarfile.open(os.path.join(downloads, module.tree)) as tar:
        members = list(_safe_members(tar, dest))
        if hasattr(tarfile, "data_filter"):
            tar.extractall(dest, members=members, filter="tar")
        else:
            tar.extractall(dest, members=members)


def _patch_text(module, downloads, base, src, path):
    if src is None:
        local = os.path.join(base, "modules", module.name, "patches", path)
        try:
            with open(local, encoding="utf-8") as f:
                return f.read()
        except OSError:
            raise KtError(f"patch {rel(local)} of {module.name} not found",
                          f"fix {module.name}.patches in {MANIFEST}") from None
    with tarfile.open(os.path.join(downloads, src)) as tar:
        try:
            member = tar.extractfile(path)
        except KeyError:
            member = None
        if member is None:
            raise KtError(f"{src} has no patch {path}", f"fix {module.name}.patches in {MANIFEST}")
        return member.read().decode("utf-8")


def _apply_patches(module, downloads, base, dest):
    for src, path in module.patches:
        text = _patch_text(module, downloads, base, src, path)
        proc = subprocess.run(["patch", "-p1", "--forward", "--batch", "--quiet"], cwd=dest,
                              input=text, text=True, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
        if proc.returncode != 0:
            first = (proc.stdout.strip().splitlines() or ["?"])[0]
            raise KtError(f"patch {path} does not apply to {module.name} {module.version}: {first}",
                          f"fix or drop it in {module.name}.patches of {MANIFEST}")


def _stamp_ok(tree, module):
    try:
        with open(os.path.join(tree, STAMP), encoding="utf-8") as f:
            return json.load(f) == module.identity()
    except (OSError, ValueError):
        return False


def is_fetched(module, cache):
    return _stamp_ok(os.path.join(cache, module.dir_name), module)


def fetch(module, cache, base, apt=None, say=None):
    """Make CACHE/NAME-VERSION the module's patched tree; returns its path.
    Downloads only what is missing or fails its checksum."""
    tree = os.path.join(cache, module.dir_name)
    if _stamp_ok(tree, module):
        return tree
    say = say or (lambda msg: None)
    downloads = os.path.join(cache, "downloads")
    os.makedirs(downloads, exist_ok=True)
    if _missing_files(module, downloads):
        say(f"fetching {module.name}: apt-get source {module.package}={module.version}")
        _download(module, downloads, apt or Apt(os.path.join(cache, "apt")))
    say(f"unpacking {module.tree} into {rel(tree)}")
    work = tempfile.mkdtemp(dir=cache, prefix=f".{module.name}-")
    try:
        _unpack(module, downloads, work)
        _apply_patches(module, downloads, base, work)
        with open(os.path.join(work, STAMP), "w", encoding="utf-8") as f:
            json.dump(module.identity(), f, indent=1)
        if os.path.isdir(tree):
            shutil.rmtree(tree)
        os.replace(work, tree)
    finally:
        if os.path.isdir(work):
            shutil.rmtree(work)
    return tree


@contextlib.contextmanager
def cache_lock(cache):
    """One fetch at a time per cache: parallel builds (kt test -j) of a
    fresh clone all ask for the same module at once."""
    with open(os.path.join(cache, ".lock"), "a", encoding="utf-8") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def fetch_named(base, names, cache=None, say=None, apt=None):
    """Fetch the NAMES (all when empty); returns {name: tree}."""
    manifest = load_manifest(base)
    unknown = [n for n in names if n not in manifest]
    if unknown:
        raise KtError(f"unknown module '{unknown[0]}' (modules: {', '.join(sorted(manifest))})",
                      f"pick a module listed in {MANIFEST}")
    cache = cache or cache_dir()
    try:
        os.makedirs(cache, exist_ok=True)
    except OSError as e:
        raise KtError(f"cannot create the module cache {cache}: {e.strerror}",
                      "set KESTREL_MODULES_CACHE to a writable folder") from None
    apt = apt or Apt(os.path.join(cache, "apt"))
    with cache_lock(cache):
        return {n: fetch(manifest[n], cache, base, apt=apt, say=say)
                for n in (names or sorted(manifest))}
