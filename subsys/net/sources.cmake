# IP networking (included by subsys/CMakeLists.txt). lwIP itself is the
# `lwip` library of modules/lwip; its headers come from lwip_headers.
if(CONFIG_NET)
  kestrel_sources(net/net_core.c net/net_ip.c net/lwip/sys_arch.c net/lwip/net_eth.c)
  kestrel_sources_ifdef(CONFIG_NET_ICMP_ECHO net/net_ping.c)
  kestrel_sources_ifdef(CONFIG_NET_SOCKETS net/net_socket.c net/net_getaddrinfo.c)
  kestrel_sources_ifdef(CONFIG_NET_DNS net/net_dns.c)
  kestrel_sources_ifdef(CONFIG_NET_SNTP net/net_sntp.c)
  kestrel_sources_ifdef(CONFIG_NET_IPERF net/net_iperf.c)
  kestrel_sources(net/net_stats.c)
  kestrel_sources_ifdef(CONFIG_NET_SHELL net/net_shell.c)
  kestrel_sources_ifdef(CONFIG_NET_TLS_CREDENTIALS net/net_tls_credentials.c)
  target_link_libraries(subsys PRIVATE lwip_headers)
endif()
