using System.Runtime.InteropServices;

namespace PostOffice.Server.Hosting;

/// <summary>How the server's threads compete for the CPU (the <c>cpuScheduling</c> setting).</summary>
public enum CpuSchedulingPolicy
{
    /// <summary>Linux's <c>SCHED_BATCH</c>: a thread that wakes up waits for the running one to block or use up its slice.</summary>
    Batch,

    /// <summary>The operating system's default policy, left as the process was started.</summary>
    Normal,
}

/// <summary>
/// Moves every thread of the process to Linux's <c>SCHED_BATCH</c> policy. Under load the server's threads wake one
/// another all the time: the socket poller wakes a worker, a worker wakes the log writer, the log writer wakes the
/// workers waiting for their commit. Under the default policy each of those wake-ups may preempt the thread that is
/// running, half-way through a request, and the context switches cost more CPU than the work they interleave. A
/// batch thread keeps the same share of the CPU and still runs at once on an idle core; it only does not preempt.
/// </summary>
/// <remarks>
/// <para>
/// Threads started later inherit the policy of the thread that starts them, so moving the threads that exist is
/// enough. The list is read twice: a thread started during the first pass by one not yet moved is caught by the
/// second. No privilege is needed to move to <c>SCHED_BATCH</c>, nor to move back.
/// </para>
/// <para>
/// One thread moves back: the write-ahead log's writer (<see cref="TryUseNormalForCurrentThread"/>). Every durable
/// acknowledgement waits for its <c>fdatasync</c>, and it needs a core for only microseconds per commit; under
/// <c>SCHED_BATCH</c> it waited for a busy worker's slice to end before each one.
/// </para>
/// </remarks>
internal static partial class CpuScheduling
{
    private const int SchedOther = 0;
    private const int SchedBatch = 3;
    private const int CallingThread = 0;
    private const int NoSuchProcess = 3; // ESRCH: the thread ended between listing and moving it

    /// <summary>Moves the process's threads to <c>SCHED_BATCH</c>; false with the errno when a thread refused.</summary>
    public static bool TryUseBatch(out int threads, out int errno)
    {
        threads = 0;
        errno = 0;
        for (var pass = 0; pass < 2; pass++)
        {
            threads = 0;
            foreach (var directory in Directory.EnumerateDirectories("/proc/self/task"))
            {
                if (!int.TryParse(Path.GetFileName(directory), out var threadId))
                {
                    continue;
                }

                var parameters = 0; // struct sched_param { int sched_priority; }: 0 for the non-real-time policies
                if (SetScheduler(threadId, SchedBatch, ref parameters) == 0)
                {
                    threads++;
                }
                else if (Marshal.GetLastPInvokeError() is var error and not NoSuchProcess)
                {
                    errno = error;
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Moves the calling thread to the default policy (<c>SCHED_OTHER</c>); false with the errno when refused.</summary>
    public static bool TryUseNormalForCurrentThread(out int errno)
    {
        var parameters = 0;
        errno = SetScheduler(CallingThread, SchedOther, ref parameters) == 0 ? 0 : Marshal.GetLastPInvokeError();
        return errno == 0;
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SetScheduler(int threadId, int policy, ref int parameters);
}
