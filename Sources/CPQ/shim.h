// libpq, PostgreSQL's C client library (Debian libpq-dev), for the PostgreSQL catalog and work queue.
#ifndef MEDIAVAULT_CPQ_SHIM_H
#define MEDIAVAULT_CPQ_SHIM_H
#include <libpq-fe.h>
#endif
