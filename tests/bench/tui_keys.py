#!/usr/bin/env python3
"""Key-to-screen latency of the TUI while a diagnosis runs, and the live ladder's CPU.

The real binary in a detached tmux pane at 80x24 on its built-in lab. Latency: '?'
opens help and 'x' closes it; each key's time is from send-keys until capture-pane
shows the change (tmux's own round trip, ~1-3 ms, is included). Only samples taken
while the diagnosis was still running count (the title shows its spinner); the run is
restarted with r when it ends. Live ladder: CPU of the whole process (lab threads
included) over 3 s on the tarpit's live ladder, against 3 s idle on the home screen.
Prints Markdown table rows."""
import os, statistics, subprocess, sys, tempfile, time

BIN = sys.argv[1]
SOCK = os.path.join(tempfile.mkdtemp(), "tmux.sock")
SPIN = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"

def tmux(*a, out=False):
    r = subprocess.run(["tmux", "-S", SOCK] + list(a), capture_output=True, text=True)
    return r.stdout if out else None

def screen():
    return tmux("capture-pane", "-p", out=True)

def wait(text, timeout=15.0):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        s = screen()
        if text in s:
            return s
        time.sleep(0.0005)
    raise SystemExit("bench: '%s' never came" % text)

def cpu_ms(pid):
    with open("/proc/%d/stat" % pid) as f:
        v = f.read().rsplit(")", 1)[1].split()
    return (int(v[11]) + int(v[12])) * 1000 / os.sysconf("SC_CLK_TCK")

def pid_of_pane():
    shell = int(tmux("display-message", "-p", "#{pane_pid}", out=True))
    kids = subprocess.run(["pgrep", "-P", str(shell)], capture_output=True, text=True).stdout.split()
    return int(kids[0]) if kids else shell

tmux("new-session", "-d", "-x", "80", "-y", "24",
     "exec env TERM=tmux-256color LC_ALL=C.UTF-8 XDG_STATE_HOME=%s %s --lab --hostile" % (os.path.dirname(SOCK), BIN))
wait("Diagnose everything")
pid = pid_of_pane()
time.sleep(1)
c0 = cpu_ms(pid); time.sleep(3); idle = cpu_ms(pid) - c0

def toggle(n, back):
    out = []
    for _ in range(n):
        t0 = time.monotonic(); tmux("send-keys", "?"); wait("help: "); t1 = time.monotonic()
        tmux("send-keys", "x"); wait(back); t2 = time.monotonic()
        out += [(t1 - t0) * 1000, (t2 - t1) * 1000]
    return out

# the same keys with nothing running: what tmux and the polling cost
base = toggle(10, "Diagnose everything")
t0 = time.monotonic(); screen(); cap = (time.monotonic() - t0) * 1000

# key-to-screen while a diagnosis of good-rsa runs
tmux("send-keys", "/"); tmux("send-keys", "-l", "good-rsa"); tmux("send-keys", "Enter", "d")
wait("step")
samples = []
for _ in range(400):
    if len(samples) >= 40:
        break
    s = screen()
    running = any(c in s.splitlines()[0] for c in SPIN)
    if not running:
        tmux("send-keys", "r")
        time.sleep(0.05)
        continue
    t0 = time.monotonic(); tmux("send-keys", "?"); wait("help: wizard"); t1 = time.monotonic()
    tmux("send-keys", "x"); s = wait("Enter ladder"); t2 = time.monotonic()
    samples += [(t1 - t0) * 1000, (t2 - t1) * 1000]
tmux("send-keys", "q")
print("| TUI key-to-screen, idle | the same keys on the home screen, nothing running, 20 keys | median %.1f ms, max %.1f ms (one capture-pane: %.1f ms) |"
      % (statistics.median(base), max(base), cap))
print("| TUI key-to-screen | '?'/'x' toggling help during diagnose of good-rsa, 80x24, %d keys | median %.1f ms, max %.1f ms |"
      % (len(samples), statistics.median(samples), max(samples)))

# the live ladder on the tarpit
wait("Enter choose")
tmux("send-keys", "/"); tmux("send-keys", "-l", "tarpit"); tmux("send-keys", "Enter", "Enter")
wait("waiting for ServerHello"); tmux("send-keys", "Enter"); wait("(live)")
c0 = cpu_ms(pid); time.sleep(2); live = cpu_ms(pid) - c0
print("| TUI live ladder | tarpit's live ladder, 2 s (clock redrawn every 120 ms) | %.0f ms CPU (%.2f %%); idle home 3 s: %.0f ms (%.2f %%) |"
      % (live, live / 20, idle, idle / 30))
tmux("kill-server")
