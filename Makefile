# The two commands of a fresh checkout. Both install what is missing first
# (scripts/setup.sh, Debian packages only) and need nothing else.
KT := scripts/kt

.PHONY: all setup demo test clean

all: demo

setup:
	@sh scripts/setup.sh

# Build and run the main sample on native_sim.
demo: setup
	$(KT) build -b native_sim -d build/demo samples/synchronization
	$(KT) run -d build/demo

# Every test on every board (+ sanitizers, + host tool tests).
test: setup
	$(KT) test

clean:
	rm -rf build
