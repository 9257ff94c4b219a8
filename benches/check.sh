#!/usr/bin/env bash
# `nowkey check` on a release build against the sandbox with every endpoint
# delayed 500 ms (a fault with no path prefix):
#   one profile's full check (Hub, fingerprint, key age, ServiceNow, HOPEX, ...)
#   --all over 50 profiles (16 at a time, the default --jobs)
# and the same two without the delay. Needs hyperfine and curl. Prints medians.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q
bin="$PWD/target/release/nowkey"
out=$(mktemp -d)
trap 'kill "${sandbox_pid:-}" 2>/dev/null || true; rm -rf "$out"' EXIT
export NOWKEY_CONFIG_DIR="$out/config"
mkdir -p "$NOWKEY_CONFIG_DIR"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" sandbox --bind "127.0.0.1:$port" >"$out/sandbox.txt" 2>&1 &
sandbox_pid=$!
for _ in $(seq 100); do grep -q "Press Ctrl-C" "$out/sandbox.txt" 2>/dev/null && break; sleep 0.05; done
base="http://127.0.0.1:$port"

# 50 full profiles (SMS + HOPEX on-prem + ServiceNow) on the sandbox's demo keys,
# and their secrets as the JSON --secrets-stdin reads.
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
chmod 600 "$out/config/profiles.toml"

run() { # label, stdin file, args...
  local label=$1 input=$2; shift 2
  hyperfine -N --warmup 2 --runs "${RUNS:-15}" --input "$input" --export-json "$out/$label.json" \
    "$bin check --no-keyring --secrets-stdin --json $*" >/dev/null 2>&1 || true
  "$bin" check --no-keyring --secrets-stdin --json "$@" <"$input" >"$out/$label.out" || true
}
run one-fast "$out/one.json" --profile p00
run all-fast "$out/secrets.json" --all
curl -sS -o /dev/null -X POST "$base/_sandbox/faults" -H 'Content-Type: application/json' -d '{"latency_ms":500}'
run one-slow "$out/one.json" --profile p00
run all-slow "$out/secrets.json" --all

median_s() { python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"; }
summary() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["summary"]; print("%d profiles, %d pass %d warn %d fail %d skip" % (len(d["profiles"]), s["pass"], s["warn"], s["fail"], s["skip"]))' "$1"; }
printf '%-52s %10s  %s\n' "nowkey check (release build, medians)" "wall s" "outcome"
printf '%-52s %10s  %s\n' "one profile, no delay" "$(median_s "$out/one-fast.json")" "$(summary "$out/one-fast.out")"
printf '%-52s %10s  %s\n' "one profile, every endpoint +500 ms (target 0.7)" "$(median_s "$out/one-slow.json")" "$(summary "$out/one-slow.out")"
printf '%-52s %10s  %s\n' "--all, 50 profiles, no delay" "$(median_s "$out/all-fast.json")" "$(summary "$out/all-fast.out")"
printf '%-52s %10s  %s\n' "--all, 50 profiles, every endpoint +500 ms (target 3)" "$(median_s "$out/all-slow.json")" "$(summary "$out/all-slow.out")"
