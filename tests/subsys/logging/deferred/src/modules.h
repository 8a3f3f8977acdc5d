#ifndef TEST_LOGGING_MODULES_H
#define TEST_LOGGING_MODULES_H

/** Log one message of each level in module test_quiet (compile-time level
 * WRN); @p evaluated counts evaluated arguments. @return the file's
 * compile-time level. */
int quiet_log_all(int *evaluated);

/** Log one info and one debug message in module test_default. */
void default_log_all(void);

/** Log one info and one debug message in module test_log from a file that
 * declares it at info level. */
void declared_log_all(void);

#endif
