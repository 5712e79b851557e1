#ifndef CSIGNALS_H
#define CSIGNALS_H
// Signal handling is in C because a handler interrupts a thread anywhere, even inside malloc or
// a lock, so it may call only async-signal-safe functions; Swift code (allocation, reference
// counting, the runtime's locks) is not. The handler only writes what it was told (signal,
// sender) into a pipe, the classic self-pipe; a Swift thread reads the pipe and acts.
#include <sys/types.h>

/// One delivered signal, as its handler's siginfo_t told it.
typedef struct {
    /// The signal's number.
    int signal;
    /// si_code: <= 0 when a process sent it (kill, sigqueue, tgkill), > 0 from the kernel (SI_KERNEL: a terminal's ^C).
    int code;
    /// si_pid: the sender's process id; 0 from the kernel or from a sender outside this pid namespace.
    pid_t pid;
    /// si_uid: the sender's real user id.
    uid_t uid;
} csignals_record;

/// Makes the pipe and installs the SA_SIGINFO handler for the `count` signals in `numbers`, then
/// blocks them in the calling thread (threads started from it inherit the block, so only the
/// reader, which unblocks them, is interrupted; and the main thread once libdispatch parks it
/// in sigsuspend(2) with an empty mask, a wait made to be interrupted). Returns the pipe's
/// reading end, or -1 with errno set and nothing changed. Call once, before other threads start.
int csignals_install(const int *numbers, int count);

/// Unblocks the installed signals in the calling thread (the pipe's reader). 0, or an error number.
int csignals_unblock(void);

/// Waits for the next record on `fd` (the reading end); 0, or -1 with errno set (EOF gives EPIPE).
int csignals_next(int fd, csignals_record *record);

/// Gives the installed signals their default action again (ending the process): for when the
/// pipe cannot be read any more. 0, or -1 with errno set.
int csignals_restore_defaults(void);

#endif
