/* The article's server.c, as an ordinary BSD-sockets peer for interoperation tests:
 * accept one client, read once, print "Here is the message: ...", answer
 * "I got your message" and close first. Prints the port it listens on (port 0 = any). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
    int port = argc > 1 ? atoi(argv[1]) : 0;
    int sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (sockfd < 0) { perror("socket"); return 1; }
    struct sockaddr_in serv_addr;
    memset(&serv_addr, 0, sizeof(serv_addr));
    serv_addr.sin_family = AF_INET;
    serv_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    serv_addr.sin_port = htons((unsigned short)port);
    if (bind(sockfd, (struct sockaddr *)&serv_addr, sizeof(serv_addr)) < 0) { perror("bind"); return 1; }
    listen(sockfd, 5);
    socklen_t len = sizeof(serv_addr);
    getsockname(sockfd, (struct sockaddr *)&serv_addr, &len);
    printf("port %d\n", ntohs(serv_addr.sin_port));
    fflush(stdout);
    struct sockaddr_in cli_addr;
    socklen_t clilen = sizeof(cli_addr);
    int newsockfd = accept(sockfd, (struct sockaddr *)&cli_addr, &clilen);
    if (newsockfd < 0) { perror("accept"); return 1; }
    char buffer[256];
    memset(buffer, 0, sizeof(buffer));
    ssize_t n = read(newsockfd, buffer, 255);
    if (n < 0) { perror("read"); return 1; }
    printf("Here is the message: %s\n", buffer);
    fflush(stdout);
    n = write(newsockfd, "I got your message", 18);
    if (n < 0) { perror("write"); return 1; }
    close(newsockfd);
    close(sockfd);
    return 0;
}
