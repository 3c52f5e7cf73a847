#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal of a given size and records every byte it writes.

    pty-capture.py --out raw.bin [--cols 120 --rows 40 --cell 10x20] [--until REGEX] [--settle S]
                   [--keys q] [--timeout S] [--env K=V ...] -- command args...

The window size given to the program includes pixels (cols*cell width × rows*cell height), as a terminal with
pixel graphics reports them. The program gets a clean environment: PATH, HOME, NNDL_CIFAR_DIR, LANG=C.UTF-8 and
TERM=xterm-256color, then each --env K=V (K= removes K). After REGEX (a Python bytes regex, e.g. 'DONE\x1b') has
matched the output (or at once without --until), it waits --settle seconds, types --keys one at a time, and waits
for the program to exit (killing it after --timeout). Prints one JSON line:
{"exit": status or null, "signal": number or null, "bytes": n, "seen": bool}.
"""
import argparse, fcntl, json, os, pty, re, select, signal, struct, sys, termios, time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--cols", type=int, default=120)
    ap.add_argument("--rows", type=int, default=40)
    ap.add_argument("--cell", default="10x20")
    ap.add_argument("--until", default=None)
    ap.add_argument("--settle", type=float, default=1.0)
    ap.add_argument("--keys", default="q")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--env", action="append", default=[])
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    command = a.command[1:] if a.command[:1] == ["--"] else a.command
    cw, ch = (int(v) for v in a.cell.split("x"))
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "NNDL_CIFAR_DIR")}
    env.update(LANG="C.UTF-8", TERM="xterm-256color")
    for kv in a.env:
        k, _, v = kv.partition("=")
        if v == "":
            env.pop(k, None)
        else:
            env[k] = v
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", a.rows, a.cols, a.cols * cw, a.rows * ch))
        os.execvpe(command[0], command, env)
    data = bytearray()
    start = time.time()
    seen_at = None if a.until else start
    keys = list(a.keys)
    status = None
    while True:
        if seen_at is None and re.search(a.until.encode(), data):
            seen_at = time.time()
        if seen_at is not None and keys and time.time() - seen_at >= a.settle:
            try:
                os.write(fd, keys.pop(0).encode())
            except OSError:
                pass
            seen_at = time.time() - a.settle + 0.5
        if time.time() - start > a.timeout:
            os.kill(pid, signal.SIGKILL)
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            data += chunk
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = st
            # Drain what is left.
            while select.select([fd], [], [], 0.1)[0]:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                data += chunk
            break
    if status is None:
        _, status = os.waitpid(pid, 0)
    with open(a.out, "wb") as f:
        f.write(data)
    print(json.dumps({
        "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "bytes": len(data), "seen": a.until is None or re.search(a.until.encode(), data) is not None}))


if __name__ == "__main__":
    main()
