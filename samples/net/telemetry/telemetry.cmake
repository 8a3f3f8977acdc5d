# The telemetry sample's sources and settings, after project(): included by
# its CMakeLists.txt and by tests/net/telemetry_tls (the sample over TLS).
set(telemetry_src "${CMAKE_CURRENT_LIST_DIR}/src")
target_sources(app PRIVATE ${telemetry_src}/main.c ${telemetry_src}/telemetry_mqtt.c)
# MQTT over TLS: -DEXTRA_CONF=tls.conf -DTELEMETRY_CA_PEM=FILE (the broker's CA,
# PEM, compiled in) [-DTELEMETRY_TLS_HOST=name on the broker's certificate].
set(TELEMETRY_CA_PEM "" CACHE FILEPATH "CA (PEM) of the broker for MQTT over TLS; empty: plain MQTT")
set(TELEMETRY_TLS_HOST "localhost" CACHE STRING "the name the broker's certificate carries")
if(TELEMETRY_CA_PEM)
  if(NOT CONFIG_NET_MQTT_TLS)
    message(FATAL_ERROR "telemetry: TELEMETRY_CA_PEM needs CONFIG_NET_MQTT_TLS: add -DEXTRA_CONF=tls.conf")
  endif()
  file(STRINGS "${TELEMETRY_CA_PEM}" ca_lines)
  set(ca_c "/* Generated from ${TELEMETRY_CA_PEM} by CMakeLists.txt. */\nconst char telemetry_ca_pem[] =\n")
  foreach(l ${ca_lines})
    string(APPEND ca_c "\t\"${l}\\n\"\n")
  endforeach()
  string(APPEND ca_c "\t;\n")
  file(WRITE "${CMAKE_BINARY_DIR}/telemetry_ca.c" "${ca_c}")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${TELEMETRY_CA_PEM}")
  target_sources(app PRIVATE ${telemetry_src}/telemetry_tls.c "${CMAKE_BINARY_DIR}/telemetry_ca.c")
  target_compile_definitions(app PRIVATE TELEMETRY_TLS_HOST="${TELEMETRY_TLS_HOST}")
else()
  target_sources(app PRIVATE ${telemetry_src}/telemetry_plain.c)
endif()
# kt build samples/net/telemetry -- -DTELEMETRY_BROKER=... -DTELEMETRY_PORT=...
# (defaults: the host's mqtt fixture through slirp, 10.0.2.2:17883).
set(TELEMETRY_BROKER "10.0.2.2" CACHE STRING "the broker: a name (the DNS layer resolves it) or an IPv4 address")
set(TELEMETRY_PORT "17883" CACHE STRING "the broker's MQTT port")
set(TELEMETRY_INTERVAL_MS "2000" CACHE STRING "telemetry period at boot (the interval command changes it)")
set(TELEMETRY_COUNT "0" CACHE STRING "end after this many telemetry messages (0: never)")
set(TELEMETRY_DEVICE_ID "" CACHE STRING "the device id in the topics (empty: kestrel-<MAC>)")
target_compile_definitions(app PRIVATE TELEMETRY_BROKER="${TELEMETRY_BROKER}"
  TELEMETRY_PORT=${TELEMETRY_PORT} TELEMETRY_INTERVAL_MS=${TELEMETRY_INTERVAL_MS}
  TELEMETRY_COUNT=${TELEMETRY_COUNT} TELEMETRY_DEVICE_ID="${TELEMETRY_DEVICE_ID}")
