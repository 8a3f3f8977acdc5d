kestrel_sources_ifdef(CONFIG_SHELL shell/shell.c shell/shell_edit.c shell/shell_mem.c
  shell/shell_cmds.c)
kestrel_sources_ifdef(CONFIG_SHELL_BACKEND_CONSOLE shell/shell_console.c)
