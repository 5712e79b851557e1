#define _GNU_SOURCE  // pipe2
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "CSignals.h"

/// The pipe's writing end, for the handler (set before the handler is installed).
static int write_end = -1;
/// The signals installed, for unblocking and restoring.
static sigset_t installed;

/// Async-signal-safe: one write(2) of a record smaller than PIPE_BUF, which is atomic, so the
/// reader never sees half a record. The writing end is non-blocking: with the pipe full (the
/// reader thousands of records behind, which only a signal storm could do) the record is
/// dropped rather than the interrupted thread blocked for ever; the reader still has the first.
static void on_signal(int number, siginfo_t *info, void *context) {
    (void)context;
    int saved = errno;  // the interrupted code may be about to read errno
    csignals_record record = {.signal = number, .code = info->si_code, .pid = info->si_pid, .uid = info->si_uid};
    ssize_t written = write(write_end, &record, sizeof record);
    (void)written;  // nothing safe to do on failure (see above)
    errno = saved;
}

/// Closes both ends of the pipe, keeping errno.
static void close_pipe(const int ends[2]) {
    int saved = errno;
    close(ends[0]);
    close(ends[1]);
    write_end = -1;
    errno = saved;
}

/// Puts back the first `done` of `previous` actions, keeping errno.
static void restore_actions(const int *numbers, const struct sigaction *previous, int done) {
    int saved = errno;
    for (int i = 0; i < done; i++) sigaction(numbers[i], &previous[i], NULL);
    errno = saved;
}

int csignals_install(const int *numbers, int count) {
    enum { most = 8 };
    if (count < 1 || count > most) { errno = EINVAL; return -1; }
    int ends[2];
    if (pipe2(ends, O_CLOEXEC | O_NONBLOCK) != 0) return -1;
    // The reader waits in read(2): only the writing end stays non-blocking.
    int flags = fcntl(ends[0], F_GETFL);
    if (flags == -1 || fcntl(ends[0], F_SETFL, flags & ~O_NONBLOCK) == -1) { close_pipe(ends); return -1; }
    write_end = ends[1];

    struct sigaction action, previous[most];
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_signal;
    // SA_RESTART: the reader's read(2) resumes after the handler instead of failing with EINTR.
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    sigemptyset(&installed);
    for (int done = 0; done < count; done++) {
        if (sigaction(numbers[done], &action, &previous[done]) != 0) {
            restore_actions(numbers, previous, done);
            close_pipe(ends);
            return -1;
        }
        sigaddset(&installed, numbers[done]);
    }
    // Blocked here and in every thread started from here: a handler interrupting, say, a
    // nanosleep(2) elsewhere would cut it short with EINTR. Only the reader takes the signals,
    // and the main thread parked by dispatch_main in sigsuspend(2), which just waits again.
    int error = pthread_sigmask(SIG_BLOCK, &installed, NULL);
    if (error != 0) {
        errno = error;
        restore_actions(numbers, previous, count);
        close_pipe(ends);
        return -1;
    }
    return ends[0];
}

int csignals_unblock(void) {
    return pthread_sigmask(SIG_UNBLOCK, &installed, NULL);
}

int csignals_next(int fd, csignals_record *record) {
    size_t have = 0;
    while (have < sizeof *record) {
        ssize_t got = read(fd, (char *)record + have, sizeof *record - have);
        if (got > 0) {
            have += (size_t)got;
        } else if (got == 0) {
            errno = EPIPE;  // the writing end is never closed: reaching EOF means something is badly wrong
            return -1;
        } else if (errno != EINTR) {
            return -1;
        }
    }
    return 0;
}

int csignals_restore_defaults(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    for (int number = 1; number < NSIG; number++) {
        if (sigismember(&installed, number) == 1 && sigaction(number, &action, NULL) != 0) return -1;
    }
    return 0;
}
