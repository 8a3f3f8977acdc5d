"""Case results, and the parsers that turn a run's output into them.

ktest output (one line each; failure details are indented lines before FAIL):

    RUN  suite.case
      <details>
    PASS suite.case (3 ms)   | FAIL suite.case (3 ms) | SKIP suite.case (0 ms)
    ktest: P passed, F failed, S skipped

Problems of the whole run (crash, timeout, missing or inconsistent summary,
sanitizer report) become ONE failed case: the case that was running when it
happened, else a case named `<run>`.
"""

import re
import signal
from dataclasses import dataclass, field

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"
TAIL_LINES = 30

RUN_CASE = "<run>"
BUILD_CASE = "<build>"

_RUN_RE = re.compile(r"^RUN\s+(\S+)\s*$")
_RESULT_RE = re.compile(r"^(PASS|FAIL|SKIP)\s+(\S+)(?:\s+\((\d+(?:\.\d+)?)\s*ms\))?\s*$")
_SUMMARY_RE = re.compile(r"^ktest:\s+(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$")
_SANITIZER_RE = re.compile(
    r"(==\d+==\s*ERROR: \w*Sanitizer"        # ASan / LSan error header
    r"|: runtime error: "                    # UBSan
    r"|^SUMMARY: \w*Sanitizer"               # any sanitizer's summary
    r"|^WARNING: ThreadSanitizer)", re.M)
_STATUS_WORD = {"PASS": PASSED, "FAIL": FAILED, "SKIP": SKIPPED}


@dataclass
class Case:
    name: str
    status: str
    time: float = 0.0          # seconds
    message: str = ""          # one line
    details: str = ""          # full text for a failure
    whole_run: bool = False    # a problem of the whole run (its details hold the output tail)

    @property
    def failed(self):
        return self.status == FAILED


@dataclass
class Suite:
    """The results of one (board, test application): a JUnit <testsuite>."""
    board: str
    app: str                   # path relative to KESTREL_BASE
    cases: list = field(default_factory=list)
    time: float = 0.0
    log: str = ""              # the log worth reading when it failed
    tail: str = ""

    @property
    def name(self):
        return f"{self.board}:{self.app}"

    def count(self, status):
        return sum(1 for c in self.cases if c.status == status)

    @property
    def failed(self):
        return any(c.failed for c in self.cases)


def tail(text, n=TAIL_LINES):
    lines = text.rstrip("\n").splitlines()
    return "\n".join(lines[-n:])


def sanitizer_report(output, n=TAIL_LINES):
    """The first N lines of the first sanitizer report in OUTPUT, or None."""
    m = _SANITIZER_RE.search(output)
    if not m:
        return None
    start = output.rfind("\n", 0, m.start()) + 1
    return "\n".join(output[start:].splitlines()[:n])


def describe_exit(status):
    if status is None:
        return "did not finish"
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = f"signal {-status}"
        return f"crashed ({name})"
    if status > 128:
        try:
            return f"exited with status {status} ({signal.Signals(status - 128).name}?)"
        except ValueError:
            pass
    return f"exited with status {status}"


def _run_problems(output, status, timed_out, timeout):
    """Problems common to every harness: timeout, signal, sanitizer report."""
    problems = []
    if timed_out:
        problems.append(f"timed out after {timeout:g} s (process group killed)")
    elif status is not None and status < 0:
        problems.append(describe_exit(status))
    report = sanitizer_report(output)
    if report:
        problems.append("sanitizer report: " + report.splitlines()[0].strip())
    return problems, report


def _failure(name, problems, output, report, log):
    message = "; ".join(problems)
    parts = [message]
    if report:
        parts += ["--- sanitizer report ---", report]
    where = f" of {log}" if log else ""
    parts += [f"--- last {TAIL_LINES} lines{where} ---", tail(output)]
    return Case(name, FAILED, message=message, details="\n".join(parts), whole_run=True)


def parse_ktest(output, status, timed_out=False, timeout=0, log=""):
    """Cases of a ktest image's OUTPUT; STATUS is its exit status (negative: signal)."""
    cases = []
    current = None             # (name, detail lines) of the case that is running
    summary = None
    for raw in output.splitlines():
        line = raw.rstrip("\r")
        m = _RUN_RE.match(line)
        if m:
            current = (m.group(1), [])
            continue
        m = _RESULT_RE.match(line)
        if m:
            word, name, ms = m.groups()
            details = current[1] if current and current[0] == name else []
            text = "\n".join(details)
            indented = [d.strip() for d in details if d[:1].isspace() and d.strip()]
            message = indented[0] if indented else next((d.strip() for d in details if d.strip()), "")
            if word == "FAIL" and not message:
                message = "failed"
            cases.append(Case(name, _STATUS_WORD[word], float(ms or 0) / 1000.0,
                              message if word != "PASS" else "", text if word != "PASS" else ""))
            current = None
            continue
        m = _SUMMARY_RE.match(line)
        if m:
            summary = tuple(int(g or 0) for g in m.groups())
            continue
        if current is not None:
            current[1].append(line)

    problems, report = _run_problems(output, status, timed_out, timeout)
    if summary is None:
        if not problems:
            problems.append(f"no 'ktest:' summary line; the image {describe_exit(status)} before the end")
        else:
            problems.append("no 'ktest:' summary line")
    else:
        counts = (sum(c.status == PASSED for c in cases), sum(c.status == FAILED for c in cases),
                  sum(c.status == SKIPPED for c in cases))
        if counts != summary:
            problems.append("summary says %d passed, %d failed, %d skipped but the output has "
                            "%d PASS, %d FAIL, %d SKIP lines" % (summary + counts))
        if not timed_out and status is not None and status >= 0:
            if summary[1] == 0 and status != 0:
                problems.append(f"exited with status {status} although ktest reported no failure")
            elif summary[1] > 0 and status == 0:
                problems.append(f"exited with status 0 although ktest reported {summary[1]} failed")
        if not cases and summary == (0, 0, 0):
            problems.append("no test case ran (is the test source compiled in?)")
    if problems:
        name = current[0] if current else RUN_CASE
        cases.append(_failure(name, problems, output, report, log))
    return cases


