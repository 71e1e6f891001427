#!/usr/bin/env bash
# Side by side: ripgrep and `rlm grep` (Release) on the same generated ASCII corpus and the same queries.
# Usage: benchmarks/compare-ripgrep.sh [BYTES] [CORPUS_FILE]     (default 1e9 bytes in /tmp/rlm-corpus-BYTES.txt)
# Each command runs once to warm the page cache, then RUNS times; the best wall time is printed (output to /dev/null).
set -euo pipefail
cd "$(dirname "$0")/.."

BYTES="${1:-1000000000}"
CORPUS="${2:-/tmp/rlm-corpus-$BYTES.txt}"
RUNS="${RUNS:-3}"

if ! command -v rg >/dev/null 2>&1; then
  echo "ripgrep not found: installing it from Debian" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq ripgrep >/dev/null
fi

if [ ! -f "$CORPUS" ] || [ "$(stat -c %s "$CORPUS")" -ne "$BYTES" ]; then
  dotnet run -c Release --project benchmarks/Rlm.Roslyn.Benchmarks -- corpus --bytes "$BYTES" --out "$CORPUS"
fi

dotnet build -c Release host/Rlm.Roslyn.Host -v q -nologo >/dev/null
RLM="dotnet host/Rlm.Roslyn.Host/bin/Release/net10.0/rlm.dll"

best() { # best wall time in seconds of RUNS runs of "$@", after one warm-up run
  "$@" >/dev/null 2>&1 || true
  local best=""
  for _ in $(seq "$RUNS"); do
    local s e t
    s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" -eq 1 ]; then best=$t; fi
  done
  printf '%.3f' "$best"
}

rss() { # peak resident memory in MB of one run of "$@" (needs GNU time; "-" without it)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' -o /tmp/rlm-compare-rss.txt "$@" >/dev/null 2>&1 || true
    echo $(( $(tail -1 /tmp/rlm-compare-rss.txt) / 1024 ))
  else
    echo "-"
  fi
}

echo "corpus: $CORPUS ($BYTES bytes), $(nproc) cores, $(rg --version 2>/dev/null | head -1), best of $RUNS"
printf '%-22s %8s %8s %7s %12s %s\n' query "rg (s)" "rlm (s)" "rlm/rg" "RSS MB rg/rlm" "matching lines (rg / rlm)"
run() { # name, then the flags shared by both tools, then the pattern
  local name=$1; shift
  local pattern=${*: -1}; local flags=("${@:1:$#-1}")
  local rg_t rlm_t rg_n rlm_n rg_m rlm_m
  rg_t=$(best rg -H "${flags[@]}" -e "$pattern" "$CORPUS")
  rlm_t=$(best $RLM grep "${flags[@]}" -- "$pattern" "$CORPUS")
  local count_flags=(-c) f
  for f in "${flags[@]}"; do [ "$f" = -n ] || [ "$f" = -c ] || count_flags+=("$f"); done
  rg_n=$(rg "${count_flags[@]}" -e "$pattern" "$CORPUS" || true)
  rlm_n=$($RLM grep "${count_flags[@]}" -- "$pattern" "$CORPUS" | sed 's/.*://' || true)
  rg_m=$(rss rg -H "${flags[@]}" -e "$pattern" "$CORPUS")
  rlm_m=$(rss $RLM grep "${flags[@]}" -- "$pattern" "$CORPUS")
  printf '%-22s %8s %8s %7.2f %12s %s / %s\n' "$name" "$rg_t" "$rlm_t" "$(echo "$rlm_t / $rg_t" | bc -l)" "$rg_m/$rlm_m" "$rg_n" "$rlm_n"
}

run "literal -c"        -F -c river
run "literal -n"        -F -n river
run "ignore-case -n"    -F -i -n RIVER
run "regex -n"          -n '\b[0-9]{7}\b'
run "needle literal -n" -F -n zqxneedle

echo "rlm (s) is the whole process: .NET start-up, then the file read in 1 MB line-aligned chunks, decoded and searched on all cores, lines printed in order."
rm -f /tmp/rlm-compare-rss.txt
