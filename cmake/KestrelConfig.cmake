# Kestrel build system entry point.
#
# An application's CMakeLists.txt does:
#   cmake_minimum_required(VERSION 3.20)
#   find_package(Kestrel REQUIRED HINTS $ENV{KESTREL_BASE})
#   project(my_app C)
#   target_sources(app PRIVATE src/main.c)
#
# At configure time this file: picks the board, runs the devicetree and
# Kconfig generators (scripts/), selects the toolchain, and defines the
# targets: one OBJECT library per part of the tree (kernel, arch, drivers,
# subsys, lib), the `app` library the application fills, and the image.
cmake_minimum_required(VERSION 3.20)

get_filename_component(KESTREL_BASE "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
set(ENV{KESTREL_BASE} "${KESTREL_BASE}")
set(APPLICATION_SOURCE_DIR "${CMAKE_SOURCE_DIR}" CACHE PATH "Application source directory")
set(KESTREL_GEN_DIR "${CMAKE_BINARY_DIR}/generated")
file(MAKE_DIRECTORY "${KESTREL_GEN_DIR}")

include("${KESTREL_BASE}/cmake/helpers.cmake")

# ---- board -----------------------------------------------------------------
if(NOT BOARD)
  if(DEFINED ENV{BOARD} AND NOT "$ENV{BOARD}" STREQUAL "")
    set(BOARD "$ENV{BOARD}")
  else()
    set(BOARD native_sim)
  endif()
endif()
set(BOARD "${BOARD}" CACHE STRING "Board to build for" FORCE)
set(BOARD_DIR "${KESTREL_BASE}/boards/${BOARD}")
if(NOT EXISTS "${BOARD_DIR}/board.yaml")
  kestrel_board_list(boards)
  message(FATAL_ERROR "Kestrel: unknown board '${BOARD}'. Boards: ${boards}. "
    "Pick one with -DBOARD=<board> (kt build -b <board>).")
endif()

find_program(PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT PYTHON3)
  message(FATAL_ERROR "Kestrel: /usr/bin/python3 not found; run scripts/setup.sh")
endif()

include("${BOARD_DIR}/board.cmake")

# ---- devicetree, stage 1: .dts -> edt.json + Kconfig.dts -----------------
set(dts_overlays)
foreach(overlay "${APPLICATION_SOURCE_DIR}/boards/${BOARD}.overlay"
                "${APPLICATION_SOURCE_DIR}/app.overlay")
  if(EXISTS "${overlay}")
    list(APPEND dts_overlays "${overlay}")
  endif()
endforeach()
foreach(overlay ${DTC_OVERLAY_FILE})
  get_filename_component(overlay "${overlay}" ABSOLUTE BASE_DIR "${APPLICATION_SOURCE_DIR}")
  list(APPEND dts_overlays "${overlay}")
endforeach()
set(dts_overlay_args)
foreach(overlay ${dts_overlays})
  list(APPEND dts_overlay_args --overlay "${overlay}")
endforeach()

kestrel_run_generator("devicetree"
  "${KESTREL_BASE}/scripts/gen_devicetree.py" dts
  --dts "${BOARD_DIR}/${BOARD}.dts" ${dts_overlay_args}
  --bindings "${KESTREL_BASE}/dts/bindings"
  --include "${KESTREL_BASE}/dts" --include "${KESTREL_BASE}/include"
  --include "${BOARD_DIR}"
  --out-dir "${KESTREL_GEN_DIR}")

# ---- Kconfig ---------------------------------------------------------------
set(conf_files "${BOARD_DIR}/${BOARD}_defconfig")
if(EXISTS "${APPLICATION_SOURCE_DIR}/prj.conf")
  list(APPEND conf_files "${APPLICATION_SOURCE_DIR}/prj.conf")
endif()
foreach(extra ${EXTRA_CONF})
  get_filename_component(extra "${extra}" ABSOLUTE BASE_DIR "${APPLICATION_SOURCE_DIR}")
  if(NOT EXISTS "${extra}")
    message(FATAL_ERROR "Kestrel: EXTRA_CONF file not found: ${extra}")
  endif()
  list(APPEND conf_files "${extra}")
endforeach()
if(EXISTS "${CMAKE_BINARY_DIR}/menuconfig.conf")
  list(APPEND conf_files "${CMAKE_BINARY_DIR}/menuconfig.conf")
endif()
set(conf_args)
foreach(conf ${conf_files})
  list(APPEND conf_args --conf "${conf}")
endforeach()
list(POP_FRONT conf_args) # the first --conf ...
list(POP_FRONT conf_args) # ... is the defconfig, passed as such

set(ENV{BOARD} "${BOARD}")
set(ENV{BOARD_DIR} "${BOARD_DIR}")
set(ENV{KCONFIG_DTS} "${KESTREL_GEN_DIR}/Kconfig.dts")
kestrel_run_generator("Kconfig"
  "${KESTREL_BASE}/scripts/kconfig.py"
  --kconfig "${KESTREL_BASE}/Kconfig"
  --defconfig "${BOARD_DIR}/${BOARD}_defconfig" ${conf_args}
  --config-out "${CMAKE_BINARY_DIR}/.config"
  --header-out "${KESTREL_GEN_DIR}/autoconf.h"
  --cmake-out "${KESTREL_GEN_DIR}/autoconf.cmake")
include("${KESTREL_GEN_DIR}/autoconf.cmake")
# What the configuration is made of, without kt menuconfig's own fragment.
set(conf_files_plain ${conf_files})
list(REMOVE_ITEM conf_files_plain "${CMAKE_BINARY_DIR}/menuconfig.conf")
kestrel_json_list(conf_files_json ${conf_files_plain})
file(WRITE "${CMAKE_BINARY_DIR}/kconfig_env.json.tmp" "{
  \"kconfig\": \"${KESTREL_BASE}/Kconfig\",
  \"config\": \"${CMAKE_BINARY_DIR}/.config\",
  \"conf_files\": ${conf_files_json},
  \"env\": {\"KESTREL_BASE\": \"${KESTREL_BASE}\", \"BOARD\": \"${BOARD}\",
          \"BOARD_DIR\": \"${BOARD_DIR}\",
          \"KCONFIG_DTS\": \"${KESTREL_GEN_DIR}/Kconfig.dts\"}
}
")
file(COPY_FILE "${CMAKE_BINARY_DIR}/kconfig_env.json.tmp"
  "${CMAKE_BINARY_DIR}/kconfig_env.json" ONLY_IF_DIFFERENT)

# ---- devicetree, stage 2: device instances ----------------------------------
kestrel_run_generator("devicetree"
  "${KESTREL_BASE}/scripts/gen_devicetree.py" devices
  --edt "${KESTREL_GEN_DIR}/edt.json"
  --config "${CMAKE_BINARY_DIR}/.config"
  --out-dir "${KESTREL_GEN_DIR}"
  --source-name "boards/${BOARD}/${BOARD}.dts")

# Re-run this configure step when any of its inputs change.
file(GLOB_RECURSE kconfig_inputs "${KESTREL_BASE}/Kconfig*"
  "${KESTREL_BASE}/*/Kconfig*")
list(FILTER kconfig_inputs EXCLUDE REGEX "/build/|/scripts/tests/")
# The devicetree generator lists what it read: the .dts, every included
# file, and the bindings.
file(READ "${KESTREL_GEN_DIR}/edt.json" edt_json)
string(JSON n_inputs LENGTH "${edt_json}" inputs)
set(dts_inputs)
math(EXPR last "${n_inputs} - 1")
foreach(i RANGE ${last})
  string(JSON input GET "${edt_json}" inputs ${i})
  list(APPEND dts_inputs "${input}")
endforeach()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${kconfig_inputs} ${dts_inputs} ${conf_files}
  ${dts_overlays} "${BOARD_DIR}/${BOARD}.dts" "${BOARD_DIR}/board.cmake"
  "${KESTREL_BASE}/scripts/kconfig.py" "${KESTREL_BASE}/scripts/gen_devicetree.py")

