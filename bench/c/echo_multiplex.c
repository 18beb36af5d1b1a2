/*
 * The C twins of the select and poll models: one thread, non-blocking sockets, and each round the whole set of
 * descriptors handed to select(2) or poll(2) again, which the kernel walks in full.
 * usage: echo_multiplex select|poll PORT [BACKLOG]   (PORT 0: the kernel chooses; the first line names it)
 * select watches descriptors below FD_SETSIZE (1024) only: a connection above it is closed at once.
 * What a write leaves unsent is kept, and the connection is not read until it is sent (back-pressure).
 */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF_SIZE (64 * 1024)

struct conn {
    char buf[BUF_SIZE];
    size_t off, len; /* read but not yet echoed: buf[off .. len) */
};

static struct conn **conns; /* indexed by descriptor */
static int max_fd;

static void drop(int fd) {
    free(conns[fd]);
    conns[fd] = NULL;
    close(fd);
}

/* Reads if readable and nothing is pending, then writes what is pending. */
static void serve(int fd, int readable) {
    struct conn *c = conns[fd];
    if (readable && c->len == 0) {
        ssize_t n = recv(fd, c->buf, BUF_SIZE, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
            drop(fd);
            return;
        }
        c->off = 0;
        c->len = n > 0 ? (size_t) n : 0;
    }
    while (c->off < c->len) {
        ssize_t w = send(fd, c->buf + c->off, c->len - c->off, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno != EAGAIN && errno != EINTR) {
                drop(fd);
            }
            return;
        }
        c->off += (size_t) w;
    }
    c->off = c->len = 0;
}

static void accept_all(int listener, int use_select) {
    for (;;) {
        int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK);
        if (fd < 0) {
            return; /* EAGAIN: none left */
        }
        if (use_select && fd >= FD_SETSIZE) {
            fprintf(stderr, "echo_multiplex: descriptor %d is at or above FD_SETSIZE (%d): closed\n", fd, FD_SETSIZE);
            close(fd);
            continue;
        }
        conns[fd] = calloc(1, sizeof(struct conn));
        if (fd > max_fd) {
            max_fd = fd;
        }
    }
}

int main(int argc, char **argv) {
    if (argc < 3 || (strcmp(argv[1], "select") != 0 && strcmp(argv[1], "poll") != 0)) {
        fprintf(stderr, "usage: echo_multiplex select|poll PORT [BACKLOG]\n");
        return 2;
    }
    int use_select = strcmp(argv[1], "select") == 0;
    struct rlimit lim;
    getrlimit(RLIMIT_NOFILE, &lim);
    conns = calloc(lim.rlim_cur, sizeof *conns);
    struct pollfd *fds = calloc(lim.rlim_cur, sizeof *fds);
    int listener = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int on = 1;
    struct sockaddr_in6 addr = {.sin6_family = AF_INET6, .sin6_port = htons(atoi(argv[2])), .sin6_addr = in6addr_any};
    socklen_t len = sizeof addr;
    if (listener < 0 || setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0
            || bind(listener, (struct sockaddr *) &addr, sizeof addr) < 0
            || listen(listener, argc > 3 ? atoi(argv[3]) : 128) < 0
            || getsockname(listener, (struct sockaddr *) &addr, &len) < 0) {
        fprintf(stderr, "echo_multiplex: cannot listen on port %s: %s\n", argv[2], strerror(errno));
        return 1;
    }
    printf("Waiting for incoming connections at port %d\n", ntohs(addr.sin6_port));
    fflush(stdout);
    max_fd = listener;
    for (;;) {
        if (use_select) {
            fd_set rd, wr;
            FD_ZERO(&rd);
            FD_ZERO(&wr);
            FD_SET(listener, &rd);
            for (int fd = 0; fd <= max_fd; fd++) {
                if (conns[fd]) {
                    FD_SET(fd, conns[fd]->len > 0 ? &wr : &rd);
                }
            }
            if (select(max_fd + 1, &rd, &wr, NULL, NULL) < 0) {
                continue; /* EINTR */
            }
            if (FD_ISSET(listener, &rd)) {
                accept_all(listener, 1);
            }
            for (int fd = 0; fd <= max_fd; fd++) {
                if (conns[fd] && (FD_ISSET(fd, &rd) || FD_ISSET(fd, &wr))) {
                    serve(fd, FD_ISSET(fd, &rd));
                }
            }
        } else {
            int n = 0;
            fds[n++] = (struct pollfd){.fd = listener, .events = POLLIN};
            for (int fd = 0; fd <= max_fd; fd++) {
                if (conns[fd]) {
                    fds[n++] = (struct pollfd){.fd = fd, .events = conns[fd]->len > 0 ? POLLOUT : POLLIN};
                }
            }
            if (poll(fds, n, -1) < 0) {
                continue;
            }
            for (int i = 1; i < n; i++) {
                if (fds[i].revents) {
                    serve(fds[i].fd, fds[i].revents & (POLLIN | POLLERR | POLLHUP));
                }
            }
            if (fds[0].revents & POLLIN) {
                accept_all(listener, 0);
            }
        }
    }
}
