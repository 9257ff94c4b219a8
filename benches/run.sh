#!/usr/bin/env bash
# Every performance figure of the README, on a release build, as medians, in one
# table: what, median, target, verdict. Takes a few minutes.
#
#   start-up     hyperfine (wall) and /usr/bin/time -v (peak RSS): --version, encode,
#                check --json of one profile against a `nowkey sandbox`
#   one POST     send-test --wait 0 against curl doing the same POST to the sandbox
#   checks       check of one full profile, and check --all over 50, with every
#                sandbox endpoint delayed 500 ms
#   TUI          benches/tui_latency (the binary in a pty): first frame, key
#                response, keys and Esc while a request hangs, peak RSS of a demo
#   drawing      benches/screens (criterion): every screen at 80x24 and 200x60
#   criterion    benches/core (token) and benches/live_checks (HOPEX setup's two checks)
#
# Needs hyperfine, curl, python3 and GNU time (apt-get install hyperfine curl time).
# RUNS=n sets the TUI runs (30); QUICK=1 shortens everything (a smoke run); KEEP=1
# keeps every raw output (hyperfine JSON, the TUI and criterion tables) and says where.
# Builds with CARGO_BUILD_JOBS=1 unless set: the machine is shared.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1}
export CRITERION_HOME="$PWD/target/criterion"
quick=${QUICK:-0}
n_fast=300 n_rss=21 n_slow=10
if [ "$quick" = 1 ]; then n_fast=30; n_rss=5; n_slow=3; export RUNS=${RUNS:-5}; fi
crit=(--warm-up-time 0.1 --measurement-time 0.3 --nresamples 10000 --noplot)
[ "$quick" = 1 ] && crit=(--warm-up-time 0.05 --measurement-time 0.1 --nresamples 1000 --noplot)

echo "building the release binary and the benches…" >&2
cargo build --release --locked -q
cargo bench --locked --no-run -q --bench screens --bench tui_latency --bench core --bench live_checks
bin="$PWD/target/release/nowkey"
out=$(mktemp -d)
if [ "${KEEP:-0}" = 1 ]; then echo "raw outputs kept in $out" >&2; keep=1; else keep=0; fi
trap 'kill "${sandbox_pid:-}" 2>/dev/null || true; [ "$keep" = 1 ] || rm -rf "$out"' EXIT
export NOWKEY_CONFIG_DIR="$out/config"
mkdir -p "$NOWKEY_CONFIG_DIR"
rows="$out/rows.tsv" # what \t median \t unit \t target (empty: none); lower is better
row() { printf '%s\t%s\t%s\t%s\n' "$@" >>"$rows"; }

hf() { # name, runs, [hyperfine options…], commands… → $out/name.json
  local name=$1 runs=$2; shift 2
  if ! hyperfine --style none --warmup 3 --runs "$runs" --export-json "$out/$name.json" "$@" \
    >"$out/$name.log" 2>&1; then
    echo "hyperfine $name failed:" >&2; cat "$out/$name.log" >&2; exit 1
  fi
}
# hyperfine < 1.16 has no --input: there the command reads the file through a shell
# redirection (hyperfine measures the shell's start-up and subtracts it).
if hyperfine --help 2>/dev/null | grep -q -- '--input'; then has_input=1; else has_input=0; fi
hf_stdin() { # name, runs, stdin file, command (no quoting inside)
  local name=$1 runs=$2 input=$3 cmd=$4
  # check exits 1 when a check fails or warns; hyperfine must not stop on it.
  if [ "$has_input" = 1 ]; then hf "$name" "$runs" -N -i --input "$input" "$cmd"
  else hf "$name" "$runs" -i --shell=sh "$cmd <$input"; fi
}
median_ms() { python3 -c 'import json,sys; print("%.3f" % (json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["median"]*1000))' "$@"; }
median_rss_mib() { # command… → median peak RSS (MiB) over n_rss runs; stdin from $rss_in
  for _ in $(seq "$n_rss"); do
    /usr/bin/time -v "$@" <"${rss_in:-/dev/null}" 2>&1 >/dev/null | awk '/Maximum resident/ {print $6}'
  done | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1024}'
}

