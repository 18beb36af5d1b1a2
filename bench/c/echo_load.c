/*
 * An independent load client, to check the project's load generator (echo-client bench) against.
 * usage: echo_load HOST PORT CONNECTIONS SIZE SECONDS WARMUP_SECONDS
 * One thread, epoll, CONNECTIONS non-blocking connections, each with one SIZE-byte message in flight: send it,
 * read the whole echo, check every byte, send the next. Round trips that start after the warm-up and end before
 * SECONDS are measured. Prints one JSON line with the fields echo-client bench --json uses.
 * Byte k of connection c's stream is (k + c) % 251, so an echo from the wrong place or connection shows.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct conn {
    int fd;
    uint64_t offset;   /* stream offset of the message in flight */
    size_t sent, got;  /* of the message in flight */
    uint64_t began;    /* when it was sent, ns */
    int served;        /* an echo came back */
};

static size_t size;
static unsigned char *pattern; /* pattern[j] = j % 251, 251 + size bytes */
static unsigned char in[64 * 1024];
static uint64_t *lat;          /* measured latencies, ns */
static size_t nlat, caplat;

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t) t.tv_sec * 1000000000u + (uint64_t) t.tv_nsec;
}

static const unsigned char *expected(int index, uint64_t offset) {
    return pattern + (offset + (uint64_t) index) % 251;
}

static void fail(const char *what) {
    fprintf(stderr, "echo_load: %s: %s\n", what, strerror(errno));
    exit(1);
}

static int compare_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;
    return x < y ? -1 : x > y;
}

static double percentile_us(double q) {
    if (nlat == 0) {
        return 0;
    }
    size_t rank = (size_t) (q / 100 * (double) nlat + 0.999999);
    return (double) lat[rank > 0 ? rank - 1 : 0] / 1000.0;
}

/* Sends the rest of the message in flight; returns -1 when the peer is gone. */
static int send_rest(struct conn *c, int index) {
    while (c->sent < size) {
        ssize_t w = send(c->fd, expected(index, c->offset) + c->sent, size - c->sent, MSG_NOSIGNAL);
        if (w < 0) {
            return errno == EAGAIN || errno == EINTR ? 0 : -1;
        }
        c->sent += (size_t) w;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: echo_load HOST PORT CONNECTIONS SIZE SECONDS WARMUP_SECONDS\n");
        return 2;
    }
    struct sockaddr_in server = {.sin_family = AF_INET, .sin_port = htons((uint16_t) atoi(argv[2]))};
    int n = atoi(argv[3]);
    size = (size_t) atol(argv[4]);
    double seconds = atof(argv[5]), warmup = atof(argv[6]);
    if (inet_pton(AF_INET, argv[1], &server.sin_addr) != 1 || n < 1 || size < 1 || size > sizeof in
            || warmup >= seconds) {
        fprintf(stderr, "echo_load: bad arguments (HOST is an IPv4 address, SIZE 1..65536, WARMUP < SECONDS)\n");
        return 2;
    }
    struct rlimit lim;
    getrlimit(RLIMIT_NOFILE, &lim);
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
    pattern = malloc(251 + size);
    for (size_t j = 0; j < 251 + size; j++) {
        pattern[j] = (unsigned char) (j % 251);
    }
    struct conn *conns = calloc((size_t) n, sizeof *conns);
    int epfd = epoll_create1(0);
    int one = 1;
    for (int i = 0; i < n; i++) {
        conns[i].fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        if (conns[i].fd < 0) {
            fail("socket");
        }
        setsockopt(conns[i].fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (connect(conns[i].fd, (struct sockaddr *) &server, sizeof server) < 0 && errno != EINPROGRESS) {
            fail("connect");
        }
        struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.u32 = (uint32_t) i};
        epoll_ctl(epfd, EPOLL_CTL_ADD, conns[i].fd, &ev);
    }
    uint64_t start = now_ns(), measure_from = start + (uint64_t) (warmup * 1e9);
    uint64_t end = start + (uint64_t) (seconds * 1e9);
    uint64_t ops = 0, failed = 0;
    struct epoll_event events[256];
    for (uint64_t t = start; t < end; t = now_ns()) {
        int ready = epoll_wait(epfd, events, 256, (int) ((end - t) / 1000000) + 1);
        for (int e = 0; e < ready; e++) {
            int i = (int) events[e].data.u32;
            struct conn *c = &conns[i];
            if (c->fd < 0) {
                continue;
            }
            if ((events[e].events & EPOLLOUT) && c->began == 0) { /* connected (or refused): send the first */
                struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t) i};
                epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
                c->began = now_ns();
            }
            if (send_rest(c, i) < 0) {
                close(c->fd);
                c->fd = -1;
                failed++;
                continue;
            }
            if (!(events[e].events & EPOLLIN)) {
                continue;
            }
            ssize_t r = recv(c->fd, in, size - c->got, 0);
            if (r <= 0) {
                if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
                    close(c->fd);
                    c->fd = -1;
                    failed++;
                }
                continue;
            }
            if (memcmp(in, expected(i, c->offset) + c->got, (size_t) r) != 0) {
                fprintf(stderr, "echo_load: connection %d: the echo of offset %llu differs from what was sent\n", i,
                        (unsigned long long) (c->offset + c->got));
                return 1;
            }
            c->got += (size_t) r;
            if (c->got < size) {
                continue;
            }
            uint64_t done = now_ns();
            c->served = 1;
            if (c->began >= measure_from && done <= end) {
                if (nlat == caplat) {
                    caplat = caplat ? 2 * caplat : 1 << 16;
                    lat = realloc(lat, caplat * sizeof *lat);
                }
                lat[nlat++] = done - c->began;
                ops++;
            }
            c->offset += size;
            c->sent = c->got = 0;
            c->began = done;
            if (send_rest(c, i) < 0) {
                close(c->fd);
                c->fd = -1;
                failed++;
            }
        }
    }
    struct linger rst = {.l_onoff = 1, .l_linger = 0};
    for (int i = 0; i < n; i++) { /* end with a RST, as echo-client bench does: no TIME_WAIT left for the next run */
        if (conns[i].fd >= 0) {
            setsockopt(conns[i].fd, SOL_SOCKET, SO_LINGER, &rst, sizeof rst);
            close(conns[i].fd);
        }
    }
    qsort(lat, nlat, sizeof *lat, compare_u64);
    int served = 0;
    for (int i = 0; i < n; i++) {
        served += conns[i].served;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double measured = seconds - warmup;
    printf("{\"client\":\"echo_load\",\"connections\":%d,\"size\":%zu,\"seconds\":%.4f,\"ops\":%llu,"
           "\"throughput\":%.2f,\"unit\":\"msgs/s\",\"latency_us\":{\"p50\":%.2f,\"p99\":%.2f},\"served\":%d,"
           "\"failed\":%llu,\"cpu_seconds\":%.3f}\n",
           n, size, measured, (unsigned long long) ops, (double) ops / measured, percentile_us(50),
           percentile_us(99), served, (unsigned long long) failed,
           (double) (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
    return served == 0;
}
