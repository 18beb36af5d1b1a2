/*
 * A single-threaded epoll echo server: the baseline of the concurrent models.
 * usage: echo_epoll PORT [BACKLOG [THREADS]]   (PORT 0: the kernel chooses; the first line names it)
 * Level-triggered, non-blocking. What a write leaves unsent is kept and the connection stops being read
 * until it is sent (back-pressure), so a client that does not read cannot make the server buffer without bound.
 * THREADS > 1 is the C twin of the `workers` model: each thread runs this same loop on its own epoll set, all
 * of them watching the shared listener; a connection stays with the thread whose accept4 took it.
 */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF_SIZE (64 * 1024)

struct conn {
    char buf[BUF_SIZE];
    size_t off, len; /* bytes read but not yet echoed: buf[off .. len) */
};

static __thread int epfd; /* each thread its own epoll set */
static struct conn **conns; /* indexed by descriptor */

static int listen_on(int port, int backlog) {
    int fd = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int on = 1;
    struct sockaddr_in6 addr = {.sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = in6addr_any};
    socklen_t len = sizeof addr;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0
            || bind(fd, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(fd, backlog) < 0
            || getsockname(fd, (struct sockaddr *) &addr, &len) < 0) {
        fprintf(stderr, "echo_epoll: cannot listen on port %d: %s\n", port, strerror(errno));
        exit(1);
    }
    printf("Waiting for incoming connections at port %d\n", ntohs(addr.sin6_port));
    fflush(stdout);
    return fd;
}

static void watch(int fd, int op, unsigned events) {
    struct epoll_event ev = {.events = events, .data.fd = fd};
    epoll_ctl(epfd, op, fd, &ev);
}

static void drop(int fd) {
    free(conns[fd]);
    conns[fd] = NULL;
    close(fd); /* also removes it from the epoll set */
}

/* Sends what is pending; returns 0 when all of it went, 1 when the socket is full, -1 when the peer is gone. */
static int flush_conn(int fd, struct conn *c) {
    while (c->off < c->len) {
        ssize_t w = send(fd, c->buf + c->off, c->len - c->off, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w < 0) {
            return errno == EAGAIN ? 1 : -1;
        }
        c->off += (size_t) w;
    }
    c->off = c->len = 0;
    return 0;
}

static void on_ready(int fd, unsigned events) {
    struct conn *c = conns[fd];
    if (events & EPOLLOUT) {
        int r = flush_conn(fd, c);
        if (r < 0) {
            drop(fd);
        } else if (r == 0) {
            watch(fd, EPOLL_CTL_MOD, EPOLLIN); /* all sent: read again */
        }
        return;
    }
    ssize_t n = recv(fd, c->buf, BUF_SIZE, 0);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        drop(fd);
        return;
    }
    if (n > 0) {
        c->len = (size_t) n;
        int r = flush_conn(fd, c);
        if (r < 0) {
            drop(fd);
        } else if (r == 1) {
            watch(fd, EPOLL_CTL_MOD, EPOLLOUT); /* the peer is slow to read: stop reading until it catches up */
        }
    }
}

static struct rlimit lim;

__attribute__((noreturn)) static void *event_loop(void *arg) {
    int listener = *(int *) arg;
    epfd = epoll_create1(0);
    watch(listener, EPOLL_CTL_ADD, EPOLLIN);
    struct epoll_event events[256];
    for (;;) {
        int ready = epoll_wait(epfd, events, 256, -1);
        for (int i = 0; i < ready; i++) {
            int fd = events[i].data.fd;
            if (fd != listener) {
                on_ready(fd, events[i].events);
                continue;
            }
            int client = accept4(listener, NULL, NULL, SOCK_NONBLOCK);
            if (client >= 0 && (size_t) client < lim.rlim_cur && (conns[client] = malloc(sizeof **conns))) {
                conns[client]->off = conns[client]->len = 0;
                watch(client, EPOLL_CTL_ADD, EPOLLIN);
            } else if (client >= 0) {
                close(client);
            }
        }
    }
}

int main(int argc, char **argv) {
    int threads = argc == 4 ? atoi(argv[3]) : 1;
    if (argc < 2 || argc > 4 || threads < 1) {
        fprintf(stderr, "usage: echo_epoll PORT [BACKLOG [THREADS]]\n");
        return 2;
    }
    getrlimit(RLIMIT_NOFILE, &lim);
    conns = calloc(lim.rlim_cur, sizeof *conns);
    int listener = listen_on(atoi(argv[1]), argc >= 3 ? atoi(argv[2]) : 4096);
    for (int i = 1; i < threads; i++) {
        pthread_t t;
        int err = pthread_create(&t, NULL, event_loop, &listener);
        if (err != 0) {
            fprintf(stderr, "echo_epoll: cannot start thread %d of %d: %s\n", i + 1, threads, strerror(err));
            return 1;
        }
        pthread_setname_np(t, "echo-loop");
    }
    event_loop(&listener); /* the main thread is the first event loop; it runs until the process is killed */
}
