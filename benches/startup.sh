#!/usr/bin/env bash
# Start-up and one-POST benchmarks on a release build, as medians.
#   nowkey --version, nowkey encode: wall time (hyperfine) and peak RSS (time -v)
#   nowkey send-test --wait 0 vs curl doing the same POST to the loopback sandbox
# Needs hyperfine and curl (apt-get install hyperfine curl). Prints a table.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q
bin="$PWD/target/release/nowkey"
out=$(mktemp -d)
trap 'kill "${sandbox_pid:-}" 2>/dev/null || true; rm -rf "$out"' EXIT
export NOWKEY_CONFIG_DIR="$out/config"

median_rss_kib() { # command... → median peak RSS in KiB over 21 runs
  for _ in $(seq 21); do
    /usr/bin/time -v "$@" 2>&1 >/dev/null </dev/null | awk '/Maximum resident/ {print $6}'
  done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
median_ms() { # hyperfine json → median in ms
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print("%.2f" % (r[int(sys.argv[2])]["median"]*1000))' "$@"
}

export NOWKEY_HUB_API_SECRET=benchSecret0123456789abcdefXYZ
hyperfine -N --warmup 20 --runs 300 --export-json "$out/start.json" \
  "$bin --version" "$bin encode --key BENCHKEY000000000001" >/dev/null 2>&1
unset NOWKEY_HUB_API_SECRET

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" sandbox --bind "127.0.0.1:$port" >"$out/sandbox.txt" 2>&1 &
sandbox_pid=$!
for _ in $(seq 100); do grep -q "Demo API secret" "$out/sandbox.txt" 2>/dev/null && break; sleep 0.05; done
key=$(awk '/Demo API key/ {print $4}' "$out/sandbox.txt")
secret=$(awk '/Demo API secret/ {print $4}' "$out/sandbox.txt")
base="http://127.0.0.1:$port"
body='{"messages":[{"content":"nowkey test message","destination_number":"+61491570156","format":"SMS","delivery_report":true}]}'
export NOWKEY_HUB_API_SECRET="$secret"
hyperfine -N --warmup 20 --runs 300 --export-json "$out/post.json" \
  "$bin send-test --hub-url $base --key $key --to +61491570156 --wait 0" \
  "curl -sS -o /dev/null -u $key:$secret -H Content-Type:application/json -H Accept:application/json -d $body $base/v1/messages" \
  >/dev/null 2>&1

version_rss=$(median_rss_kib "$bin" --version)
encode_rss=$(NOWKEY_HUB_API_SECRET=x median_rss_kib "$bin" encode --key BENCHKEY000000000001)
send_rss=$(median_rss_kib "$bin" send-test --hub-url "$base" --key "$key" --to +61491570156 --wait 0)
curl_rss=$(median_rss_kib curl -sS -o /dev/null -u "$key:$secret" -H Content-Type:application/json -d "$body" "$base/v1/messages")

v=$(median_ms "$out/start.json" 0); e=$(median_ms "$out/start.json" 1)
s=$(median_ms "$out/post.json" 0); c=$(median_ms "$out/post.json" 1)
ratio=$(python3 -c "print('%.2f' % ($s/$c))")
printf '%-44s %12s %14s\n' "what (release build, medians)" "wall ms" "peak RSS MiB"
printf '%-44s %12s %14s\n' "nowkey --version" "$v" "$(python3 -c "print('%.1f' % ($version_rss/1024))")"
printf '%-44s %12s %14s\n' "nowkey encode" "$e" "$(python3 -c "print('%.1f' % ($encode_rss/1024))")"
printf '%-44s %12s %14s\n' "nowkey send-test --wait 0 (one POST)" "$s" "$(python3 -c "print('%.1f' % ($send_rss/1024))")"
printf '%-44s %12s %14s\n' "curl, the same POST" "$c" "$(python3 -c "print('%.1f' % ($curl_rss/1024))")"
printf '%-44s %12s\n' "send-test / curl" "$ratio"
