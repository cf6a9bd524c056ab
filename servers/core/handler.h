/* handler.h: what the server answers, shared by every concurrency model.
 * A handler turns one parsed request into a response object; it never touches
 * the socket, so the same code serves blocking and event-loop variants. */
#ifndef HANDLER_H
#define HANDLER_H

#include "http.h"
#include "index.h"
#include "response.h"

struct handler_ctx {
    const struct index *index;
    int dir_fd;                 /* the corpus directory, for openat2 */
};

enum { RESULTS_SHOWN = 100 };   /* results listed on a page; the count covers all */

/* Routes GET/HEAD /, /query, /api/query and /static/<path>. */
void handle_request(const struct handler_ctx *ctx, const struct http_request *req,
                    struct response *res);

/* A small HTML error page with the given status. */
void handle_error(struct response *res, int status);

#endif
