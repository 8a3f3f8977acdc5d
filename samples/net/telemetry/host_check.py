"""Host side of samples/net/telemetry's test (kt test runs it once the device
printed "online as ID"): through the `mqtt` fixture's mosquitto on
127.0.0.1:17883 (other runs may share it), takes the device id from the
device's output (KT_RUN_LOG), checks the JSON of a telemetry message, sends
`status` and `interval 500` to kestrel/<id>/cmd and checks both answers on
kestrel/<id>/status, then that telemetry now comes every 500 ms of the
device's uptime, then `reboot` (answered before the device resets). mosquitto-clients (Debian) does the MQTT. Exits non-zero on
any failure."""

import json
import os
import re
import subprocess
import sys
import time

BROKER = ["-h", "127.0.0.1", "-p", "17883"]
WAIT_S = 20


def sub(topic, count):
    """A mosquitto_sub that prints COUNT messages of TOPIC (with topics) and ends."""
    return subprocess.Popen(["mosquitto_sub", *BROKER, "-t", topic, "-v", "-q", "1",
                             "-C", str(count), "-W", str(WAIT_S)],
                            stdout=subprocess.PIPE, text=True)


def messages(proc):
    out, _ = proc.communicate(timeout=WAIT_S + 5)
    if proc.returncode != 0:
        sys.exit(f"host_check: mosquitto_sub ended with {proc.returncode}: {out!r}")
    return [line.split(" ", 1) for line in out.splitlines() if " " in line]


def main():
    with open(os.environ["KT_RUN_LOG"], encoding="utf-8", errors="replace") as f:
        device = re.search(r"^telemetry: online as (\S+) after", f.read(), re.M).group(1)
    [(_, payload)] = messages(sub(f"kestrel/{device}/telemetry", 1))
    t = json.loads(payload)
    for key in ("seq", "uptime_ms", "temperature", "free_heap", "reconnects"):
        if key not in t:
            sys.exit(f"host_check: telemetry without {key}: {payload}")
    print(f"host_check: device {device}: {payload}")
    answers = sub(f"kestrel/{device}/status", 2)
    time.sleep(1)  # the subscription is in place
    for cmd in ("status", "interval 500"):
        subprocess.run(["mosquitto_pub", *BROKER, "-q", "1", "-t", f"kestrel/{device}/cmd",
                        "-m", cmd], check=True, timeout=WAIT_S)
    got = [json.loads(p) for _, p in messages(answers)]
    print(f"host_check: answers {got}")
    if [a["cmd"] for a in got] != ["status", "interval"] or \
            any(a["result"] != "ok" for a in got) or got[1]["interval_ms"] != 500:
        sys.exit("host_check: wrong answers")
    ups = [json.loads(p)["uptime_ms"] for _, p in messages(sub(f"kestrel/{device}/telemetry", 4))]
    gaps = [b - a for a, b in zip(ups, ups[1:])]
    print(f"host_check: telemetry every {gaps} ms of uptime")
    if not gaps or any(g < 500 or g >= 1000 for g in gaps):  # it was 2000
        sys.exit("host_check: the interval did not change to 500 ms")
    # Last: reboot answers, then the device resets (the image ends).
    answer = sub(f"kestrel/{device}/status", 1)
    time.sleep(1)
    subprocess.run(["mosquitto_pub", *BROKER, "-q", "1", "-t", f"kestrel/{device}/cmd",
                    "-m", "reboot"], check=True, timeout=WAIT_S)
    [(_, payload)] = messages(answer)
    print(f"host_check: reboot answer {payload}")
    a = json.loads(payload)
    if a["cmd"] != "reboot" or a["result"] != "ok":
        sys.exit("host_check: wrong answer to reboot")


if __name__ == "__main__":
    main()
