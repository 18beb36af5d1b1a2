/*
 * Connections per second, the figure of a sequential server: COUNT times connect, a 16-byte echo, close.
 * usage: echo_conn HOST PORT COUNT   (HOST an IPv4 address)
 * Prints one line: "<conns/s>". Every echoed byte is checked; a short echo or a refused connection exits 1.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double) t.tv_sec + (double) t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: echo_conn HOST PORT COUNT\n");
        return 2;
    }
    struct sockaddr_in server = {.sin_family = AF_INET, .sin_port = htons((uint16_t) atoi(argv[2]))};
    if (inet_pton(AF_INET, argv[1], &server.sin_addr) != 1) {
        fprintf(stderr, "echo_conn: bad address %s: expected an IPv4 address\n", argv[1]);
        return 2;
    }
    int count = atoi(argv[3]), one = 1;
    const char sent[16] = "0123456789abcde";
    double began = now();
    for (int i = 0; i < count; i++) {
        char got[16];
        size_t n = 0;
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (fd < 0 || connect(fd, (struct sockaddr *) &server, sizeof server) < 0
                || write(fd, sent, sizeof sent) != (ssize_t) sizeof sent) {
            perror("echo_conn: connect or write");
            return 1;
        }
        while (n < sizeof got) {
            ssize_t r = read(fd, got + n, sizeof got - n);
            if (r <= 0) {
                fprintf(stderr, "echo_conn: connection %d: short echo (%zu of 16 bytes)\n", i, n);
                return 1;
            }
            n += (size_t) r;
        }
        if (memcmp(sent, got, sizeof got) != 0) {
            fprintf(stderr, "echo_conn: connection %d: the echo differs from what was sent\n", i);
            return 1;
        }
        close(fd);
    }
    printf("%.0f\n", count / (now() - began));
    return 0;
}
