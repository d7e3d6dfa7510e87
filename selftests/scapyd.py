#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Imports scapy once per test script and runs scapy programs in any netns.

Importing scapy costs seconds under TCG (tens of seconds on a busy
host), and a script that runs several scapy programs would pay it each
time. This is a fork server, as a zygote: "serve" imports scapy (and
icmplab) once, then for each "call" forks a child that enters the named
network namespace (and, as ip netns exec does, a mount namespace with
that netns's /sys), refreshes what scapy read from the namespace it was
imported in (interfaces, routes), and runs the program as __main__ with
the caller's argv, environment, working directory, stdout and stderr.

  scapyd.py serve SOCKET            (lib.sh starts it: scapy_run)
  scapyd.py call SOCKET NETNS PROGRAM [ARGS...]
                                    exits with PROGRAM's status
  scapyd.py check                   exits 0 if scapy can be imported

"call" imports nothing heavy: it passes its stdout and stderr to the
server over the socket (SCM_RIGHTS) with the request, and waits for the
status.
"""

import array
import ctypes
import json
import os
import runpy
import signal
import socket
import struct
import sys

CLONE_NEWNS = 0x00020000
CLONE_NEWNET = 0x40000000
MS_REC = 0x4000
MS_SLAVE = 1 << 19
MNT_DETACH = 2


def enter_netns(name):
    """setns() into /run/netns/NAME, with a private /sys for it."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open("/run/netns/" + name, os.O_RDONLY)
    if libc.setns(fd, CLONE_NEWNET):
        raise OSError(ctypes.get_errno(), "setns " + name)
    os.close(fd)
    # As ip netns exec: /sys must show this namespace's devices.
    if libc.unshare(CLONE_NEWNS) == 0:
        libc.mount(None, b"/", None, MS_SLAVE | MS_REC, None)
        libc.umount2(b"/sys", MNT_DETACH)
        libc.mount(b"sysfs", b"/sys", b"sysfs", 0, None)


def refresh_scapy():
    """What scapy learnt at import time, learnt again in this netns."""
    from scapy.all import conf
    conf.ifaces.reload()
    conf.route.resync()
    try:
        conf.route6.resync()
    except Exception:       # no IPv6 in the namespace
        pass
    # The default route's interface, if any (asking conf.route for
    # 0.0.0.0 warns when there is none).
    for net, msk, _, iface, _, _ in conf.route.routes:
        if net == 0 and msk == 0:
            conf.iface = iface
            break


def child(conn, req, fds):
    code = 0
    # subprocess must see its children's status.
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    try:
        os.dup2(fds[0], 1)
        os.dup2(fds[1], 2)
        for fd in fds:
            os.close(fd)
        sys.stdout = os.fdopen(1, "w", buffering=1, closefd=False)
        sys.stderr = os.fdopen(2, "w", buffering=1, closefd=False)
        os.environ.clear()
        os.environ.update(req["env"])
        os.chdir(req["cwd"])
        if req["netns"]:
            enter_netns(req["netns"])
        refresh_scapy()
        sys.argv = req["argv"]
        sys.path[0] = os.path.dirname(os.path.abspath(req["argv"][0]))
        runpy.run_path(req["argv"][0], run_name="__main__")
    except SystemExit as e:
        if e.code is None:
            code = 0
        elif isinstance(e.code, int):
            code = e.code
        else:
            print(e.code, file=sys.stderr)
            code = 1
    except BaseException:
        import traceback
        traceback.print_exc()
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        conn.sendall(struct.pack("=i", code))
    finally:
        os._exit(0)


def serve(path):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import icmplab  # noqa: F401 (the import this server exists for)

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)   # no zombies
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    tmp = path + ".tmp"
    srv.bind(tmp)
    srv.listen(8)
    os.rename(tmp, path)        # the socket appears once scapy is ready
    while True:
        conn, _ = srv.accept()
        fds = array.array("i")
        msg, anc, _, _ = conn.recvmsg(1 << 20, socket.CMSG_SPACE(2 * 4))
        for level, typ, data in anc:
            if level == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
                fds.frombytes(data[:len(data) - len(data) % 4])
        if not msg or len(fds) != 2:
            conn.close()
            continue
        if os.fork() == 0:
            srv.close()
            child(conn, json.loads(msg.decode()), list(fds))
        for fd in fds:
            os.close(fd)
        conn.close()


def call(path, netns, argv):
    req = {"netns": netns, "argv": argv, "cwd": os.getcwd(),
           "env": dict(os.environ)}
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    sys.stdout.flush()
    s.sendmsg([json.dumps(req).encode()],
              [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                array.array("i", [1, 2]))])
    buf = b""
    while len(buf) < 4:
        d = s.recv(4 - len(buf))
        if not d:
            print("scapyd: the server died running %s" % argv[0],
                  file=sys.stderr)
            return 1
        buf += d
    return struct.unpack("=i", buf)[0]


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "serve":
        serve(sys.argv[2])
        return 0
    if len(sys.argv) >= 5 and sys.argv[1] == "call":
        return call(sys.argv[2], sys.argv[3], sys.argv[4:])
    if len(sys.argv) == 2 and sys.argv[1] == "check":
        import importlib.util
        return 0 if importlib.util.find_spec("scapy") else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
