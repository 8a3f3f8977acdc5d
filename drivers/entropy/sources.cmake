# Entropy drivers (included by drivers/CMakeLists.txt).
kestrel_sources_ifdef(CONFIG_ENTROPY_NATIVE entropy/entropy_native.c)
kestrel_sources_ifdef(CONFIG_ENTROPY_VIRTIO_RNG entropy/entropy_virtio_rng.c)
kestrel_sources_ifdef(CONFIG_ENTROPY_TEST entropy/entropy_test.c)
if(CONFIG_ENTROPY_TEST)
  message(WARNING "Kestrel: board ${BOARD} uses the TEST-ONLY entropy source "
    "(kestrel,test-entropy, CONFIG_TEST_RANDOM_GENERATOR=y): its bytes are "
    "predictable and repeat on every boot. Do not use this image in a product.")
endif()
kestrel_sources_ifdef(CONFIG_ENTROPY_SHELL entropy/entropy_shell.c)
