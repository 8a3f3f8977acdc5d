#!/usr/bin/python3
"""The silicon-to-cloud demo (`make demo`): samples/net/telemetry on native_sim
talking to a real mosquitto on the host's loopback, over TLS.

  1. a throw-away CA and a server certificate for localhost / 127.0.0.1 /
     10.0.2.2, made with openssl in the build folder (BUILD/pki);
  2. mosquitto on 127.0.0.1 with a TLS listener (that certificate) on a free
     port, and an SNTP responder (this script, the host's own time) so the
     device can check the certificate's dates;
  3. a host subscriber (mosquitto_sub over TLS, verifying the CA) on
     kestrel/<id>/#;
  4. the sample, built for native_sim with the CA compiled in, over TLS to
     the broker (tls.conf), to publish COUNT messages; once it has published
     two, one command (`status`) with mosquitto_pub over TLS, and the
     device's answer shown;
  5. everything it started stopped (also on failure, Ctrl-C or SIGTERM),
     then one line
     `demo: N messages published, N received by the broker, N commands handled`.

A tree without MQTT over TLS (no CONFIG_NET_MQTT_TLS) runs the device over
plain MQTT to a second, plain listener, and says so. Exits 0 only when every
message the device published reached the host subscriber through the broker
and the command was answered.
Usage: scripts/demo_telemetry.py [BUILD_DIR] (default build/demo-telemetry).
"""

import os
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

BASE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KT = os.path.join(BASE, "scripts", "kt")
DEVICE = "kestrel-demo"
COUNT = 5
RUN_TIMEOUT_S = 90
TOOLS = ("mosquitto", "mosquitto_sub", "mosquitto_pub", "openssl")


NTP_UNIX_OFFSET = 2208988800


class DemoError(Exception):
    pass


def mqtt_tls_in_tree():
    path = os.path.join(BASE, "subsys", "net")
    return any("config NET_MQTT_TLS\n" in open(os.path.join(path, f)).read()
               for f in os.listdir(path) if f.startswith("Kconfig"))


def serve_sntp(sock):
    """Answer every SNTP client request on SOCK with the host's time (a thread)."""
    while True:
        try:
            req, peer = sock.recvfrom(512)
        except OSError:
            return
        if len(req) < 48 or (req[0] & 7) != 3:
            continue
        now = time.time() + NTP_UNIX_OFFSET
        ts = struct.pack("!II", int(now), int((now % 1) * 2 ** 32))
        sock.sendto(bytes([0x24, 1, 0, 0xE9]) + bytes(8) + b"LOCL" + ts + req[40:48] + ts + ts,
                    peer)


def start_sntp():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    threading.Thread(target=serve_sntp, args=(sock,), daemon=True).start()
    return sock


def say(text):
    print(f"demo: {text}", flush=True)


def run(cmd, **kw):
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    if res.returncode != 0:
        raise DemoError(f"{cmd[0]} failed ({res.returncode}): {res.stdout.strip()[-400:]}")
    return res.stdout


def make_pki(pki):
    """A CA and a server certificate signed by it, in PKI (created afresh)."""
    os.makedirs(pki, exist_ok=True)
    p = {n: os.path.join(pki, n) for n in ("ca.key", "ca.crt", "server.key", "server.csr",
                                          "server.crt", "san.cnf")}
    with open(p["san.cnf"], "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1,IP:10.0.2.2\n"
                "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                "extendedKeyUsage=serverAuth\n")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    run(["openssl", "req", "-x509", *ec, "-keyout", p["ca.key"], "-out", p["ca.crt"],
         "-days", "2", "-subj", "/CN=Kestrel demo CA (throw-away)"])
    run(["openssl", "req", *ec, "-keyout", p["server.key"], "-out", p["server.csr"],
         "-subj", "/CN=localhost"])
    run(["openssl", "x509", "-req", "-in", p["server.csr"], "-CA", p["ca.crt"],
         "-CAkey", p["ca.key"], "-CAcreateserial", "-days", "2", "-out", p["server.crt"],
         "-extfile", p["san.cnf"]])
    os.chmod(p["server.key"], 0o644)  # mosquitto may drop to another user
    return p


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise DemoError(f"mosquitto ended at once ({proc.returncode}); see its log")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise DemoError(f"mosquitto does not listen on 127.0.0.1:{port}")


