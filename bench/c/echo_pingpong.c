/*
 * The driver of bench/per-echo.sh: N connections to an echo server, of which one is active and N - 1 idle, and
 * the server's CPU time per echo while the active one sends 64 bytes and waits for them, K times.
 * usage: echo_pingpong PORT N K SERVER_PID [--pause]
 * It prints "cpu_us_per_echo=X wall_us_per_echo=Y". With --pause it prints "ready" after connecting and warming
 * up, and starts the K echoes when a line arrives on its standard input (time for strace to attach).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long server_ticks(const char *pid) {
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%s/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f || !fgets(buf, sizeof buf, f)) {
        fprintf(stderr, "echo_pingpong: cannot read %s\n", path);
        exit(1);
    }
    fclose(f);
    char *p = strrchr(buf, ')') + 2; /* field 3, the state */
    long utime = 0, stime = 0;
    sscanf(p, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %ld %ld", &utime, &stime);
    return utime + stime;
}

static void echo(int fd, char *msg) {
    char back[64];
    if (send(fd, msg, 64, 0) != 64) {
        perror("echo_pingpong: send");
        exit(1);
    }
    for (size_t got = 0; got < 64;) {
        ssize_t n = recv(fd, back + got, 64 - got, 0);
        if (n <= 0) {
            perror("echo_pingpong: recv");
            exit(1);
        }
        got += (size_t) n;
    }
}

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: echo_pingpong PORT N K SERVER_PID [--pause]\n");
        return 2;
    }
    int n = atoi(argv[2]), k = atoi(argv[3]);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    int active = -1;
    for (int i = 0; i < n; i++) { /* the active one first: a select server serves it whatever its limit */
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *) &addr, sizeof addr) < 0) {
            perror("echo_pingpong: connect");
            return 1;
        }
        if (active < 0) {
            active = fd;
        }
    }
    char msg[64];
    memset(msg, 'x', sizeof msg);
    for (int i = 0; i < 2000; i++) { /* warm-up: the idle ones are all accepted, the JIT has compiled */
        echo(active, msg);
    }
    if (argc > 5 && strcmp(argv[5], "--pause") == 0) {
        printf("ready\n");
        fflush(stdout);
        char line[16];
        if (!fgets(line, sizeof line, stdin)) {
            return 1;
        }
    }
    long before = server_ticks(argv[4]);
    double start = now_us();
    for (int i = 0; i < k; i++) {
        echo(active, msg);
    }
    double wall = now_us() - start;
    long ticks = server_ticks(argv[4]) - before;
    printf("cpu_us_per_echo=%.2f wall_us_per_echo=%.2f\n", ticks * 1e6 / sysconf(_SC_CLK_TCK) / k, wall / k);
    return 0;
}
