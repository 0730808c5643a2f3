/*
 * epoll_echo: the physical-limit peer ("c-epoll") of the out-of-process echo comparison.
 *
 *   epoll_echo line|length-field MAX_FRAME_LENGTH [THREADS]
 *
 * Binds 127.0.0.1 port 0, prints "LOOPWIRE-PEER-PORT <port>" on stdout, serves until SIGTERM.
 * Both framings of the runner are symmetric (a reply is byte for byte its request, in order), so the
 * server echoes bytes without cutting frames; the framing argument is accepted for the runner's sake.
 * Threads: the main thread accepts (blocking) and hands each connection round-robin to one of THREADS
 * worker threads (default: online processors, as Netty's and Loopwire's loops), each with its own
 * level-triggered epoll set of nonblocking sockets: one read per readiness event into the thread's
 * 64 KiB buffer, one write; what the socket does not take waits in the connection's buffer, reading
 * stops (EPOLLOUT only) until it drained, so memory per connection stays bounded by one read.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define READ_SIZE (64 * 1024)
#define MAX_EVENTS 256

struct conn {
    int fd;
    size_t pending_off, pending_len; /* unwritten echo bytes in pending */
    char *pending; /* READ_SIZE bytes, allocated on the first short write */
};

static void drop(int epfd, struct conn *c) {
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c->pending);
    free(c);
}

static void watch(int epfd, struct conn *c, unsigned events) {
    struct epoll_event ev = {.events = events, .data.ptr = c};
    epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Writes what is pending; returns -1 on error, else 0 (rest stays pending). */
static int flush(struct conn *c) {
    while (c->pending_len > 0) {
        ssize_t n = write(c->fd, c->pending + c->pending_off, c->pending_len);
        if (n < 0) {
            return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
        }
        c->pending_off += (size_t) n;
        c->pending_len -= (size_t) n;
    }
    return 0;
}

static void *worker(void *arg) {
    int epfd = (int) (long) arg;
    struct epoll_event events[MAX_EVENTS];
    char *buf = malloc(READ_SIZE);
    for (;;) {
        int ready = epoll_wait(epfd, events, MAX_EVENTS, -1);
        for (int i = 0; i < ready; i++) {
            struct conn *c = events[i].data.ptr;
            if (c->pending_len > 0) { /* waiting for EPOLLOUT */
                if (flush(c) < 0) { drop(epfd, c); continue; }
                if (c->pending_len == 0) watch(epfd, c, EPOLLIN | EPOLLRDHUP);
                continue;
            }
            ssize_t n = read(c->fd, buf, READ_SIZE);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) { drop(epfd, c); continue; }
            if (n < 0) continue;
            ssize_t w = write(c->fd, buf, (size_t) n);
            if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { drop(epfd, c); continue; }
            if (w < 0) w = 0;
            if (w < n) {
                if (c->pending == NULL && (c->pending = malloc(READ_SIZE)) == NULL) { drop(epfd, c); continue; }
                memcpy(c->pending, buf + w, (size_t) (n - w));
                c->pending_off = 0;
                c->pending_len = (size_t) (n - w);
                watch(epfd, c, EPOLLOUT);
            }
        }
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s line|length-field MAX_FRAME_LENGTH [THREADS]\n", argv[0]);
        return 2;
    }
    int threads = argc > 3 ? atoi(argv[3]) : (int) sysconf(_SC_NPROCESSORS_ONLN);
    if (threads < 1) threads = 1;
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(listener, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(listener, 4096) < 0
            || getsockname(listener, (struct sockaddr *) &addr, &len) < 0) {
        perror("epoll_echo: cannot listen on 127.0.0.1");
        return 1;
    }
    int *epfds = calloc((size_t) threads, sizeof(int));
    for (int t = 0; t < threads; t++) {
        pthread_t id;
        epfds[t] = epoll_create1(0);
        if (epfds[t] < 0 || pthread_create(&id, NULL, worker, (void *) (long) epfds[t]) != 0) {
            perror("epoll_echo: cannot start worker");
            return 1;
        }
    }
    printf("LOOPWIRE-PEER-PORT %d\n", ntohs(addr.sin_port));
    fflush(stdout);
    for (unsigned next = 0;; next++) {
        int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE) continue;
            perror("epoll_echo: accept");
            return 1;
        }
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct conn *c = calloc(1, sizeof *c);
        c->fd = fd;
        /* epoll_ctl on another thread's set is safe: the worker sees the socket from its next wait on */
        struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = c};
        if (epoll_ctl(epfds[next % (unsigned) threads], EPOLL_CTL_ADD, fd, &ev) < 0) {
            close(fd);
            free(c);
        }
    }
}
