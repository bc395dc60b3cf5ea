#!/usr/bin/env bash
# Benchmarks IronSessionMiddleware against the same work without it (not run in CI).
#
#   Integrations/Hummingbird/bench.sh
#
# Builds HummingbirdSessionBench in release, starts it on a free loopback port, logs in once to
# get a real session cookie, then runs wrk (apt-get install -y wrk) on
#   GET /user        behind the middleware
#   GET /plain/user  the handler unseals the same cookie itself, no middleware
# alternately, ROUNDS times each, keeping the best requests/s of each (other work shares the CPU),
# then GET /static/user (no session at all) once, for what unsealing itself costs.
# wrk's Lua response() callback counts non-200 answers and bodies that are not the user.
# The server's RSS (VmRSS) is sampled at the end of the warm-up, in the middle and at the end, and
# its CPU time per request is read from /proc (steadier than requests/s on a shared machine).
#
# Knobs: DURATION (s, 30), CONNECTIONS (64), THREADS (wrk threads, 2), ROUNDS (2), WARMUP (s, 5).
set -euo pipefail

DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-5}
# Swift's JSONEncoder writes keys in no fixed order: either order is the right user.
EXPECTED='{"id":230,"admin":true}'
EXPECTED_SWAPPED='{"admin":true,"id":230}'

here=$(cd "$(dirname "$0")" && pwd)
package="$here/IronSessionHummingbird"
for tool in wrk curl; do
    command -v "$tool" >/dev/null || { echo "bench.sh: $tool is not installed (apt-get install -y $tool)" >&2; exit 1; }
done

echo "== building HummingbirdSessionBench (release)"
swift build -c release --package-path "$package" --product HummingbirdSessionBench
binary="$(swift build -c release --package-path "$package" --show-bin-path)/HummingbirdSessionBench"

work=$(mktemp -d)
"$binary" 0 >"$work/server.out" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

port=
for _ in $(seq 200); do
    port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$work/server.out")
    [ -n "$port" ] && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server.out" >&2; exit 1; }
    sleep 0.1
done
[ -n "$port" ] || { echo "bench.sh: the server printed no port" >&2; cat "$work/server.out" >&2; exit 1; }
base="http://127.0.0.1:$port"
echo "== server pid $server on $base"

# A real session cookie: the middleware's own POST /login.
cookie=$(curl -s -D - -o /dev/null -X POST "$base/login" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*$/\1/p')
case "$cookie" in
    bench_session=Fe26.2\**~2) ;;
    *) echo "bench.sh: no iron-session cookie from POST /login: '$cookie'" >&2; exit 1 ;;
esac
echo "== cookie: ${cookie:0:60}... (${#cookie} bytes)"
for route in /user /plain/user /static/user; do
    body=$(curl -s -H "Cookie: $cookie" "$base$route")
    [ "$body" = "$EXPECTED" ] || [ "$body" = "$EXPECTED_SWAPPED" ] || { echo "bench.sh: GET $route answered '$body', not '$EXPECTED'" >&2; exit 1; }
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/user")" = 401 ] || { echo "bench.sh: GET /user without a cookie is not 401" >&2; exit 1; }

cat >"$work/check.lua" <<'LUA'
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
local expected = os.getenv("BENCH_EXPECTED")
local swapped = os.getenv("BENCH_EXPECTED_SWAPPED")
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non200 = 0; wrong = 0 end
function response(status, headers, body)
    if status ~= 200 then non200 = non200 + 1 elseif body ~= expected and body ~= swapped then wrong = wrong + 1 end
end
function done(summary, latency, requests)
    local bad, wrongBodies = 0, 0
    for _, thread in ipairs(threads) do
        bad = bad + thread:get("non200")
        wrongBodies = wrongBodies + thread:get("wrong")
    end
    local e = summary.errors
    io.write(string.format("CHECK non200=%d wrong=%d socket=%d\n", bad, wrongBodies, e.connect + e.read + e.write + e.timeout))
end
LUA

rss() { awk '/^VmRSS/ { print $2 " kB" }' "/proc/$server/status"; }
# The server's CPU time (user + system) in clock ticks: CPU per request is steadier than
# requests/s when other work shares the machine.
ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
hz=$(getconf CLK_TCK)

