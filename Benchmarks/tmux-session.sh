# Shared by the benchmark scripts that drive a program in tmux (source it; not run on its own).
# A private server per run (-L), so nothing of the person's own tmux is touched or killed.
# Needs: $socket (the server name) and $work (a scratch folder).

tmux_() { tmux -L "$socket" -f /dev/null "$@"; }

# CPU time (user + system, every thread) of a process so far, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Starts `command...` in session `name` at WIDTHxHEIGHT, the pane's output recorded into
# $work/NAME.bytes from its very first byte: the program waits for a line on stdin until the
# pipe is attached.
start_in_tmux() {  # name width height command...
    local name="$1" width="$2" height="$3"; shift 3
    tmux_ new-session -d -s "$name" -x "$width" -y "$height" "sh -c 'read go; exec env TERM=xterm-256color LANG=C.UTF-8 $*'"
    tmux_ pipe-pane -o -t "$name" "cat >> '$work/$name.bytes'"
    tmux_ send-keys -t "$name" Enter
}

# The pid of the program in session `name`: the pane's process, or, while that is still a shell
# (tmux's default-shell may fork rather than exec the command), its child.
program_pid() {  # name
    local pid
    pid=$(tmux_ display -p -t "$1" '#{pane_pid}')
    while [[ "$(ps -o comm= -p "$pid")" =~ ^(sh|dash|bash)$ ]]; do
        pid=$(ps -o pid= --ppid "$pid" | head -1 | tr -d ' ')
    done
    echo "$pid"
}

bytes_written() { stat -c %s "$work/$1.bytes"; }

# Polls the screen of session `name` until it contains `text` (fixed string); fails after `seconds`.
wait_for_text() {  # name text seconds
    local deadline=$((SECONDS + $3))
    until tmux_ capture-pane -p -t "$1" | grep -qF -- "$2"; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "timed out waiting for '$2' in $1; the screen:" >&2
            tmux_ capture-pane -p -t "$1" >&2
            return 1
        fi
        sleep 0.1
    done
}

# CPU % of one core from a tick count over a window in seconds, with DECIMALS (default 2).
percent_of_core() {  # ticks seconds [decimals]
    awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v w="$2" -v d="${3:-2}" 'BEGIN{printf "%.*f", d, 100*t/hz/w}'
}