def parse_exit(output, status, name, expect=(), timed_out=False, timeout=0, log="", duration=0.0):
    """Harness `exit`: one case NAME, passing on status 0 with every EXPECT regex matched in order
    (against lines without the carriage returns QEMU's serial consoles add, so `$` works)."""
    output = output.replace("\r\n", "\n")
    problems, report = _run_problems(output, status, timed_out, timeout)
    if not timed_out and status is not None and status > 0:
        problems.append(describe_exit(status))
    pos = 0
    for rx in expect:
        m = re.compile(rx, re.M).search(output, pos)
        if not m:
            after = " after the previous match" if pos else ""
            problems.append(f"expected output /{rx}/ not found{after}")
            break
        pos = m.end()
    if problems:
        case = _failure(name, problems, output, report, log)
        case.time = duration
        return [case]
    return [Case(name, PASSED, duration)]


_BUILD_ERROR_RE = re.compile(r"CMake Error|error:|FAILED:|undefined reference|Error \d", re.I)


def build_excerpt(log_text, n=TAIL_LINES):
    """N lines of a build log from its first error on (else its last N lines)."""
    lines = log_text.rstrip("\n").splitlines()
    first = next((i for i, line in enumerate(lines) if _BUILD_ERROR_RE.search(line)), None)
    if first is None:
        return tail(log_text, n)
    start = max(0, min(first - 2, len(lines) - n))
    return "\n".join(lines[start:start + n])


def build_failure(log_text, reason, log=""):
    """The `<build>` case of an application that did not build."""
    where = f" of {log}" if log else ""
    excerpt = build_excerpt(log_text)
    return Case(BUILD_CASE, FAILED, message=reason, whole_run=True,
                details=f"{reason}\n--- build errors{where} ---\n{excerpt}")


# --- unittest -v output (host tests) -------------------------------------

_UT_HEAD = re.compile(r"^(\w+) \(([\w.]+)\)")
_UT_STATUS = re.compile(r"(?:^|\.\.\. )(ok|FAIL|ERROR|skipped(?: .*)?|expected failure|unexpected success)\s*$")
_UT_BLOCK = re.compile(r"^(FAIL|ERROR|UNEXPECTED SUCCESS): (\w+) \(([\w.]+)\)")
_UT_RAN = re.compile(r"^Ran (\d+) tests? in ([\d.]+)s")


def _ut_name(method, inner):
    # Python 3.11: "test_x (mod.Class.test_x)"; older: "test_x (mod.Class)"
    return inner if inner.endswith("." + method) else f"{inner}.{method}"


def _exception_line(body):
    """The `SomeError: message` line of a traceback (unindented, after the frames)."""
    lines = body.splitlines()
    frames = [i for i, l in enumerate(lines) if l.startswith("  File ")]
    start = frames[-1] + 1 if frames else 0
    for line in lines[start:]:
        if line.strip() and not line[0].isspace():
            return line.strip()
    rest = [l.strip() for l in lines if l.strip()]
    return rest[-1] if rest else ""


def parse_unittest(output, status):
    """Cases of `python3 -m unittest -v` OUTPUT (its result lines and failure blocks)."""
    lines = output.splitlines()
    results = {}
    order = []
    pending = None
    for line in lines:
        if line.startswith(("=" * 20, "-" * 20)):
            break
        m = _UT_HEAD.match(line)
        if m:
            pending = _ut_name(m.group(1), m.group(2))
        s = _UT_STATUS.search(line)
        if s and pending and (s.start() > 0 or not m):
            word = s.group(1)
            st = {"ok": PASSED, "expected failure": PASSED}.get(word)
            if st is None:
                st = SKIPPED if word.startswith("skipped") else FAILED
            if pending not in results:
                order.append(pending)
            msg = word[len("skipped "):].strip("'\"") if word.startswith("skipped ") else ""
            results[pending] = Case(pending, st, message=msg)
            pending = None

    # Failure blocks: "FAIL: test_x (mod.Class.test_x)" ... up to the next separator.
    i = 0
    while i < len(lines):
        m = _UT_BLOCK.match(lines[i])
        if not m:
            i += 1
            continue
        name = _ut_name(m.group(2), m.group(3))
        j = i + 1
        while j < len(lines) and not lines[j].startswith(("=" * 20, "Ran ")):
            j += 1
        body = "\n".join(l for l in lines[i + 1:j] if not l.startswith("-" * 20)).strip("\n")
        case = results.get(name)
        if case is None:
            case = results[name] = Case(name, FAILED)
            order.append(name)
        case.status = FAILED
        case.details = (case.details + "\n" + body).strip("\n")
        case.message = _exception_line(body) or m.group(1)
        i = j
    for name in order:
        c = results[name]
        if c.status == FAILED and not c.message:
            c.message = "failed"
    cases = [results[n] for n in order]
    ran = next((int(m.group(1)) for m in map(_UT_RAN.match, lines) if m), None)
    problems = []
    if ran is None:
        problems.append(f"no 'Ran N tests' line; unittest {describe_exit(status)}")
    elif ran != len(cases):
        problems.append(f"unittest ran {ran} tests but {len(cases)} result lines were found")
    if status != 0 and not any(c.failed for c in cases):
        problems.append(f"unittest {describe_exit(status)} with no failed test")
    if problems:
        cases.append(_failure(RUN_CASE, problems, output, None, ""))
    return cases
