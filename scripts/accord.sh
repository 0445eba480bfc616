#!/bin/sh
# One entry point for the README's two commands, on a machine with only Node 20 and npm:
#   npm start  → install, build the client, start Accord with the demo consultation
#   npm test   → install, typecheck, lint, build, run every test
set -eu
cd "$(dirname "$0")/.."

PNPM_VERSION=12.4.2

ensure_pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version)" = "$PNPM_VERSION" ]; then return; fi
  echo "› installing pnpm $PNPM_VERSION"
  if ! npm install -g -E "pnpm@$PNPM_VERSION" >/dev/null 2>&1; then
    # No write access to the global prefix: install for this user instead.
    npm install -g -E --prefix "$HOME/.local" "pnpm@$PNPM_VERSION" >/dev/null
    PATH="$HOME/.local/bin:$PATH"
    export PATH
  fi
}

install_dependencies() {
  # better-sqlite3 compiles from source against the local Node headers.
  if [ -d /usr/include/node ]; then npm_config_nodedir=/usr; export npm_config_nodedir; fi
  echo "› pnpm install: about a minute on a fresh machine, where better-sqlite3 compiles (log: .tmp/install.log)"
  mkdir -p .tmp
  if ! pnpm install --frozen-lockfile --reporter=append-only >.tmp/install.log 2>&1; then
    tail -40 .tmp/install.log >&2
    echo "pnpm install failed: see .tmp/install.log" >&2
    exit 1
  fi
  # Fail loudly if the install did not produce the native module.
  node -e "require('./server/node_modules/better-sqlite3')" 2>/dev/null || {
    echo "better-sqlite3 did not build: see the output above" >&2
    exit 1
  }
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "› installing Debian's chromium for the end-to-end tests"
    (apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }) ||
      echo "could not install chromium: the end-to-end tests will say so" >&2
  else
    echo "/usr/bin/chromium is missing and cannot be installed here: the end-to-end tests will say so" >&2
  fi
}

# Whether Debian's nginx service runs (its pid file; a test's nginx keeps its own elsewhere).
nginx_service_running() {
  [ -s /run/nginx.pid ] && kill -0 "$(cat /run/nginx.pid)" 2>/dev/null
}

ensure_nginx() {
  [ -x /usr/sbin/nginx ] && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "› installing Debian's nginx for the load-balancer test (not started as a service)"
    # Debian starts the service it installs unless policy-rc.d says no. The test runs nginx
    # itself, and nothing may hold port 80: say no for the install when nothing else does.
    policy=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      policy=/usr/sbin/policy-rc.d
      trap 'rm -f /usr/sbin/policy-rc.d' EXIT
      trap 'exit 130' INT TERM
      printf '#!/bin/sh\nexit 101\n' >"$policy"
      chmod 755 "$policy"
    fi
    (apt-get install -y -q nginx >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q nginx >/dev/null; }) ||
      echo "could not install nginx: the load-balancer test will say so" >&2
    if [ -n "$policy" ]; then
      rm -f "$policy"
      trap - EXIT INT TERM
    fi
    # Nothing of it keeps running, nor starts at the next boot.
    if [ -d /run/systemd/system ]; then systemctl disable --now nginx >/dev/null 2>&1 || true; fi
    if nginx_service_running; then
      /usr/sbin/nginx -s quit >/dev/null 2>&1 || true
      sleep 2
    fi
    if nginx_service_running; then
      echo "an nginx is still running after the install: stop it (it holds port 80)" >&2
    fi
  else
    echo "/usr/sbin/nginx is missing and cannot be installed here: the load-balancer test will say so" >&2
  fi
}

command="${1:-}"
case "$command" in
  start)
    ensure_pnpm
    install_dependencies
    pnpm --filter @accord/client build
    exec pnpm --filter @accord/server start
    ;;
  test)
    ensure_pnpm
    install_dependencies
    ensure_chromium
    ensure_nginx
    pnpm run typecheck
    pnpm run lint
    pnpm --filter @accord/client build
    exec pnpm exec vitest run
    ;;
  *)
    echo "usage: scripts/accord.sh start|test" >&2
    exit 2
    ;;
esac
