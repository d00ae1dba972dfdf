/* The attacker of the capture helper's tests: an ordinary user who toggles a listener on a
 * port (listen 4 ms, closed 2 ms) while someone else serves on the same port, hoping that the
 * helper counts the other user's connections as theirs.
 *
 *   peer_toggle PORT SECONDS
 *
 * It keeps one connection of its own on the port for the whole run (so that it "holds" the
 * port), prints "ready" once it does, and every 50 ms talks to itself through its listener
 * with the payload "NOBODY-SELF": what a working capture must show. Connections of others
 * that its listener happens to take get "NOBODY-OWN", and are closed. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int listenOn(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((unsigned short)port);
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 16) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int connectTo(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((unsigned short)port);
    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Accepts what waits on the listener for up to ms milliseconds; each gets NOBODY-OWN. */
static void serve(int listener, int ms)
{
    const double until = now() + ms / 1000.0;
    for (;;) {
        int left = (int)((until - now()) * 1000);
        if (left <= 0)
            return;
        struct pollfd p = {listener, POLLIN, 0};
        if (poll(&p, 1, left) <= 0)
            return;
        int c = accept(listener, NULL, NULL);
        if (c < 0)
            continue;
        if (write(c, "NOBODY-OWN", 10) < 0)
            perror("write");
        close(c);
    }
}

int main(int argc, char *argv[])
{
    if (argc != 3) {
        fprintf(stderr, "usage: peer_toggle PORT SECONDS\n");
        return 2;
    }
    const int port = atoi(argv[1]);
    const double end = now() + atof(argv[2]);
    int listener = listenOn(port);
    if (listener < 0) {
        perror("listen");
        return 1;
    }
    int anchor = connectTo(port);
    int accepted = anchor < 0 ? -1 : accept(listener, NULL, NULL);
    if (accepted < 0) {
        perror("anchor");
        return 1;
    }
    printf("ready\n");
    fflush(stdout);
    int toggles = 0, own = 0;
    double lastOwn = 0;
    while (now() < end) {
        if (listener < 0)
            listener = listenOn(port);
        if (listener >= 0) {
            if (now() - lastOwn > 0.05) {
                /* A connection of its own, through the listener: it must be captured. */
                int c = connectTo(port);
                if (c >= 0) {
                    if (write(c, "NOBODY-SELF", 11) == 11)
                        ++own;
                    serve(listener, 1);
                    struct timespec hold = {0, 30 * 1000 * 1000};
                    nanosleep(&hold, NULL); /* a connection that lives 30 ms, as a lab's does */
                    close(c);
                }
                lastOwn = now();
            }
            serve(listener, 4);
            close(listener);
            listener = -1;
            ++toggles;
        }
        struct timespec pause = {0, 2 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    printf("toggles %d own %d\n", toggles, own);
    close(accepted);
    close(anchor);
    return 0;
}
