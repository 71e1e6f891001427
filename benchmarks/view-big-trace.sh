#!/usr/bin/env bash
# Builds a synthetic trace (one root turn whose block makes N plain sub-calls, each with a long prompt and response,
# plus turns with long outputs), then times `rlm view` on it and headless Chromium opening the page as shipped
# (long texts stay lazy) and with #expand (every node opened and every lazy text put in), side by side.
# Usage: benchmarks/view-big-trace.sh [N=5000]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build -c Release host/Rlm.Roslyn.Host -v q -nologo >/dev/null
rlm="dotnet host/Rlm.Roslyn.Host/bin/Release/net10.0/rlm.dll"

python3 - "$n" "$work/big.jsonl" <<'PY'
import json, sys
n, path = int(sys.argv[1]), sys.argv[2]
ts = "2026-11-26T00:00:00+00:00"
long = ("lorem ipsum dolor sit amet " * 80)[:2000]
with open(path, "w") as f:
    w = lambda e: f.write(json.dumps(e) + "\n")
    w({"type": "run_started", "path": "0", "depth": 0, "query": "big", "contextChars": 10**8, "documentCount": 1000, "timestamp": ts})
    for turn in range(1, 6):
        w({"type": "prompt", "path": "0", "depth": 0, "iteration": turn, "messages": [{"role": "user", "text": long * 5}], "timestamp": ts})
        w({"type": "turn", "path": "0", "depth": 0, "iteration": turn, "text": "reply\n```csharp\nvar xs = LlmMany(prompts);\n```", "usage": {"calls": 1, "inputTokens": 5000, "outputTokens": 100}, "timestamp": ts})
        w({"type": "code", "path": "0", "depth": 0, "iteration": turn, "block": 0, "language": "csharp", "code": "var xs = LlmMany(prompts);", "timestamp": ts})
        for i in range(n // 5):
            p = f"0.{(turn - 1) * (n // 5) + i + 1}"
            w({"type": "subcall_started", "path": p, "depth": 1, "kind": "llm", "prompt": long[:500], "promptChars": 20000, "timestamp": ts})
            w({"type": "subcall_completed", "path": p, "depth": 1, "kind": "llm", "succeeded": True, "response": long[:500], "usage": {"calls": 1, "inputTokens": 5000, "outputTokens": 120}, "elapsedMs": 900, "timestamp": ts})
        w({"type": "output", "path": "0", "depth": 0, "iteration": turn, "block": 0, "outcome": "completed", "output": long * 10, "elapsedMs": 5000, "timestamp": ts})
    w({"type": "final", "path": "0", "depth": 0, "result": {"answer": "done", "ending": "final", "reason": None, "iterations": 5, "usage": {"calls": n + 5, "inputTokens": 1, "outputTokens": 1}, "usageByDepth": {}, "elapsed": "00:10:00"}, "timestamp": ts})
PY

start=$(date +%s.%N)
$rlm view "$work/big.jsonl" -o "$work/big.html" >/dev/null
view=$(echo "$(date +%s.%N) - $start" | bc)

open_page() {
  local s; s=$(date +%s.%N)
  chromium --headless --no-sandbox --disable-gpu --user-data-dir="$(mktemp -d -p "$work")" --dump-dom "file://$work/big.html$1" >"$work/dom$2.html" 2>/dev/null
  echo "$(date +%s.%N) - $s" | bc
}
echo '<html><body><script>document.body.setAttribute("data-ready-ms", String(Math.round(performance.now())))</script></body></html>' >"$work/empty.html"
s=$(date +%s.%N)
chromium --headless --no-sandbox --disable-gpu --user-data-dir="$(mktemp -d -p "$work")" --dump-dom "file://$work/empty.html" >"$work/dom0.html" 2>/dev/null
empty=$(echo "$(date +%s.%N) - $s" | bc)
lazy=$(open_page "" 1)
expanded=$(open_page "#expand" 2)
ready() { grep -o 'data-ready-ms="[0-9]*"' "$1" | grep -o '[0-9]*'; }

printf 'sub-calls: %d\ntrace: %s bytes\npage: %s bytes\nrlm view: %.2f s\n' "$n" "$(stat -c %s "$work/big.jsonl")" "$(stat -c %s "$work/big.html")" "$view"
printf 'chromium start + load + dump of an empty page (baseline): %.2f s, page ready after %s ms\n' "$empty" "$(ready "$work/dom0.html")"
printf 'chromium start + load + dump, as shipped (long texts lazy): %.2f s, page ready after %s ms\n' "$lazy" "$(ready "$work/dom1.html")"
printf 'chromium start + load + dump, #expand (every node open, every text in): %.2f s, page ready after %s ms\n' "$expanded" "$(ready "$work/dom2.html")"
printf 'page ready, expanded / as shipped: %.2f\n' "$(echo "$(ready "$work/dom2.html") / $(ready "$work/dom1.html")" | bc -l)"