# ---- toolchain and languages -----------------------------------------------
if(KESTREL_TOOLCHAIN_FILE AND NOT CMAKE_TOOLCHAIN_FILE)
  set(CMAKE_TOOLCHAIN_FILE "${KESTREL_TOOLCHAIN_FILE}")
endif()
project(Kestrel VERSION 0.1.0 LANGUAGES C ASM)

# ---- compiler cache ------------------------------------------------------------
# Every test app compiles its own copy of the kernel, drivers and modules
# (lwIP's options follow each app's Kconfig), mostly from identical
# preprocessed sources: ccache, when installed, turns those into cache hits
# across apps, boards' variants and checkouts. Paths under the checkout are
# hashed relative to it (base_dir), so two checkouts share the cache too.
# -DKESTREL_CCACHE=OFF (or KESTREL_CCACHE=0 in the environment) turns it off;
# CCACHE_DIR chooses the cache (default: ccache's own, ~/.cache/ccache).
if(NOT DEFINED KESTREL_CCACHE)
  if("$ENV{KESTREL_CCACHE}" STREQUAL "0")
    set(KESTREL_CCACHE OFF)
  else()
    set(KESTREL_CCACHE ON)
  endif()
endif()
if(KESTREL_CCACHE AND NOT CMAKE_C_COMPILER_LAUNCHER)
  find_program(KESTREL_CCACHE_PROGRAM ccache)
  find_program(KESTREL_ENV_PROGRAM env)
  if(KESTREL_CCACHE_PROGRAM AND KESTREL_ENV_PROGRAM)
    set(CMAKE_C_COMPILER_LAUNCHER "${KESTREL_ENV_PROGRAM}" "CCACHE_BASEDIR=${KESTREL_BASE}"
        "CCACHE_NOHASHDIR=1" "${KESTREL_CCACHE_PROGRAM}")
  endif()
