#!/usr/bin/env python3
"""Hostile peers for a running stack (./gaia up): raw TCP sockets that upgrade to WebSocket, walk into a
zone of a generated town (genworld.py) with one update_location, and then never read and never answer a
ping. Run town.js beside it so that the zone is busy. Every 5 s it prints what session-service says of
itself (/actuator/prometheus, as an admin: open sockets, bytes queued for sockets, closes by reason, heap);
at the end, the TCP state of the server's end of each socket (ss): whether the server closed it.

usage: python3 sleepers.py <gaia-dir> <experience> <sockets> <zone> <seconds>
Expected (docs/protocol.md, "Slow consumers"): a peer that never reads and never sends is closed by the
heartbeat (4408, 45 s by default), and the bytes queued for it stay under the outbound bounds meanwhile.
"""
import base64
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

HOST, PORT = "127.0.0.1", 8003


def token(gaia_dir, user, admin=False):
    out = subprocess.run([os.path.join(gaia_dir, "gaia"), "token", "--user", user] + (["--admin"] if admin else []),
                         capture_output=True, text=True, check=True).stdout
    return out.strip().splitlines()[-1]


def masked_text_frame(text):
    payload = text.encode()
    mask = os.urandom(4)
    header = bytes([0x81])
    if len(payload) < 126:
        header += bytes([0x80 | len(payload)])
    else:
        header += bytes([0x80 | 126]) + len(payload).to_bytes(2, "big")
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def open_sleeper(gaia_dir, experience, user, zone):
    s = socket.create_connection((HOST, PORT))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # a small window: the server's side fills sooner
    key = base64.b64encode(os.urandom(16)).decode()
    path = f"/ws/experience?experience={experience}&token={token(gaia_dir, user)}"
    s.sendall((f"GET {path} HTTP/1.1\r\nHost: {HOST}:{PORT}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(1)
        if not chunk:
            raise RuntimeError(f"{user}: closed during the upgrade")
        head += chunk
    status = head.split(b"\r\n", 1)[0]
    if b" 101 " not in status:
        raise RuntimeError(f"{user}: upgrade refused: {status!r}")
    lat = 40.0 + zone * 0.005  # genworld.py's zones, as town.js walks them
    s.sendall(masked_text_frame(f'{{"type":"update_location","lat":{lat},"lng":-3.0}}'))
    return s


def scrape(admin):
    try:
        request = urllib.request.Request(f"http://{HOST}:{PORT}/actuator/prometheus",
                                         headers={"Authorization": f"Bearer {admin}"})
        text = urllib.request.urlopen(request, timeout=5).read().decode()
    except Exception as e:  # the stack may be busy; say so and go on
        return f"scrape failed: {e}"
    want = []
    for name in ("gaia_session_connections", "gaia_session_outbound_bytes"):
        m = re.search(rf"^{name}\S* (\S+)$", text, re.M)
        want.append(f"{name.replace('gaia_session_', '')}={m.group(1) if m else '?'}")
    for m in re.finditer(r'^gaia_session_closes_total\{[^}]*reason="([^"]+)"[^}]*\} (\S+)$', text, re.M):
        want.append(f"closes[{m.group(1)}]={m.group(2)}")
    heap = sum(float(m.group(1)) for m in re.finditer(r'^jvm_memory_used_bytes\{[^}]*area="heap"[^}]*\} (\S+)$', text, re.M))
    want.append(f"heap_used={heap / 1e6:.0f}MB")
    return " ".join(want)


def server_side_states(sleepers):
    """The TCP states of the server's ends of our sockets (ss), e.g. {'ESTAB': 3, 'FIN-WAIT-1': 2}."""
    ports = {s.getsockname()[1] for s in sleepers}
    out = subprocess.run(["ss", "-tanH", "sport", "=", f":{PORT}"], capture_output=True, text=True).stdout
    states = {}
    for line in out.splitlines():
        cols = line.split()
        if len(cols) >= 5 and cols[4].rsplit(":", 1)[-1].isdigit() and int(cols[4].rsplit(":", 1)[-1]) in ports:
            states[cols[0]] = states.get(cols[0], 0) + 1
    return states


def main():
    gaia_dir, experience, count, zone, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    admin = token(gaia_dir, "sleepers-operator", admin=True)  # the actuator answers an admin (docs/runbook.md)
    sleepers = [open_sleeper(gaia_dir, experience, f"sleeper-{i}", zone) for i in range(count)]
    start = time.time()
    print(f"{count} sockets upgraded, walked to zone {zone}, now never read; {scrape(admin)}", flush=True)
    while time.time() - start < seconds:
        time.sleep(5)
        print(f"+{time.time() - start:.0f}s {scrape(admin)}", flush=True)
    # The server's end of a socket it closed waits in FIN-WAIT-1 (its FIN is queued behind the bytes this peer
    # never read) until the peer reads or the kernel gives the orphan up; ESTAB means it was not closed.
    states = server_side_states(sleepers)
    still_open = states.get("ESTAB", 0) + states.get("CLOSE-WAIT", 0)
    print(f"after {seconds} s: the server's ends of these sockets by TCP state {states}: "
          f"{count - still_open} of {count} closed by the server, {still_open} still open; {scrape(admin)}")
    for s in sleepers:
        s.close()


if __name__ == "__main__":
    main()
