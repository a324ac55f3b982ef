# What the benchmarks' shell scripts share; sourced, not run.

# Installs each Debian package named that is missing (apt-get; through sudo when not root).
need_packages() {
  local pkg sudo_=""
  [ "$(id -u)" = 0 ] || sudo_=sudo
  for pkg in "$@"; do
    dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null | grep -qx installed ||
      { echo "==> installing $pkg"; $sudo_ apt-get install -y -q "$pkg" >/dev/null; }
  done
}

# The median of the numbers on standard input (separated by spaces or lines); -1 for none.
median() {
  tr ' ' '\n' | { grep -v '^$' || true; } | sort -n |
    awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : -1)}'
}

# Starts a 1600x1000 Xvfb on a free-looking display and waits for its socket: sets `display`
# and `xvfb` (its pid, for the caller's cleanup) and exports DISPLAY.
start_xvfb() {
  display=:$((90 + RANDOM % 100))
  Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
  export DISPLAY=$display
}

# The clock ticks a thread or process has run (user + system), from its stat file.
ticks() { awk '{sub(/^.*\) /, ""); print $12 + $13}' "$1"; }

# Each thread name of process PID with the ticks its threads of that name have run, sorted by
# name (threads of one name, a pool's, are added together).
thread_ticks() {
  local t
  for t in /proc/"$1"/task/*; do echo "$(tr ' ' _ <"$t/comm") $(ticks "$t/stat")"; done |
    awk '{a[$1] += $2} END {for (k in a) print k, a[k]}' | sort
}

# The share of a core each thread name ran between two thread_ticks files BEFORE and AFTER,
# SECONDS apart, largest first: "name 12.3%" lines and "the_whole_process N%" (a name that
# appeared in between counts from 0; the ticks of threads that ended in between are not seen).
thread_shares() {
  join -a 2 -e 0 -o 0,1.2,2.2 "$1" "$2" | awk -v s="$3" -v hz="$(getconf CLK_TCK)" '
    {d = $3 - $2; t += d; if (d > 0) printf "%s %.1f%%\n", $1, 100 * d / (s * hz)}
    END {printf "the_whole_process %.1f%%\n", 100 * t / (s * hz)}' | sort -k2 -n -r
}