# --- the sandbox, 50 full profiles on its demo keys, their secrets ------------
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" sandbox --bind "127.0.0.1:$port" >"$out/sandbox.txt" 2>&1 &
sandbox_pid=$!
for _ in $(seq 200); do grep -q "Press Ctrl-C" "$out/sandbox.txt" 2>/dev/null && break; sleep 0.05; done
base="http://127.0.0.1:$port"
python3 - "$out" "$base" <<'PY'
import base64, hashlib, json, re, sys
out, base = sys.argv[1], sys.argv[2]
banner = open(f"{out}/sandbox.txt").read()
key = re.search(r"Demo API key:\s+(\S+)", banner).group(1)
secret = re.search(r"Demo API secret:\s+(\S+)", banner).group(1)
hopex = re.search(r"Demo HOPEX key:\s+(\S+)", banner).group(1)
fp = lambda s: hashlib.sha256(s.encode()).hexdigest()[:12]
token_fp = fp(base64.b64encode(f"{key}:{secret}".encode()).decode())
profiles, secrets = ["version = 1"], {}
for i in range(50):
    name = f"p{i:02d}"
    profiles.append(f"""
[profiles.{name}.sms]
vendor = "messagemedia"
hub_api_url = "{base}"
api_key = "{key}"
token_fingerprint = "{token_fp}"
key_created = "2026-11-01"
next_rotation_due = "2027-01-30"
servicenow_url = "{base}"
servicenow_user = "sn.integration"
[profiles.{name}.hopex]
deployment = "on-prem"
version = "V5 CP6 HF27"
server_url = "{base}"
schema = "ITPM"
data_flow = "both"
key_name = "ServiceNow"
hopex_login = "svc.hopex"
environment_id = "ENV-1"
repository_id = "REPO-1"
profile_id = "PROFILE-1"
session_mode = "multi"
connection_mode = "read-write"
key_fingerprint = "{fp(hopex)}"
key_created = "2026-11-01"
servicenow_url = "{base}"
servicenow_user = "sn.integration"
""")
    secrets[name] = {"hub_api_secret": secret, "servicenow_password": "integration-sandbox-pw", "hopex_api_key": hopex}
open(f"{out}/config/profiles.toml", "w").write("\n".join(profiles))
json.dump(secrets, open(f"{out}/secrets.json", "w"))
json.dump({"p00": secrets["p00"]}, open(f"{out}/one.json", "w"))
PY
chmod 600 "$NOWKEY_CONFIG_DIR/profiles.toml"
key=$(awk '/Demo API key/ {print $4}' "$out/sandbox.txt")
secret=$(awk '/Demo API secret/ {print $4}' "$out/sandbox.txt")
check=("$bin" check --no-keyring --secrets-stdin --json)

# --- start-up -------------------------------------------------------------------
echo "start-up…" >&2
export NOWKEY_HUB_API_SECRET=benchSecret0123456789abcdefXYZ
hf start "$n_fast" -N "$bin --version" "$bin encode --key BENCHKEY000000000001"
row "start-up: nowkey --version, wall" "$(median_ms "$out/start.json" 0)" ms ""
row "start-up: nowkey --version, peak RSS" "$(median_rss_mib "$bin" --version)" MiB ""
row "start-up: nowkey encode, wall" "$(median_ms "$out/start.json" 1)" ms ""
row "start-up: nowkey encode, peak RSS" "$(median_rss_mib "$bin" encode --key BENCHKEY000000000001)" MiB ""
unset NOWKEY_HUB_API_SECRET
hf_stdin check-one $((n_fast / 3)) "$out/one.json" "${check[*]} --profile p00"
"${check[@]}" --profile p00 <"$out/one.json" >"$out/check-one.out" || true
row "start-up: nowkey check --json, one profile, sandbox, wall" "$(median_ms "$out/check-one.json" 0)" ms ""
row "start-up: nowkey check --json, one profile, peak RSS" "$(rss_in="$out/one.json" median_rss_mib "${check[@]}" --profile p00)" MiB ""

# --- one HTTP POST against curl -------------------------------------------------
echo "one POST…" >&2
body='{"messages":[{"content":"nowkey test message","destination_number":"+61491570156","format":"SMS","delivery_report":true}]}'
code=$(curl -sS -o /dev/null -w '%{http_code}' -u "$key:$secret" -H Content-Type:application/json -d "$body" "$base/v1/messages")
[ "$code" = 202 ] || { echo "curl's POST got HTTP $code, not 202" >&2; exit 1; }
export NOWKEY_HUB_API_SECRET="$secret"
hf post "$n_fast" -N \
  "$bin send-test --hub-url $base --key $key --to +61491570156 --wait 0" \
  "curl -sS -o /dev/null -u $key:$secret -H Content-Type:application/json -H Accept:application/json -d '$body' $base/v1/messages"
send_ms=$(median_ms "$out/post.json" 0)
curl_ms=$(median_ms "$out/post.json" 1)
row "one POST: nowkey send-test --wait 0, wall" "$send_ms" ms ""
row "one POST: curl, the same POST, wall" "$curl_ms" ms ""
row "one POST: send-test / curl" "$(python3 -c "print('%.2f' % ($send_ms/$curl_ms))")" "×" 1.5
row "one POST: send-test, peak RSS" "$(median_rss_mib "$bin" send-test --hub-url "$base" --key "$key" --to +61491570156 --wait 0)" MiB ""
row "one POST: curl, peak RSS" "$(median_rss_mib curl -sS -o /dev/null -u "$key:$secret" -H Content-Type:application/json -d "$body" "$base/v1/messages")" MiB ""
unset NOWKEY_HUB_API_SECRET