class Processes:
    """What the demo started: each in its own process group, all stopped at the end."""

    def __init__(self):
        self.procs = []

    def start(self, cmd, **kw):
        proc = subprocess.Popen(cmd, start_new_session=True, **kw)
        self.procs.append(proc)
        return proc

    def stop_all(self):
        for proc in reversed(self.procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in reversed(self.procs):
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def start_broker(procs, build, pki, tls, plain=None):
    conf = os.path.join(build, "mosquitto.conf")
    with open(conf, "w") as f:
        f.write(f"per_listener_settings false\nallow_anonymous true\npersistence false\n"
                f"log_dest file {os.path.join(build, 'mosquitto.log')}\nlog_type all\n"
                + (f"listener {plain} 127.0.0.1\n" if plain else "") +
                f"listener {tls} 127.0.0.1\ncafile {pki['ca.crt']}\n"
                f"certfile {pki['server.crt']}\nkeyfile {pki['server.key']}\n")
    broker = procs.start(["mosquitto", "-c", conf], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    for port in (tls, plain):
        if port:
            wait_port(port, broker)
    return broker


def tls_args(pki, port):
    return ["-h", "localhost", "-p", str(port), "--cafile", pki["ca.crt"]]


def run_device(procs, build, pki, tls):
    """Run the sample; send the command after its second message. Its output."""
    dev = procs.start([KT, "run", "-d", os.path.join(build, "app")], stdout=subprocess.PIPE,
                      stderr=subprocess.STDOUT, text=True)
    out, sent, deadline = [], False, time.monotonic() + RUN_TIMEOUT_S
    for line in dev.stdout:
        print("  " + line.rstrip(), flush=True)
        out.append(line)
        if not sent and line.startswith("telemetry: published 2:"):
            say(f"sending the command 'status' to kestrel/{DEVICE}/cmd (mosquitto_pub, TLS)")
            run(["mosquitto_pub", *tls_args(pki, tls), "-q", "1", "-t",
                 f"kestrel/{DEVICE}/cmd", "-m", "status"], timeout=20)
            sent = True
        if time.monotonic() > deadline:
            raise DemoError(f"the device ran over {RUN_TIMEOUT_S} s")
    if dev.wait() != 0:
        raise DemoError(f"the device exited with {dev.returncode}")
    return "".join(out)


def demo(build, procs):
    missing = [t for t in TOOLS if subprocess.run(["sh", "-c", f"command -v {t}"],
                                                  stdout=subprocess.DEVNULL).returncode]
    if missing:
        raise DemoError(f"missing {', '.join(missing)}: run scripts/setup.sh")
    os.makedirs(build, exist_ok=True)
    say(f"throw-away CA and server certificate in {os.path.join(build, 'pki')}")
    pki = make_pki(os.path.join(build, "pki"))
    tls = free_port()
    with_tls = mqtt_tls_in_tree()
    plain = None if with_tls else free_port()
    sntp = start_sntp()
    sntp_conf = os.path.join(build, "sntp.conf")
    with open(sntp_conf, "w") as f:
        f.write(f"CONFIG_NET_SNTP_SERVER_PORT={sntp.getsockname()[1]}\n")
    args = [f"-DTELEMETRY_COUNT={COUNT}", "-DTELEMETRY_INTERVAL_MS=1000",
            f"-DTELEMETRY_DEVICE_ID={DEVICE}"]
    if with_tls:
        args += [f"-DTELEMETRY_PORT={tls}", f"-DTELEMETRY_CA_PEM={pki['ca.crt']}",
                 f"-DEXTRA_CONF=tls.conf;{sntp_conf}"]
        say(f"building samples/net/telemetry for native_sim: MQTT over TLS to 10.0.2.2:{tls}, "
            f"the CA compiled in, SNTP from 10.0.2.2:{sntp.getsockname()[1]}")
    else:
        args += [f"-DTELEMETRY_PORT={plain}", "-DTELEMETRY_CA_PEM=", "-DEXTRA_CONF="]
        say("this tree has no MQTT over TLS (CONFIG_NET_MQTT_TLS): the device uses plain "
            f"MQTT to 10.0.2.2:{plain}; the host's clients use TLS")
    run([KT, "build", "-b", "native_sim", "-d", os.path.join(build, "app"),
         "samples/net/telemetry", "--", *args], cwd=BASE)
    say(f"mosquitto on 127.0.0.1: TLS :{tls}" + (f", plain :{plain}" if plain else "") +
        f" (log {build}/mosquitto.log)")
    start_broker(procs, build, pki, tls, plain)
    sub_log = os.path.join(build, "subscriber.log")
    with open(sub_log, "w") as f:
        sub = procs.start(["mosquitto_sub", *tls_args(pki, tls), "-q", "1", "-v",
                           "-t", f"kestrel/{DEVICE}/#"], stdout=f, stderr=subprocess.STDOUT)
    time.sleep(0.5)
    if sub.poll() is not None:
        raise DemoError(f"the subscriber ended ({sub.returncode}): {open(sub_log).read()}")
    say(f"host subscriber on kestrel/{DEVICE}/# over TLS; starting the device")
    out = run_device(procs, build, pki, tls)
    time.sleep(1)  # the last messages through the broker
    return out, open(sub_log).read()


def summary(out, received):
    done = re.search(r"^telemetry: done: (\d+) published, (\d+) acked, (\d+) commands", out, re.M)
    published, commands = (int(done.group(1)), int(done.group(3))) if done else (0, 0)
    telemetry = len(re.findall(rf"^kestrel/{DEVICE}/telemetry ", received, re.M))
    answers = re.findall(rf"^kestrel/{DEVICE}/status (.*)$", received, re.M)
    for a in answers:
        say(f"the device answered: {a}")
    ok = done and published == COUNT and telemetry == published and commands == 1 and answers
    return ok, f"demo: {published} messages published, {telemetry} received by the broker, " \
               f"{commands} commands handled"


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                            os.path.join(BASE, "build", "demo-telemetry"))
    procs = Processes()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    out, received, ok = "", "", False
    try:
        out, received = demo(build, procs)
        ok = True
    except (DemoError, subprocess.TimeoutExpired) as e:
        say(f"failed: {e}")
    except KeyboardInterrupt:
        say("interrupted")
    finally:
        procs.stop_all()
    good, line = summary(out, received)
    print(line)
    return 0 if ok and good else 1


if __name__ == "__main__":
    sys.exit(main())
