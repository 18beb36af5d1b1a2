/*
 * A thread per connection, blocking reads and writes: the C twin of the `thread` model.
 * usage: echo_threads PORT [BACKLOG]   (PORT 0: the kernel chooses; the first line names it)
 * The accepting thread starts one thread per connection; each echoes until EOF with full writes. A blocking
 * write is the back-pressure: a client that does not read stops its own thread from reading, and nothing else.
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE (64 * 1024)
#define STACK_SIZE (256 * 1024) /* the buffer is on the heap: a small stack lets 10,000 threads fit */

static int listen_on(int port, int backlog) {
    int fd = socket(AF_INET6, SOCK_STREAM, 0);
    int on = 1;
    struct sockaddr_in6 addr = {.sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = in6addr_any};
    socklen_t len = sizeof addr;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0
            || bind(fd, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(fd, backlog) < 0
            || getsockname(fd, (struct sockaddr *) &addr, &len) < 0) {
        fprintf(stderr, "echo_threads: cannot listen on port %d: %s\n", port, strerror(errno));
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

/* One connection's thread: echo until EOF or an error, then close. */
static void *serve(void *arg) {
    int fd = (int) (intptr_t) arg;
    char *buf = malloc(BUF_SIZE);
    for (ssize_t n; buf != NULL && (n = recv(fd, buf, BUF_SIZE, 0)) != 0;) {
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 || send_all(fd, buf, (size_t) n) < 0) {
            break;
        }
    }
    free(buf);
    close(fd);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: echo_threads PORT [BACKLOG]\n");
        return 2;
    }
    int listener = listen_on(atoi(argv[1]), argc == 3 ? atoi(argv[2]) : 4096);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, STACK_SIZE);
    time_t last_failure = 0; /* of accept() for want of descriptors */
    for (;;) {
        int client = accept(listener, NULL, NULL);
        if (client < 0 && (errno == EMFILE || errno == ENFILE)) {
            /* The connection stays queued, so accept() would fail again at once: pause as the Java servers do.
             * Said once an episode, which 5 s without such a failure end: a freed descriptor lets one through. */
            time_t now = time(NULL);
            if (now - last_failure > 5) {
                fprintf(stderr, "echo_threads: cannot accept: %s; retrying every second, the clients wait queued\n",
                        strerror(errno));
            }
            last_failure = now;
            sleep(1);
            continue;
        }
        if (client < 0) {
            continue; /* EINTR, or a connection reset while queued (ECONNABORTED): accept the next */
        }
        pthread_t t;
        int err = pthread_create(&t, &attr, serve, (void *) (intptr_t) client);
        if (err != 0) {
            fprintf(stderr, "echo_threads: no thread for a connection, closed: %s\n", strerror(err));
            close(client);
            continue;
        }
        pthread_setname_np(t, "echo-conn");
    }
}
