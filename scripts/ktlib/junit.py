"""JUnit XML: one <testsuite> per (board, test application), one <testcase> per case."""

import os
import re
import xml.etree.ElementTree as ET

from .results import FAILED, SKIPPED

# Characters XML 1.0 cannot carry (a crashing image may print anything).
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text):
    return _BAD_XML.sub("?", text)


def to_xml(suites):
    """An ElementTree of SUITES (a list of results.Suite)."""
    root = ET.Element("testsuites")
    totals = {"tests": 0, "failures": 0, "skipped": 0, "time": 0.0}
    for s in suites:
        failures, skipped = s.count(FAILED), s.count(SKIPPED)
        el = ET.SubElement(root, "testsuite", name=s.name, tests=str(len(s.cases)),
                           failures=str(failures), errors="0", skipped=str(skipped),
                           time=f"{s.time:.3f}")
        for c in s.cases:
            tc = ET.SubElement(el, "testcase", classname=s.name, name=c.name, time=f"{c.time:.3f}")
            if c.status == FAILED:
                f = ET.SubElement(tc, "failure", message=_clean(c.message or "failed"), type="failure")
                f.text = _clean(c.details or c.message)
            elif c.status == SKIPPED:
                sk = ET.SubElement(tc, "skipped")
                if c.message:
                    sk.set("message", _clean(c.message))
        totals["tests"] += len(s.cases)
        totals["failures"] += failures
        totals["skipped"] += skipped
        totals["time"] += s.time
    for k, v in totals.items():
        root.set(k, f"{v:.3f}" if k == "time" else str(v))
    root.set("errors", "0")
    ET.indent(root)
    return ET.ElementTree(root)


def write(path, suites):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = path + ".tmp"
    to_xml(suites).write(tmp, encoding="utf-8", xml_declaration=True)
    os.replace(tmp, path)
