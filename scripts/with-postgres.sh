#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 server (Debian's postgresql-15), for the database
# source tests:
#   bash scripts/with-postgres.sh swift test
# initdb in a fresh temporary folder (mktemp, under $TMPDIR), as the unprivileged `postgres` user
# when run as root (the server refuses root); listening on 127.0.0.1 only, on the first free port from 55432, with
# password (SCRAM) authentication over TCP for the role `kpi`. The command sees
#   KPI_WEIGHTS_TEST_POSTGRES=postgresql://kpi@127.0.0.1:PORT/kpi
#   KPI_WEIGHTS_TEST_PGPASSWORD=… (a random password, given to the tests only, never in a URI)
# and the server is stopped and its folder removed when the command ends, whatever its outcome.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/apt-install.sh postgresql-15 postgresql-client-15 >&2
bin=/usr/lib/postgresql/15/bin
dir="$(mktemp -d -t kpi-weights-pg.XXXXXX)"
as=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
  chown postgres "$dir"
  as=(runuser -u postgres --)
fi
password="kpi-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$password" >"$dir/password"
chmod 600 "$dir/password"
[ "${#as[@]}" -eq 0 ] || chown postgres "$dir/password"
port=55432
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
stop() {
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
"${as[@]}" "$bin/initdb" -D "$dir/data" -U kpi --pwfile="$dir/password" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
"${as[@]}" "$bin/createdb" -h "$dir" -p "$port" -U kpi kpi
echo "with-postgres: PostgreSQL 15 on 127.0.0.1:$port (folder $dir)" >&2
export KPI_WEIGHTS_TEST_POSTGRES="postgresql://kpi@127.0.0.1:$port/kpi"
export KPI_WEIGHTS_TEST_PGPASSWORD="$password"
status=0
"$@" || status=$?
exit $status
