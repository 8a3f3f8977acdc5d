# The two commands of a fresh checkout. Both install what is missing first
# (scripts/setup.sh, Debian packages only) and need nothing else.
KT := scripts/kt

.PHONY: all setup demo demo-shell test clean

all: demo

setup:
	@sh scripts/setup.sh

# Silicon to cloud on native_sim (scripts/demo_telemetry.py): a throw-away
# CA, mosquitto on loopback (TLS for the host's clients), a host subscriber,
# samples/net/telemetry publishing through the connection manager, one
# command by mosquitto_pub; ends with "demo: N messages published, N received
# by the broker, N commands handled", leaves no process, non-zero on failure.
demo: setup
	scripts/demo_telemetry.py build/demo-telemetry

# The shell sample on native_sim, driven by a short script of commands on
# its stdin (samples/shell/demo.txt); the last one, `kernel reboot`, ends it.
demo-shell: setup
	$(KT) build -b native_sim -d build/demo samples/shell
	$(KT) run -d build/demo < samples/shell/demo.txt

# Every test on every board (+ sanitizers, + host tool tests).
test: setup
	$(KT) test

clean:
	rm -rf build
