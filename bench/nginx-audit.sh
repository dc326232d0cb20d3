#!/bin/sh
# nginx for `berth audit`: nginx reads its addresses from a config file, the audit fills a
# command line, so this writes a private config from its arguments and execs nginx in the
# foreground (errors to stderr, a private prefix, never the system's nginx).
#   bench/nginx-audit.sh [--tls CERT KEY] LISTEN...   LISTEN: {host}:{port} or unix:{unix}
set -eu
tls=""
if [ "${1:-}" = "--tls" ]; then tls="ssl_certificate $2; ssl_certificate_key $3;"; shift 3; fi
prefix=$(mktemp -d /tmp/berth-nginx-XXXXXX)
listens=""
for a in "$@"; do listens="$listens listen $a${tls:+ ssl};"; done
cat >"$prefix/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes 1;
pid $prefix/nginx.pid;
error_log stderr;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $prefix/b; proxy_temp_path $prefix/p; fastcgi_temp_path $prefix/f;
  uwsgi_temp_path $prefix/u; scgi_temp_path $prefix/s;
  server { $listens $tls location / { default_type text/plain; return 200 "ok"; } }
}
CONF
exec /usr/sbin/nginx -p "$prefix" -e stderr -c "$prefix/nginx.conf"
