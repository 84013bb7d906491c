#!/bin/sh
# e2e.sh: end-to-end tests of cesim on whole guest scenarios, each a function listed
# in CASES, checking console output and exit codes. QEMU runs the same ROM for the
# differential cases. Usage: tests/e2e/e2e.sh [CASE...]   (make test-e2e runs all)
set -u
BUILD=${BUILD:-build}
CESIM=$BUILD/cesim
OUT=$BUILD/tests/e2e
SCEN=guest/scenarios
mkdir -p "$OUT"

fail() { echo "FAIL: $*"; return 1; }

# run_cesim NAME ARGS...: stdout in $OUT/NAME.out, stderr in $OUT/NAME.err, status in $rc
run_cesim() {
    name=$1; shift
    "$CESIM" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
    rc=$?
}

expect_rc() { # NAME EXPECTED
    [ "$rc" -eq "$2" ] || { cat "$OUT/$1.err"; fail "$1: exit status $rc, expected $2"; }
}

expect_out() { # NAME FILE PATTERN
    grep -q -- "$3" "$OUT/$1.$2" || { cat "$OUT/$1.$2"; fail "$1: '$3' not in $2"; }
}

case_hello() {
    run_cesim hello run --quiet "$SCEN/hello.ini"
    expect_rc hello 0 && expect_out hello out '^hello from cesim$'
}

case_hello_summary() {
    run_cesim hello_summary run --json "$OUT/hello.json" "$SCEN/hello.ini"
    expect_rc hello_summary 0 && expect_out hello_summary out '^cesim: .* instructions' &&
        grep -q '"instructions": [1-9]' "$OUT/hello.json" ||
        fail "hello_summary: JSON report without instructions"
}

# The same ROM under QEMU prints the same console text and exits 0.
case_qemu_differential() {
    for s in hello compute; do
        "$CESIM" mkrom "$SCEN/$s.ini" -o "$OUT/$s.rom" || { fail "mkrom $s"; return 1; }
        run_cesim "$s-rom" run --quiet "$OUT/$s.rom"
        expect_rc "$s-rom" 0 || return 1
        tests/e2e/qemu-run "$OUT/$s.rom" >"$OUT/$s.qemu" 2>"$OUT/$s.qemu.err"
        qrc=$?
        [ "$qrc" -eq 0 ] || { cat "$OUT/$s.qemu.err"; fail "$s under QEMU: exit $qrc"; return 1; }
        cmp -s "$OUT/$s-rom.out" "$OUT/$s.qemu" ||
            { diff "$OUT/$s-rom.out" "$OUT/$s.qemu"; fail "$s: console differs from QEMU"; return 1; }
    done
}

case_budget() {
    run_cesim spin run --quiet --max-insns 2000000 "$SCEN/spin.ini"
    expect_rc spin 4 && expect_out spin err 'budget'
}

# A user process that faults is killed with one line; the kernel goes on and exits with
# the app's code, STATUS_ACCESS_VIOLATION (0xC0000005): status 5.
case_fault_killed() {
    run_cesim fault run --quiet --max-insns 50000000 "$SCEN/fault.ini"
    expect_rc fault 5 &&
        expect_out fault out '^kernel: process fault (pid 1) killed: data abort at pc 0x[0-9a-f]*, address 0x60000000, status 0x5' &&
        expect_out fault out '^kernel: exit code 0xc0000005$'
}

# The JSON report of a run with the cache model: non-zero cache statistics that add up
# (hits + misses = accesses, per cache and per context), no coherence diagnostics on
# the kernel's own boot, and model-off runs without cache figures.
case_json_cache_stats() {
    run_cesim stats run --quiet --json "$OUT/stats.json" "$SCEN/compute.ini"
    expect_rc stats 0 || return 1
    python3 - "$OUT/stats.json" <<'PY' || fail "json_cache_stats: figures do not add up"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["cache_model"] is True
for name, c in d["caches"].items():
    assert c["accesses"] > 0 and c["hits"] + c["misses"] == c["accesses"], (name, c)
    assert c["misses"] > 0 and c["line_fills"] > 0, (name, c)
for ctx in d["contexts"]:
    for c in ctx["caches"].values():
        assert c["hits"] + c["misses"] == c["accesses"]
k, u = d["kernel_mode"]["caches"]["dcache"], d["user_mode"]["caches"]["dcache"]
assert k["accesses"] + u["accesses"] == d["caches"]["dcache"]["accesses"]
assert d["diagnostics"] == [], d["diagnostics"]
assert d["cycles"] > d["instructions"] > 0
PY
    run_cesim stats_off run --quiet --set cache.model=off --json "$OUT/stats-off.json" \
        "$SCEN/compute.ini"
    expect_rc stats_off 0 && grep -q '"caches": {}' "$OUT/stats-off.json" ||
        fail "json_cache_stats: model off still reports caches"
}

# The sweep on a tiny grid (two sizes, two modes): a CSV with every column, a PNG.
case_sweep_tiny() {
    rm -rf "$OUT/sweep"
    scripts/sweep --grid tiny --out "$OUT/sweep" --cesim "$CESIM" >"$OUT/sweep.out" 2>&1 ||
        { cat "$OUT/sweep.out"; fail "sweep_tiny: the sweep failed"; return 1; }
    head -1 "$OUT/sweep/sweep.csv" | grep -q '^run,size,mode,pattern,ist,app,cache,latency,exit_status,instructions,cycles,marshal_calls,marshal_cycles,bytes_copied' ||
        fail "sweep_tiny: CSV header" || return 1
    [ "$(wc -l <"$OUT/sweep/sweep.csv")" -eq 5 ] || fail "sweep_tiny: expected 4 rows" || return 1
    awk -F, 'NR > 1 && $9 != 0 { bad = 1 } END { exit bad }' "$OUT/sweep/sweep.csv" ||
        fail "sweep_tiny: a run did not exit 0" || return 1
    head -c 8 "$OUT/sweep/sweep.png" | od -A n -t x1 | grep -q '89 50 4e 47 0d 0a 1a 0a' ||
        fail "sweep_tiny: sweep.png is not a PNG"
}

