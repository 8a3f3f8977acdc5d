# The two commands of a fresh checkout. Both install what is missing first
# (scripts/setup.sh, Debian packages only) and need nothing else.
KT := scripts/kt

.PHONY: all setup demo test clean

all: demo

setup:
	@sh scripts/setup.sh

# The shell sample on native_sim, driven by a short script of commands on
# its stdin (samples/shell/demo.txt); the last one, `kernel reboot`, ends it.
demo: setup
	$(KT) build -b native_sim -d build/demo samples/shell
	$(KT) run -d build/demo < samples/shell/demo.txt

# Every test on every board (+ sanitizers, + host tool tests).
test: setup
	$(KT) test

clean:
	rm -rf build
