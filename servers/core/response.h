/* response.h: an HTTP response as a small object: a head, then an in-memory
 * body or a range of an open file (sent with sendfile, never read into
 * memory), and how much of it has been sent (conn.c sends it). */
#ifndef RESPONSE_H
#define RESPONSE_H

#include "buf.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct response {
    int status;
    const char *content_type;
    const char *allow;          /* the Allow header of a 405, or NULL */
    bool close;                 /* say "Connection: close" and close after */
    bool keep_alive_http10;     /* an HTTP/1.0 keep-alive: say "Connection: keep-alive" */
    bool head_only;             /* HEAD: the same head, no body */
    struct buf head;            /* built by response_finish */
    struct buf body;
    int file_fd;                /* -1, or the file that is the body */
    off_t file_offset;          /* bytes of the file already sent */
    off_t file_size;
    size_t sent;                /* bytes of head + body already sent */
};

void response_init(struct response *res);
void response_reset(struct response *res);     /* ready for the next request */
void response_free(struct response *res);

/* Serializes the status line and headers into res->head. */
void response_finish(struct response *res);

const char *status_reason(int status);

#endif
