/*
 * The lab's sequential echo server done right: the baseline of echo-server.jar.
 * usage: echo_seq PORT [BACKLOG]   (PORT 0: the kernel chooses; the first line names it)
 * One client at a time: accept, echo until EOF with full writes, close the active socket, accept the next.
 * A client that resets costs only its own connection (no SIGPIPE: send with MSG_NOSIGNAL).
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int listen_on(int port, int backlog) {
    int fd = socket(AF_INET6, SOCK_STREAM, 0);
    int on = 1;
    struct sockaddr_in6 addr = {.sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = in6addr_any};
    socklen_t len = sizeof addr;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0
            || bind(fd, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(fd, backlog) < 0
            || getsockname(fd, (struct sockaddr *) &addr, &len) < 0) {
        fprintf(stderr, "echo_seq: cannot listen on port %d: %s\n", port, strerror(errno));
        exit(1);
    }
    printf("Waiting for incoming connections at port %d\n", ntohs(addr.sin6_port));
    fflush(stdout);
    return fd;
}

/* Writes all n bytes; returns -1 when the peer is gone. */
static int send_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w < 0) {
            return -1;
        }
        p += w;
        n -= (size_t) w;
    }
    return 0;
}

int main(int argc, char **argv) {
    static char buf[64 * 1024];
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: echo_seq PORT [BACKLOG]\n");
        return 2;
    }
    int listener = listen_on(atoi(argv[1]), argc == 3 ? atoi(argv[2]) : 4096);
    for (;;) {
        int fd = accept(listener, NULL, NULL);
        if (fd < 0) {
            if (errno != EINTR && errno != ECONNABORTED) {
                perror("echo_seq: accept"); /* e.g. EMFILE: report it and keep serving */
            }
            continue;
        }
        ssize_t n;
        while ((n = recv(fd, buf, sizeof buf, 0)) > 0 || (n < 0 && errno == EINTR)) {
            if (n > 0 && send_all(fd, buf, (size_t) n) < 0) {
                break;
            }
        }
        close(fd);
    }
}
