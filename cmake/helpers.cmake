# Helper functions of the Kestrel build.

# kestrel_board_list(<out>): "a, b, c" of every board under boards/.
function(kestrel_board_list out)
  file(GLOB yamls RELATIVE "${KESTREL_BASE}/boards" "${KESTREL_BASE}/boards/*/board.yaml")
  set(names)
  foreach(y ${yamls})
    get_filename_component(d "${y}" DIRECTORY)
    list(APPEND names "${d}")
  endforeach()
  list(SORT names)
  list(JOIN names ", " joined)
  set(${out} "${joined}" PARENT_SCOPE)
endfunction()

# kestrel_run_generator(<what> <script> <args...>): run a Python generator
# at configure time; its error output (naming file/line/symbol/node) stops
# the configure.
function(kestrel_run_generator what script)
  execute_process(COMMAND "${PYTHON3}" "${script}" ${ARGN}
    RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
  if(out)
    message(STATUS "${out}")
  endif()
  if(NOT rc EQUAL 0)
    string(STRIP "${err}" err)
    message(FATAL_ERROR "Kestrel: ${what} error:\n${err}\n")
  elseif(err)
    message(WARNING "${err}")
  endif()
endfunction()

# kestrel_json_list(<out> <items...>): a JSON array of strings.
function(kestrel_json_list out)
  set(items)
  foreach(i ${ARGN})
    string(REPLACE "\\" "\\\\" i "${i}")
    string(REPLACE "\"" "\\\"" i "${i}")
    list(APPEND items "\"${i}\"")
  endforeach()
  list(JOIN items ", " joined)
  set(${out} "[${joined}]" PARENT_SCOPE)
endfunction()

# kestrel_library(<name>): an OBJECT library of the image, built with the
# shared options and linked into it. Sources come with kestrel_sources().
macro(kestrel_library name)
  set(KESTREL_CURRENT_LIBRARY ${name})
  add_library(${name} OBJECT)
  target_link_libraries(${name} PUBLIC kestrel_interface)
  target_link_libraries(kestrel_image PRIVATE ${name})
endmacro()

function(kestrel_sources)
  target_sources(${KESTREL_CURRENT_LIBRARY} PRIVATE ${ARGN})
endfunction()

# kestrel_sources_ifdef(CONFIG_X <files>): compile only when CONFIG_X=y.
function(kestrel_sources_ifdef cfg)
  if(${cfg})
    target_sources(${KESTREL_CURRENT_LIBRARY} PRIVATE ${ARGN})
  endif()
endfunction()
