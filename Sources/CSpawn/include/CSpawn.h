#ifndef CSPAWN_H
#define CSPAWN_H
// glibc declares posix_spawn_file_actions_addclosefrom_np, ..._addchdir_np and pipe2 only
// under _GNU_SOURCE, which Swift's Glibc module does not define (and defining it in a header
// Swift imports changes struct layouts such as fd_set that other modules share); CSpawn.c
// defines it and wraps the three calls.
#include <spawn.h>

/// Closes every descriptor from `from` upwards in the child (glibc 2.34+), so a child inherits
/// only stdin, stdout and stderr whatever other threads of the parent have open.
int cspawn_addclosefrom(posix_spawn_file_actions_t *actions, int from);

/// Changes the child's working directory before exec (glibc 2.29+).
int cspawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);

/// pipe2(fds, O_CLOEXEC): both ends close on exec, atomically (no other thread's child gets them).
int cspawn_pipe_cloexec(int fds[2]);

#endif
