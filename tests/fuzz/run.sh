#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60) on a copy of its seed corpus.
# Exits non-zero on the first finding (libFuzzer leaves crash-* / leak-* files in the
# work directory). Usage: tests/fuzz/run.sh BUILD_DIR [SECONDS] [WORK_DIR]
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR [SECONDS] [WORK_DIR]}
seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
work=${3:-$(mktemp -d)}
fixtures="$here/../fixtures"
mkdir -p "$work"
for kind in config system_file cli; do
  corpus="$work/corpus_$kind"
  mkdir -p "$corpus"
  case $kind in
    config) cp "$here"/seeds/config/* "$fixtures"/good/*.json "$fixtures"/good_dir/config.json "$corpus"/
            cp "$fixtures"/bad/*.json "$corpus"/ ;;
    system_file) cp "$here"/seeds/system/* "$corpus"/ ;;
    cli) cp "$here"/seeds/cli/* "$corpus"/ ;;
  esac
  dict="$here/config.dict"
  [ $kind = system_file ] && dict="$here/config.dict"
  [ $kind = cli ] && dict="$here/cli.dict"
  mask=0
  [ $kind = cli ] && mask=3  # the CLI's own stdout/stderr
  echo "== fuzz_$kind for ${seconds} s =="
  (cd "$work" && "$build/tests/fuzz/fuzz_$kind" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
      -rss_limit_mb=2048 -close_fd_mask=$mask -dict="$dict" -print_final_stats=1 "$corpus" > "$work/fuzz_$kind.log" 2>&1) \
    || { tail -n 60 "$work/fuzz_$kind.log"; echo "fuzz_$kind: FINDING (see $work)"; exit 1; }
  grep -E "^(Done|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)" "$work/fuzz_$kind.log"
done
