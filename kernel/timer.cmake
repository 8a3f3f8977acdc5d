# Kernel timers and the uptime helpers (include/kestrel/kernel/timer.h).
kestrel_sources(timer.c)
