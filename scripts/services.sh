#!/usr/bin/env bash
# Makes sure the database servers the tests use are up: PostgreSQL on 127.0.0.1:5432
# (user postgres, trust auth) and MariaDB on 127.0.0.1:3306 (root, empty password).
# Starts them when they are installed and stopped. Exits non-zero, loudly, when either
# stays unreachable: the engine tests must fail rather than skip.
set -uo pipefail

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
maria_up() { mariadb -h 127.0.0.1 -P 3306 -u root -e 'select 1' >/dev/null 2>&1 \
  || mysql -h 127.0.0.1 -P 3306 -u root -e 'select 1' >/dev/null 2>&1; }

if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi
if ! maria_up && [ -x /usr/sbin/mariadbd ]; then
  echo "starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
fi

for _ in $(seq 1 30); do
  pg_up && maria_up && break
  sleep 1
done

failed=0
if ! pg_up; then
  echo "FAIL: PostgreSQL is not reachable on 127.0.0.1:5432 (user postgres, trust auth). See README: 'Database servers'." >&2
  failed=1
fi
if ! maria_up; then
  echo "FAIL: MariaDB is not reachable on 127.0.0.1:3306 (user root, empty password). See README: 'Database servers'." >&2
  failed=1
fi
[ "$failed" = 0 ] || exit 1
echo "PostgreSQL and MariaDB are up"