# --- checks with every endpoint +500 ms -----------------------------------------
echo "checks with every endpoint delayed 500 ms…" >&2
curl -sS -o /dev/null -X POST "$base/_sandbox/faults" -H 'Content-Type: application/json' -d '{"latency_ms":500}'
hf_stdin check-slow-one "$n_slow" "$out/one.json" "${check[*]} --profile p00"
hf_stdin check-slow-all "$n_slow" "$out/secrets.json" "${check[*]} --all"
"${check[@]}" --all <"$out/secrets.json" >"$out/check-all.out" || true
outcome=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["summary"]; print("%d profiles: %d pass %d warn %d fail %d skip" % (len(d["profiles"]), s["pass"], s["warn"], s["fail"], s["skip"]))' "$out/check-all.out")
row "checks: one profile's full check, every endpoint +500 ms" "$(python3 -c "print('%.3f' % ($(median_ms "$out/check-slow-one.json" 0)/1000))")" s 0.7
row "checks: check --all, 50 profiles, every endpoint +500 ms" "$(python3 -c "print('%.3f' % ($(median_ms "$out/check-slow-all.json" 0)/1000))")" s 3
kill "$sandbox_pid" 2>/dev/null || true

# --- the TUI in a pty -----------------------------------------------------------
echo "the TUI in a pty (benches/tui_latency)…" >&2
NOWKEY_BIN="$bin" cargo bench --locked -q --bench tui_latency >"$out/tui.txt" 2>"$out/tui.err" \
  || { cat "$out/tui.txt" "$out/tui.err" >&2; exit 1; }
tui() { awk -v n="$1" -v k="$2" '$1=="TUI_RESULT" && $2=="name="n {for(i=3;i<=NF;i++){split($i,a,"="); if(a[1]==k) print a[2]}}' "$out/tui.txt"; }
row "TUI: first frame, nowkey (home)" "$(tui first_frame median_ms)" ms 20
row "TUI: first frame, nowkey demo" "$(tui first_frame_demo median_ms)" ms 20
row "TUI: key response (Down on home)" "$(tui key_response median_ms)" ms 5
row "TUI: key response while a request hangs" "$(tui key_response_hung median_ms)" ms 50
row "TUI: Esc cancelling a hung request" "$(tui cancel_hung median_ms)" ms 100
row "TUI: peak RSS, demo, whole SMS setup" "$(python3 -c "print('%.1f' % ($(tui demo_peak_rss median_kib)/1024))")" MiB 25

# --- criterion ------------------------------------------------------------------
echo "drawing every screen (benches/screens)…" >&2
cargo bench --locked -q --bench screens -- "${crit[@]}" >"$out/screens.txt" 2>&1 \
  || { cat "$out/screens.txt" >&2; exit 1; }
for size in 80x24 200x60; do
  line=$(grep "^SCREENS_SUMMARY size=$size " "$out/screens.txt")
  field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
  row "drawing at $size: median of $(field count) screens" "$(python3 -c "print('%.3f' % ($(field median_ns)/1e6))")" ms 1
  row "drawing at $size: slowest ($(field slowest))" "$(python3 -c "print('%.3f' % ($(field max_ns)/1e6))")" ms 1
done
echo "criterion: token, HOPEX setup's live checks…" >&2
cargo bench --locked -q --bench core -- "${crit[@]}" >"$out/core.txt" 2>&1 || { cat "$out/core.txt" >&2; exit 1; }
cargo bench --locked -q --bench live_checks -- --noplot >"$out/live.txt" 2>&1 || { cat "$out/live.txt" >&2; exit 1; }
est() { python3 -c 'import json,sys; print("%.3f" % (json.load(open(sys.argv[1]+"/new/estimates.json"))["median"]["point_estimate"]/float(sys.argv[2])))' "$CRITERION_HOME/$1" "$2"; }
row "criterion: token encode + fingerprint" "$(est "token encode + fingerprint" 1e3)" µs ""
row "criterion: HOPEX setup's two live checks together, +500 ms" "$(est "live checks, every endpoint +500 ms/HOPEX key + ServiceNow credentials together" 1e9)" s 0.7

# --- the table ------------------------------------------------------------------
echo
echo "nowkey performance, release build, medians — $(date +%F), $(nproc) cores, $(uname -sr)"
python3 - "$rows" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
print("| what | median | target | verdict |")
print("| --- | ---: | ---: | --- |")
for what, value, unit, target in rows:
    v = float(value)
    shown = f"{value} {unit}" if unit != "×" else f"{value}×"
    if not target:
        print(f"| {what} | {shown} | — | |")
        continue
    t = float(target)
    tshown = f"≤ {target} {unit}" if unit != "×" else f"≤ {target}×"
    verdict = "✓" if v <= t else f"✗ misses by {v - t:.3g} {unit} (+{(v / t - 1) * 100:.0f}%)"
    print(f"| {what} | {shown} | {tshown} | {verdict} |")
PY
echo
echo "check --all outcome (+500 ms): $outcome"
