"""Library behind the `kt` command-line tool.

The `kt` script is a thin wrapper around ktlib.cli.main(); every piece of
logic lives in these modules so that scripts/tests can import and test it
without running CMake.

  common     errors, KESTREL_BASE, running (and echoing) commands
  boards     boards/<name>/board.yaml
  build      kt build / kt clean: configure-if-needed, CMakeCache.txt reading
  image      kt run: BUILD/kestrel_run.json
  testcase   testcase.yaml discovery and validation
  results    case results; parsing ktest, exit-harness and unittest output
  junit      JUnit XML writer
  testrun    kt test: the parallel build-and-run orchestrator
  configui   kt menuconfig
  cli        argument parsing and the entry point
"""
