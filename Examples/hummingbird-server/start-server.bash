# Sourced by ci-check, screenshot and bench: starts the example on a free port, its probe's
# socket in a runtime folder of the caller's own (so it meets no other probe), and waits for
# its two lines. The caller defines fail().
#   start_server BINARY WORK [FLAG...]    sets server_pid, url and socket (empty with --no-probe)
start_server() {
    local binary=$1 work=$2
    shift 2
    mkdir -p -m 700 "$work/runtime"
    : >"$work/out"
    XDG_RUNTIME_DIR="$work/runtime" "$binary" --port 0 "$@" >"$work/out" 2>"$work/err" &
    server_pid=$!
    local deadline=$((SECONDS + 30))
    until grep -q '^probe ' "$work/out" 2>/dev/null; do
        kill -0 "$server_pid" 2>/dev/null || fail "the server exited before listening: $(cat "$work/err")"
        ((SECONDS < deadline)) || fail "no 'probe' line within 30 s: $(cat "$work/out" "$work/err")"
        sleep 0.1
    done
    url="$(sed -n 's|^listening on \(http://127\.0\.0\.1:[0-9][0-9]*\)$|\1|p' "$work/out")"
    socket="$(sed -n 's/^probe socket //p' "$work/out")"
    [[ -n $url ]] || fail "no 'listening on http://127.0.0.1:PORT' line: $(cat "$work/out")"
}
