# Drives one TCP scenario on 127.0.0.1 (or ::1) for a capture; usage: scen.py MODE PORT
import socket, sys, threading, time
mode, port = sys.argv[1], int(sys.argv[2])
fam, host = (socket.AF_INET6, '::1') if mode.endswith('6') else (socket.AF_INET, '127.0.0.1')

def listener(backlog=5):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port)); s.listen(backlog); return s

def client():
    c = socket.socket(fam, socket.SOCK_STREAM); c.connect((host, port)); return c

if mode == 'refused':
    try:
        client()
    except ConnectionRefusedError as e:
        print('refused', e)
elif mode == 'rst-unread':          # close() with unread data: [R.]
    l = listener(); c = client(); a, _ = l.accept()
    c.sendall(b'unread bytes\n'); time.sleep(0.2); a.close(); time.sleep(0.2); c.close(); l.close()
elif mode == 'rst-closed':          # data to a socket already closed: [R]
    l = listener(); c = client(); a, _ = l.accept()
    a.close(); time.sleep(0.2); c.sendall(b'late\n'); time.sleep(0.2); c.close(); l.close()
elif mode in ('echo', 'echo6'):
    l = listener(); c = client(); a, _ = l.accept()
    c.sendall(b'hello\n'); a.sendall(a.recv(100)); c.recv(100); c.shutdown(socket.SHUT_WR)
    a.recv(100); a.close(); c.recv(100); c.close(); l.close()
elif mode == 'backlog':             # listen(1), never accept: the 3rd and 4th SYNs are dropped
    l = listener(1); cs = []
    for i in range(4):
        c = socket.socket(fam, socket.SOCK_STREAM); c.setblocking(False)
        c.connect_ex((host, port)); cs.append(c); time.sleep(0.05)
    cs[0].send(b'A\n'); time.sleep(3.5)
    for c in reversed(cs):
        c.close()
    time.sleep(0.1); l.close()
elif mode == 'simclose':            # both ends send then shut down together; tbf on lo delays both FINs
    l = listener(); c = client(); a, _ = l.accept()
    go = threading.Barrier(2)
    def end(s):
        go.wait(); s.sendall(b'x' * 1500); s.shutdown(socket.SHUT_WR)
        while s.recv(4096):
            pass
        s.close()
    t = threading.Thread(target=end, args=(a,)); t.start(); end(c); t.join(); l.close()
print('done', mode)
if mode == 'fin-with-data':         # TCP_CORK holds the data back, so the FIN rides on it: [FP.]
    l = listener(); c = client(); a, _ = l.accept()
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1); c.sendall(b'last words\n'); c.shutdown(socket.SHUT_WR)
    a.recv(100); a.recv(100); a.close(); c.recv(100); c.close(); l.close()