endif()

# ---- compile options shared by every part of the image ---------------------
add_library(kestrel_interface INTERFACE)
target_include_directories(kestrel_interface INTERFACE
  "${KESTREL_BASE}/include" "${KESTREL_GEN_DIR}")
target_compile_options(kestrel_interface INTERFACE
  $<$<COMPILE_LANGUAGE:C>:-std=c11>
  -Wall -Wextra -Werror
  $<$<COMPILE_LANGUAGE:C>:-Wmissing-prototypes>
  -ffunction-sections -fdata-sections -g
  -imacros "${KESTREL_GEN_DIR}/autoconf.h")
if(CONFIG_DEBUG_OPTIMIZATIONS)
  target_compile_options(kestrel_interface INTERFACE -Og)
elseif(CONFIG_SPEED_OPTIMIZATIONS)
  target_compile_options(kestrel_interface INTERFACE -O2)
else()
  target_compile_options(kestrel_interface INTERFACE -Os)
endif()
if(KESTREL_SANITIZE)
  if(NOT BOARD STREQUAL "native_sim")
    message(FATAL_ERROR "Kestrel: KESTREL_SANITIZE is only for native_sim")
  endif()
  set(san -fsanitize=address,undefined -fno-sanitize-recover=all
          -fno-omit-frame-pointer)
  target_compile_options(kestrel_interface INTERFACE ${san} -O1)
  target_link_options(kestrel_interface INTERFACE ${san})
endif()
# board.cmake: KESTREL_ARCH_FLAGS for compiling, KESTREL_LINK_FLAGS for
# linking (complete: CPU flags, specs, linker script).
target_compile_options(kestrel_interface INTERFACE ${KESTREL_ARCH_FLAGS})
target_link_options(kestrel_interface INTERFACE ${KESTREL_LINK_FLAGS})

# ---- the parts of the image --------------------------------------------------
add_library(app OBJECT)
target_link_libraries(app PUBLIC kestrel_interface)

add_executable(kestrel_image "${KESTREL_GEN_DIR}/devices.c")
set_target_properties(kestrel_image PROPERTIES OUTPUT_NAME "${KESTREL_IMAGE_NAME}"
  SUFFIX "" RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}")
