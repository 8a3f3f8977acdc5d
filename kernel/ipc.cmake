# Kernel IPC objects: message queues, FIFOs/LIFOs, pipes, event groups.
# Always compiled; the linker drops what an image does not use.
kestrel_sources(msgq.c queue.c pipe.c event.c)
