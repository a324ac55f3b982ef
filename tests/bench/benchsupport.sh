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