target_link_libraries(kestrel_image PRIVATE kestrel_interface app)
# Relink when a linker script changes (the board's or the arch's).
file(GLOB linker_scripts "${BOARD_DIR}/*.ld" "${KESTREL_BASE}/arch/${KESTREL_ARCH}/*.ld")
if(linker_scripts)
  set_target_properties(kestrel_image PROPERTIES LINK_DEPENDS "${linker_scripts}")
endif()
# The link map: kt footprint reads what each object put in the image.
target_link_options(kestrel_image PRIVATE "-Wl,-Map=${CMAKE_BINARY_DIR}/kestrel.map")
target_include_directories(kestrel_image PRIVATE "${KESTREL_BASE}/drivers")

add_subdirectory("${KESTREL_BASE}/arch" "${CMAKE_BINARY_DIR}/kestrel/arch")
add_subdirectory("${KESTREL_BASE}/kernel" "${CMAKE_BINARY_DIR}/kestrel/kernel")
add_subdirectory("${KESTREL_BASE}/lib" "${CMAKE_BINARY_DIR}/kestrel/lib")
add_subdirectory("${KESTREL_BASE}/drivers" "${CMAKE_BINARY_DIR}/kestrel/drivers")
add_subdirectory("${KESTREL_BASE}/subsys" "${CMAKE_BINARY_DIR}/kestrel/subsys")
add_subdirectory("${KESTREL_BASE}/modules" "${CMAKE_BINARY_DIR}/kestrel/modules")

# ---- how kt runs the image ---------------------------------------------------
set(KESTREL_IMAGE "${CMAKE_BINARY_DIR}/${KESTREL_IMAGE_NAME}")
# The networks of the Ethernet devices, in order (testcase.yaml netdev:,
# tests/net/README.md): slirp, frames or slirp+frames, as the board offers
# (KESTREL_BOARD_NETDEVS). The frames ports (and QMP socket) are placeholders kt replaces
# when it runs the image (scripts/ktlib/frames.py).
set(KESTREL_NETDEV "slirp" CACHE STRING "networks of the Ethernet devices")
if(NOT DEFINED KESTREL_BOARD_NETDEVS)
  set(KESTREL_BOARD_NETDEVS slirp)
endif()
if(NOT KESTREL_NETDEV IN_LIST KESTREL_BOARD_NETDEVS)
  message(FATAL_ERROR "Kestrel: board ${BOARD} has no netdev '${KESTREL_NETDEV}' "
    "(it offers: ${KESTREL_BOARD_NETDEVS}); fix netdev: in testcase.yaml or its boards: list")
endif()
set(KESTREL_FRAMES_PORTS "@FRAMES_LOCAL@:@FRAMES_PEER@")
set(KESTREL_FRAMES_QEMU "udp=127.0.0.1:@FRAMES_PEER@,localaddr=127.0.0.1:@FRAMES_LOCAL@")
# QEMU's QMP socket, on which the peer switches the link of netdev "frames".
set(KESTREL_FRAMES_QMP -qmp "unix:@FRAMES_QMP@,server=on,wait=off")
board_run_commands() # from board.cmake: sets KESTREL_RUN_CMD, KESTREL_TEST_RUN_CMD
kestrel_json_list(run_json ${KESTREL_RUN_CMD})
kestrel_json_list(test_run_json ${KESTREL_TEST_RUN_CMD})
kestrel_json_list(debug_json ${KESTREL_DEBUG_CMD})
kestrel_json_list(gdb_json ${KESTREL_GDB_CMD})
file(WRITE "${CMAKE_BINARY_DIR}/kestrel_run.json.tmp" "{
  \"board\": \"${BOARD}\",
  \"image\": \"${KESTREL_IMAGE}\",
  \"run\": ${run_json},
  \"test_run\": ${test_run_json},
  \"debug\": ${debug_json},
  \"gdb\": ${gdb_json},
  \"hostfwd\": \"${KESTREL_HOSTFWD}\"
}
")
file(COPY_FILE "${CMAKE_BINARY_DIR}/kestrel_run.json.tmp"
  "${CMAKE_BINARY_DIR}/kestrel_run.json" ONLY_IF_DIFFERENT)
