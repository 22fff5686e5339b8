#!/usr/bin/env bash
# Seed corpus of every fuzz target, generated from the files the package embeds
# (python/peaceplan/data, tests/data) and a few PSPLIB instances (/work/shared/data/psplib, or
# $PSPLIB). Writes fuzz/corpus/<target>/ (not committed; `make fuzz` runs this first).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
data="$root/python/peaceplan/data"
psplib="${PSPLIB:-/work/shared/data/psplib}"
out="$here/corpus"
py="${PYTHON:-python3}"
mkdir -p "$out"/{scenario_toml,scenario_json,office,portfolio,psplib,engines}

# TOML -> JSON with the standard library (tomllib, Python >= 3.11)
to_json() { "$py" -c 'import json,sys,tomllib; print(json.dumps(tomllib.load(open(sys.argv[1],"rb"))))' "$1"; }
# a one-byte prefix (the target's selector) then the file
prefixed() { { printf "\\x$(printf %02x "$1")"; cat "$2"; } > "$3"; }

for f in "$data"/political_transition.toml "$data"/postwar_country.toml "$root"/tests/data/*.toml; do
  b="$(basename "$f" .toml)"
  cp "$f" "$out/scenario_toml/$b"
  to_json "$f" > "$out/scenario_json/$b"
  for flags in 0 17 34 51; do prefixed "$flags" "$f" "$out/engines/${b}_$flags"; done
done
for f in "$data"/*office*.toml; do
  b="$(basename "$f" .toml)"
  cp "$f" "$out/office/$b"
  to_json "$f" > "$out/office/$b.json"
done
for f in "$data"/portfolio_*.toml; do
  b="$(basename "$f" .toml)"
  cp "$f" "$out/portfolio/$b"
  to_json "$f" > "$out/portfolio/$b.json"
done
if [ -d "$psplib" ]; then
  # selector byte: 0 single-mode, 1 multi-mode, 2 reference table, 3 bounds csv
  for f in "$psplib"/j30/j301_1.sm "$psplib"/j30/j3010_5.sm "$psplib"/j60/j601_1.sm; do
    [ -f "$f" ] && prefixed 0 "$f" "$out/psplib/$(basename "$f")"
  done
  for f in "$psplib"/mm/j10/j1010_1.mm "$psplib"/mm/j30/j301_1.mm; do
    [ -f "$f" ] && prefixed 1 "$f" "$out/psplib/$(basename "$f")"
  done
  [ -f "$psplib/j30/j30opt.sm" ] && head -c 4000 "$psplib/j30/j30opt.sm" > "$out/psplib/j30opt.tmp" \
    && prefixed 2 "$out/psplib/j30opt.tmp" "$out/psplib/j30opt" && rm "$out/psplib/j30opt.tmp"
  [ -f "$psplib/reference_bounds.csv" ] && head -n 40 "$psplib/reference_bounds.csv" > "$out/psplib/b.tmp" \
    && prefixed 3 "$out/psplib/b.tmp" "$out/psplib/bounds" && rm "$out/psplib/b.tmp"
  # engines: flags with bit 7 read PSPLIB (bit 2: multi-mode)
  for f in "$psplib"/j30/j301_1.sm "$psplib"/j30/j3010_5.sm; do
    [ -f "$f" ] && prefixed 128 "$f" "$out/engines/$(basename "$f")" \
      && prefixed 161 "$f" "$out/engines/$(basename "$f")_161"
  done
  [ -f "$psplib/mm/j10/j1010_1.mm" ] && prefixed 132 "$psplib/mm/j10/j1010_1.mm" "$out/engines/j1010_1.mm"
fi
for t in "$out"/*; do echo "$(basename "$t"): $(ls "$t" | wc -l) seeds"; done
