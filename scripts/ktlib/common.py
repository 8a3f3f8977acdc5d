"""Errors, KESTREL_BASE and command execution shared by every kt command."""

import os
import shlex
import shutil
import subprocess
import sys


class KtError(Exception):
    """A failure reported to the user as one line: `kt: error: REASON; FIX`."""

    def __init__(self, reason, fix):
        super().__init__(reason)
        self.reason = reason
        self.fix = fix

    def line(self):
        return f"kt: error: {self.reason}; {self.fix}"


def kestrel_base():
    """The repository root: the parent of the scripts/ folder holding kt."""
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def rel(path, start=None):
    """PATH relative to START (default cwd) when that is shorter, else absolute."""
    path = os.path.abspath(path)
    try:
        relpath = os.path.relpath(path, start or os.getcwd())
    except ValueError:
        return path
    return relpath if len(relpath) < len(path) else path


def info(msg):
    print(f"kt: {msg}", flush=True)


class Shell:
    """Runs commands; with verbose=True echoes each one first (kt -v)."""

    def __init__(self, base, verbose=False):
        self.base = base
        self.verbose = verbose

    def env(self, extra=None):
        env = dict(os.environ)
        env["KESTREL_BASE"] = self.base
        if extra:
            env.update(extra)
        return env

    def echo(self, cmd, cwd=None):
        if self.verbose:
            where = f" (in {rel(cwd)})" if cwd else ""
            print(f"kt: running: {shlex.join(cmd)}{where}", file=sys.stderr, flush=True)

    def call(self, cmd, cwd=None, env=None, **kwargs):
        """Runs CMD with output passed through; returns its exit status."""
        self.echo(cmd, cwd)
        return subprocess.call(cmd, cwd=cwd, env=self.env(env), **kwargs)

    def capture(self, cmd, cwd=None, env=None, **kwargs):
        """Runs CMD, returns (exit status, stdout and stderr combined)."""
        self.echo(cmd, cwd)
        proc = subprocess.run(cmd, cwd=cwd, env=self.env(env), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, errors="replace", **kwargs)
        return proc.returncode, proc.stdout


def require_tool(name, base):
    """Absolute path of host tool NAME, or a KtError pointing at setup.sh."""
    path = shutil.which(name)
    if path is None:
        raise KtError(f"{name} not found on PATH",
                      f"run {rel(os.path.join(base, 'scripts', 'setup.sh'))} to install the host tools")
    return path


def load_yaml(path):
    """Parses a YAML file; errors name the file and line."""
    try:
        import yaml
    except ImportError:
        raise KtError("the Python yaml module is missing (python3-yaml)",
                      "run scripts/setup.sh and start kt with /usr/bin/python3") from None
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except OSError as e:
        raise KtError(f"cannot read {rel(path)}: {e.strerror}", "check that the file exists") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{rel(path)}:{mark.line + 1}" if mark else rel(path)
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise KtError(f"{where}: invalid YAML: {problem}", "fix the YAML syntax") from None


def cpu_count():
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