# run ROUTE SECONDS [sample]: one wrk run; prints "requests/s non200 wrong socket" to the result file.
run() {
    local route=$1 seconds=$2 sample=${3:-} sampler=
    if [ -n "$sample" ]; then
        (sleep $((seconds / 2)); rss >"$work/rss.mid") &
        sampler=$!
    fi
    local before after
    before=$(ticks)
    BENCH_COOKIE="$cookie" BENCH_EXPECTED="$EXPECTED" BENCH_EXPECTED_SWAPPED="$EXPECTED_SWAPPED" \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" -s "$work/check.lua" "$base$route" >"$work/wrk.out" 2>&1
    after=$(ticks)
    [ -z "$sampler" ] || wait "$sampler"
    local rps check count cpu
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk.out")
    count=$(awk '/ requests in / { print $1 }' "$work/wrk.out")
    cpu=$(awk -v t=$((after - before)) -v n="${count:-0}" -v hz="$hz" 'BEGIN { printf "%.2f", (n > 0 ? t * 1e6 / hz / n : 0) }')
    check=$(sed -n 's/^CHECK //p' "$work/wrk.out")
    echo "$route ${rps:-0} $check cpu_us=$cpu" | tee -a "$work/results"
}

echo "== warm-up: ${WARMUP}s on each route"
run /user "$WARMUP" >/dev/null
run /plain/user "$WARMUP" >/dev/null
: >"$work/results"
rss_warm=$(rss)

echo "== measuring: ${DURATION}s, $CONNECTIONS connections, $THREADS wrk threads, $ROUNDS rounds"
middle_round=$(((ROUNDS + 1) / 2))
for round in $(seq "$ROUNDS"); do
    sample=
    [ "$round" = "$middle_round" ] && sample=yes
    echo "-- round $round"
    run /user "$DURATION" "$sample"
    [ "$round" = "$middle_round" ] && rss_mid=$(cat "$work/rss.mid")
    run /plain/user "$DURATION"
done
echo "-- once, for reference"
run /static/user "$DURATION"
rss_end=$(rss)

best() { awk -v r="$1" '$1 == r { if ($2 > b) b = $2 } END { printf "%.0f", b }' "$work/results"; }
# The lowest server CPU time per request (µs) of a route's runs.
least_cpu() { awk -v r="$1" '$1 == r { for (i = 3; i <= NF; i++) { split($i, f, "="); if (f[1] == "cpu_us" && (m == "" || f[2] + 0 < m)) m = f[2] + 0 } } END { printf "%.2f", m }' "$work/results"; }
total() { awk -v k="$1" '{ for (i = 3; i <= NF; i++) { split($i, f, "="); if (f[1] == k) s += f[2] } } END { print s + 0 }' "$work/results"; }
middleware=$(best /user)
plain=$(best /plain/user)
static=$(best /static/user)
ratio=$(awk -v m="$middleware" -v p="$plain" 'BEGIN { printf "%.3f", (p > 0 ? m / p : 0) }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r >= 0.85 ? "meets" : "BELOW") }')
cpu_middleware=$(least_cpu /user)
cpu_plain=$(least_cpu /plain/user)
cpu_static=$(least_cpu /static/user)
cpu_ratio=$(awk -v m="$cpu_middleware" -v p="$cpu_plain" 'BEGIN { printf "%.3f", (m > 0 ? p / m : 0) }')

echo
echo "== results (best of $ROUNDS rounds of ${DURATION}s, $CONNECTIONS connections)"
echo "GET /user (middleware)    $middleware requests/s, $cpu_middleware µs server CPU/request"
echo "GET /plain/user           $plain requests/s, $cpu_plain µs server CPU/request"
echo "ratio middleware/plain    $ratio ($verdict the 0.85 bar); by CPU per request $cpu_ratio"
echo "GET /static/user (no session, reference)  $static requests/s, $cpu_static µs server CPU/request"
echo "non-200 answers           $(total non200)"
echo "wrong bodies              $(total wrong)"
echo "socket errors             $(total socket)"
echo "server RSS                warm-up end $rss_warm, middle $rss_mid, end $rss_end"
