/* The article's client.c, as an ordinary BSD-sockets peer for interoperation tests:
 * connect, send one message, print the reply (read until end-of-file), close. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    if (argc < 3) { fprintf(stderr, "usage: %s PORT MESSAGE\n", argv[0]); return 2; }
    int sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (sockfd < 0) { perror("socket"); return 1; }
    struct sockaddr_in serv_addr;
    memset(&serv_addr, 0, sizeof(serv_addr));
    serv_addr.sin_family = AF_INET;
    serv_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    serv_addr.sin_port = htons((unsigned short)atoi(argv[1]));
    if (connect(sockfd, (struct sockaddr *)&serv_addr, sizeof(serv_addr)) < 0) { perror("connect"); return 1; }
    if (write(sockfd, argv[2], strlen(argv[2])) < 0) { perror("write"); return 1; }
    char buffer[256];
    size_t total = 0;
    for (;;) {
        ssize_t n = read(sockfd, buffer + total, sizeof(buffer) - 1 - total);
        if (n < 0) { perror("read"); return 1; }
        if (n == 0) break;
        total += (size_t)n;
        if (total == sizeof(buffer) - 1) break;
    }
    buffer[total] = '\0';
    printf("%s\n", buffer);
    close(sockfd);
    return 0;
}