# Fault injection (stale.ini, kernel.alias_uncache = off): the coherence checker reports
# stale reads through the app's VA of data written through the kernel alias; with the
# kernel doing its duty (on) it reports none. The app exits 0 either way.
case_stale_on_off() {
    run_cesim stale run --json "$OUT/stale-off.json" "$SCEN/stale.ini"
    expect_rc stale 0 && expect_out stale out 'stale-read x[0-9]*: VA 0x' || return 1
    run_cesim stale_on run --json "$OUT/stale-on.json" --set kernel.alias_uncache=on \
        "$SCEN/stale.ini"
    expect_rc stale_on 0 || return 1
    python3 - "$OUT/stale-off.json" "$OUT/stale-on.json" <<'PY' || fail "stale_on_off: findings"
import json, sys
off, on = (json.load(open(p)) for p in sys.argv[1:])
stale = [d for d in off["diagnostics"] if d["kind"] == "stale-read"]
assert stale, "no stale read with alias_uncache=off"
assert all(d["other"]["va"].startswith("0xd1") for d in stale), stale[0]
# The app's load that read the stale data is pinned down (its block holds one load).
assert any(d["pc_is_instruction"] for d in stale), stale[0]
assert on["diagnostics"] == [], on["diagnostics"][:2]
PY
}

# The default demo (make run): every column, every row, no diagnostics and no leaks.
case_demo_table() {
    scripts/demo --cesim "$CESIM" --json-dir "$OUT/demo" >"$OUT/demo.out" 2>&1 ||
        { cat "$OUT/demo.out"; fail "demo_table: the demo failed"; return 1; }
    for w in duplicate "forced alias" user-mode "pipt cache" "total cycles" \
        "cycles in marshaling calls" "bytes copied" "uncached accesses, driver side" \
        "uncached accesses, app side" "D-cache misses" "address-space switches"; do
        grep -q "$w" "$OUT/demo.out" || { cat "$OUT/demo.out"; fail "demo_table: no '$w'"; return 1; }
    done
    grep -Eq '^diagnostics +0 +0 +0 +0$' "$OUT/demo.out" &&
        grep -Eq '^leaks +0 +0 +0 +0$' "$OUT/demo.out" || fail "demo_table: diagnostics or leaks"
}

case_bad_scenario() {
    printf '[board]\nram = lots\n' >"$OUT/bad.ini"
    run_cesim bad run "$OUT/bad.ini"
    expect_rc bad 2 && expect_out bad err 'bad.ini:2: \[board\] ram'
}

case_bad_set() {
    run_cesim badset run --set board.nosuchkey=1 "$SCEN/hello.ini"
    expect_rc badset 2 && expect_out badset err 'nosuchkey'
}

case_malformed_rom() {
    head -c 3000 /dev/urandom >"$OUT/garbage.rom"
    printf '\177ELF' | cat - "$OUT/garbage.rom" >"$OUT/garbage2.rom"
    run_cesim garbage run "$OUT/garbage2.rom"
    expect_rc garbage 2 && expect_out garbage err 'garbage2.rom'
}

case_missing_file() {
    run_cesim missing run "$OUT/no-such-file.ini"
    expect_rc missing 2
}

case_usage() {
    run_cesim usage run
    expect_rc usage 2 && expect_out usage err 'usage'
}

case_trace_window() {
    run_cesim trace run --quiet --trace "$OUT/trace.txt" --trace-from 1000 --trace-count 100 \
        "$SCEN/hello.ini"
    expect_rc trace 0 || return 1
    # Instruction lines start with the instruction number; data accesses are indented.
    n=$(grep -c '^ *[0-9]' "$OUT/trace.txt")
    [ "$n" -eq 100 ] || fail "trace: $n instruction lines, expected 100" || return 1
    head -1 "$OUT/trace.txt" | grep -q '^ *1000 ' || fail "trace: does not start at instruction 1000" ||
        return 1
    grep -Eq '^ +(read |write) va 0x[0-9a-f]{8} pa 0x[0-9a-f]{8} [1248] bytes: (hit|miss|uncached), [0-9]+ cycles$' \
        "$OUT/trace.txt" || fail "trace: no data access line with VA, PA and hit/miss/uncached"
}

case_deterministic() {
    run_cesim det1 run --json "$OUT/det1.json" "$SCEN/hello.ini"
    run_cesim det2 run --json "$OUT/det2.json" "$SCEN/hello.ini"
    a=$(grep -E '"(instructions|cycles)"' "$OUT/det1.json")
    b=$(grep -E '"(instructions|cycles)"' "$OUT/det2.json")
    [ "$a" = "$b" ] || fail "two runs differ: $a / $b"
}

CASES=${*:-"hello hello_summary qemu_differential budget fault_killed json_cache_stats bad_scenario bad_set
malformed_rom missing_file usage trace_window deterministic sweep_tiny stale_on_off demo_table"}
pass=0; failed=""
for c in $CASES; do
    if "case_$c"; then echo "ok   $c"; pass=$((pass + 1)); else echo "FAIL $c"; failed="$failed $c"; fi
done
echo "e2e: $pass passed${failed:+, failed:$failed}"
[ -z "$failed" ]
