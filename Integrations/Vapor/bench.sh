#!/usr/bin/env bash
# What IronSessionMiddleware costs under load: wrk against VaporSessionBench's `GET /user` (behind
# the middleware, which unseals the session cookie on every request) and `GET /plain/user` (the
# same JSON without it), on 127.0.0.1. Not run in CI.
#
#   Integrations/Vapor/bench.sh            # 2 rounds of 30 s per route, 64 connections
#
# Settings (environment): IRON_BENCH_DURATION (seconds per run, 30), IRON_BENCH_CONNECTIONS (64),
# IRON_BENCH_THREADS (wrk threads, 2), IRON_BENCH_ROUNDS (2), IRON_BENCH_WARMUP (seconds per
# route, 5), IRON_BENCH_INLINE=1 (also `GET /inline/user`: the session read with SessionCookie in
# the handler, without the middleware). Needs wrk and curl (Debian: apt-get install -y wrk curl).
#
# The routes alternate (other processes share the CPU) and the best run of each is kept. A Lua
# response() callback counts non-200 answers and bodies that are not the user. Prints requests/s
# for both routes, the ratio middleware/plain (the bar is 0.85), the server's CPU time per request
# (from /proc/PID/stat: steadier than requests/s on a shared machine), errors, wrong bodies, and
# the server's RSS (VmRSS) at the end of the warm-up, in the middle and at the end. Exits 1 when a
# request failed or a body was wrong.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
package=$here/IronSessionVapor
duration=${IRON_BENCH_DURATION:-30}
connections=${IRON_BENCH_CONNECTIONS:-64}
threads=${IRON_BENCH_THREADS:-2}
rounds=${IRON_BENCH_ROUNDS:-2}
warmup=${IRON_BENCH_WARMUP:-5}
bar=0.85

for tool in wrk curl; do
    command -v "$tool" >/dev/null || { echo "bench.sh: $tool is missing (apt-get install -y $tool)" >&2; exit 2; }
done

echo "== building VaporSessionBench (release)"
swift build -c release --package-path "$package" --product VaporSessionBench
binary=$(swift build -c release --package-path "$package" --show-bin-path)/VaporSessionBench

