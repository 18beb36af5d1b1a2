/*
 * A process per connection, as lab 2's TCPechod: the C twin of the `process` model.
 * usage: echo_fork PORT [BACKLOG]   (PORT 0: the kernel chooses; the first line names it)
 * The parent accepts, fork()s, closes its copy of the connection and accepts the next; the child closes the
 * listening socket, echoes until EOF and exits. SIGCHLD's handler reaps with waitpid(-1, WNOHANG) > 0.
 */
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define BUF_SIZE 8192 /* BUFSIZ, as EchoChild */

static int listen_on(int port, int backlog) {
    int fd = socket(AF_INET6, SOCK_STREAM, 0);
    int on = 1;
    struct sockaddr_in6 addr = {.sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = in6addr_any};
    socklen_t len = sizeof addr;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0
            || bind(fd, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(fd, backlog) < 0
            || getsockname(fd, (struct sockaddr *) &addr, &len) < 0) {
        fprintf(stderr, "echo_fork: cannot listen on port %d: %s\n", port, strerror(errno));
        exit(1);
    }
    printf("Waiting for incoming connections at port %d\n", ntohs(addr.sin6_port));
    fflush(stdout);
    return fd;
}

/* TCPechod's reaper, with > 0: >= 0 would spin while a child still runs. */
static void reaper(int sig) {
    int saved = errno;
    (void) sig;
    while (waitpid(-1, NULL, WNOHANG) > 0) {
    }
    errno = saved;
}

/* The child: echo until EOF or an error, with full writes. */
static int serve(int fd) {
    char buf[BUF_SIZE];
    for (ssize_t n; (n = read(fd, buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return 1;
        }
        for (ssize_t off = 0, w; off < n; off += w) {
            w = write(fd, buf + off, (size_t) (n - off));
            if (w < 0 && errno == EINTR) {
                w = 0;
            } else if (w < 0) {
                return 1;
            }
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: echo_fork PORT [BACKLOG]\n");
        return 2;
    }
    int listener = listen_on(atoi(argv[1]), argc == 3 ? atoi(argv[2]) : 4096);
    struct sigaction sa = {.sa_handler = reaper, .sa_flags = SA_RESTART};
    sigaction(SIGCHLD, &sa, NULL);
    for (;;) {
        int fd = accept(listener, NULL, NULL);
        if (fd < 0) {
            if (errno != EINTR) {
                perror("echo_fork: accept");
            }
            continue;
        }
        pid_t pid = fork();
        if (pid == 0) {
            close(listener);
            _exit(serve(fd));
        }
        if (pid < 0) {
            perror("echo_fork: fork");
        }
        close(fd); /* the child has its own copy: without this close, no FIN when it exits */
    }
}
