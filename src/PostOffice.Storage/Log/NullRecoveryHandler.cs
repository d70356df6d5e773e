namespace PostOffice.Storage.Log;

/// <summary>A handler for a store no engine uses yet: it keeps no state, so replay has nothing to rebuild.</summary>
public sealed class NullRecoveryHandler : ILogRecoveryHandler
{
    public static NullRecoveryHandler Instance { get; } = new();

    private NullRecoveryHandler()
    {
    }

    public void RestoreSnapshot(ReadOnlySpan<byte> state, LogRecoveryContext context)
    {
    }

    public void Replay(in LogRecordView record, LogRecoveryContext context)
    {
    }

    public void CaptureSnapshot(System.Buffers.IBufferWriter<byte> writer)
    {
    }
}
