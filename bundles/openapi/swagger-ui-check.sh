#!/usr/bin/env bash
# Checks that Swagger UI renders the live document in headless Chromium (Debian's `chromium`),
# with no network beyond the given server: takes a screenshot and checks the rendered page lists
# the document's title and the given function tags.
#
#   swagger-ui-check.sh BASE_URL [OUT_DIR] [TAG...]
#   swagger-ui-check.sh http://127.0.0.1:8080 target/swagger-ui hello python-hello
#
# Without a gateway, serve the endpoints with the test-scope stand-in first:
#   java -cp <test classpath> io.fnkernel.openapi.internal.DocsServerMain 8089 120
set -euo pipefail

base="${1:?usage: swagger-ui-check.sh BASE_URL [OUT_DIR] [TAG...]}"
out="${2:-target/swagger-ui}"
shift $(( $# >= 2 ? 2 : $# ))
tags=("$@")
[ ${#tags[@]} -gt 0 ] || tags=(hello)

browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "chromium not found: install Debian's package with 'apt-get install -y chromium'" >&2
  exit 2
fi

mkdir -p "$out"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# The network is closed: no QUIC, no background or component fetches, a throwaway profile.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --disable-dev-shm-usage --user-data-dir="$profile"
       --virtual-time-budget=5000 --window-size=1280,1600)
url="${base%/}/_fn/docs"

timeout 90 "$browser" "${flags[@]}" --screenshot="$out/swagger-ui.png" "$url" > "$out/chromium.log" 2>&1
timeout 90 "$browser" "${flags[@]}" --dump-dom "$url" > "$out/dom.html" 2>> "$out/chromium.log"

fail=0
grep -q 'fnkernel functions' "$out/dom.html" || { echo "title 'fnkernel functions' not rendered" >&2; fail=1; }
for t in "${tags[@]}"; do
  grep -q "data-tag=\"$t\"" "$out/dom.html" || { echo "function tag '$t' not rendered" >&2; fail=1; }
done
ops=$(grep -o 'class="opblock opblock-[a-z]*' "$out/dom.html" | wc -l)
echo "screenshot: $out/swagger-ui.png; rendered operations: $ops; tags checked: ${tags[*]}"
[ "$ops" -gt 0 ] || { echo "no operation rendered" >&2; fail=1; }
exit $fail