work=$(mktemp -d)
server=
cleanup() {
    if [[ -n $server ]]; then
        kill "$server" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

"$binary" 0 >"$work/server.out" 2>"$work/server.err" &
server=$!
port=
for _ in $(seq 1 300); do
    port=$(sed -n 's/^port \([0-9][0-9]*\)$/\1/p' "$work/server.out")
    [[ -n $port ]] && break
    kill -0 "$server" 2>/dev/null || { echo "bench.sh: the server exited:" >&2; cat "$work/server.err" >&2; exit 1; }
    sleep 0.1
done
[[ -n $port ]] || { echo "bench.sh: the server printed no port" >&2; exit 1; }
base=http://127.0.0.1:$port
echo "== server pid $server on $base"

# A real session cookie: log in as iron-session's README does, and keep the Set-Cookie's pair.
curl -s -S -o /dev/null -D "$work/login.headers" -X POST -H 'Content-Type: application/json' \
    --data-binary '{"id":230,"admin":true}' "$base/login"
cookie=$(tr -d '\r' <"$work/login.headers" | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' | head -n 1)
[[ $cookie == myapp_session=Fe26.2\** ]] || { echo "bench.sh: no session cookie from /login" >&2; exit 1; }
for path in /user /plain/user /inline/user; do
    body=$(curl -s -S -H "Cookie: $cookie" "$base$path")
    echo "   GET $path -> $body"
done

# Counts, per wrk thread, answers that are not 200 and bodies that are not the user (the JSON
# encoder may write the two members in either order), and sums them when the run is done.
cat >"$work/check.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non200 = 0; wrong = 0 end
function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
  elseif body ~= '{"id":230,"admin":true}' and body ~= '{"admin":true,"id":230}' then
    wrong = wrong + 1
  end
end
function done(summary, latency, requests)
  local n, w = 0, 0
  for _, t in ipairs(threads) do n = n + t:get("non200"); w = w + t:get("wrong") end
  local e = summary.errors
  io.write(string.format("IRONBENCH rps=%.1f requests=%d non200=%d wrong=%d socket=%d p99ms=%.2f\n",
    summary.requests / (summary.duration / 1e6), summary.requests, n, w,
    e.connect + e.read + e.write + e.timeout, latency:percentile(99) / 1000))
end
LUA

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$server/status"; }
# The server's CPU time (user + system) in clock ticks: CPU per request, whatever else runs.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
ticks_per_second=$(getconf CLK_TCK)

# run SECONDS PATH: one wrk run; prints its IRONBENCH line and the server's CPU µs per request.
run() {
    local before after
    before=$(cpu_ticks)
    wrk -t"$threads" -c"$connections" -d"$1s" -s "$work/check.lua" -H "Cookie: $cookie" "$base$2" >"$work/wrk.out" 2>&1 ||
        { cat "$work/wrk.out" >&2; exit 1; }
    after=$(cpu_ticks)
    local line
    line=$(grep '^IRONBENCH' "$work/wrk.out")
    echo "$line cpuus=$(awk -v a="$before" -v b="$after" -v t="$ticks_per_second" -v r="$(field requests "$line")" \
        'BEGIN { printf "%.1f", (r > 0) ? (b - a) / t * 1e6 / r : 0 }')"
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
max() { awk -v a="$1" -v b="$2" 'BEGIN { print (b > a) ? b : a }'; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }

# /user and /plain/user; with IRON_BENCH_INLINE=1 also /inline/user, which reads the session with
# SessionCookie in the handler, without the middleware.
paths="/user /plain/user"
[[ ${IRON_BENCH_INLINE:-0} == 1 ]] && paths="$paths /inline/user"

echo "== warm-up: ${warmup} s per route"
for path in $paths; do run "$warmup" "$path" >/dev/null; done
rss_warm=$(rss)

declare -A best cpu
errors=0 wrong=0 sampler=
per_round=$(wc -w <<<"$paths")
total_runs=$((rounds * per_round)) index=0
for round in $(seq 1 "$rounds"); do
    # Alternate the order from one round to the next: other processes share the CPU.
    order=$paths
    ((round % 2)) || order=$(tr ' ' '\n' <<<"$paths" | tac | tr '\n' ' ')
    for path in $order; do
        index=$((index + 1))
        # The middle sample: halfway through the middle run, under load.
        if ((index == (total_runs + 1) / 2)); then
            (sleep $((duration / 2)); rss >"$work/rss.middle") &
            sampler=$!
        fi
        line=$(run "$duration" "$path")
        printf '   round %d  %-13s %9s req/s  server CPU %5s µs/request  p99 %s ms  non-200 %s  wrong %s  socket errors %s\n' \
            "$round" "$path" "$(field rps "$line")" "$(field cpuus "$line")" "$(field p99ms "$line")" \
            "$(field non200 "$line")" "$(field wrong "$line")" "$(field socket "$line")"
        errors=$((errors + $(field non200 "$line") + $(field socket "$line")))
        wrong=$((wrong + $(field wrong "$line")))
        best[$path]=$(max "${best[$path]:-0}" "$(field rps "$line")")
        cpu[$path]=$(min "${cpu[$path]:-}" "$(field cpuus "$line")")
    done
done
[[ -n $sampler ]] && wait "$sampler"
rss_middle=$(cat "$work/rss.middle" 2>/dev/null || echo "?")
rss_end=$(rss)

ratio=$(awk -v m="${best[/user]}" -v p="${best[/plain/user]}" 'BEGIN { printf "%.3f", (p > 0) ? m / p : 0 }')
verdict=$(awk -v r="$ratio" -v bar="$bar" 'BEGIN { print (r >= bar) ? "meets" : "below" }')
echo "== results (best of $rounds runs of ${duration} s, $connections connections, $threads wrk threads)"
echo "   GET /user (IronSessionMiddleware)  ${best[/user]} req/s   server CPU ${cpu[/user]} µs/request"
echo "   GET /plain/user (no middleware)    ${best[/plain/user]} req/s   server CPU ${cpu[/plain/user]} µs/request"
if [[ -n ${best[/inline/user]:-} ]]; then
    echo "   GET /inline/user (SessionCookie)   ${best[/inline/user]} req/s   server CPU ${cpu[/inline/user]} µs/request"
fi
echo "   ratio middleware/plain             $ratio ($verdict the bar of $bar)"
echo "   errors (non-200 + socket)          $errors"
echo "   wrong bodies                       $wrong"
echo "   server RSS (VmRSS, kB)             warm-up end $rss_warm, middle $rss_middle, end $rss_end"
((errors == 0 && wrong == 0)) || exit 1
