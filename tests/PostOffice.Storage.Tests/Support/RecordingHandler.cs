using System.Buffers;
using PostOffice.Storage.Log;

namespace PostOffice.Storage.Tests.Support;

/// <summary>Remembers every replayed record, and optionally retains or releases on the engine's behalf.</summary>
public sealed class RecordingHandler : ILogRecoveryHandler
{
    public List<(LogPosition Position, byte Kind, long Owner, byte[] Payload)> Records { get; } = [];

    public byte[]? RestoredState { get; private set; }

    public byte[] StateToCapture { get; set; } = [];

    /// <summary>Positions the restored snapshot refers to; recovery re-counts them as retained.</summary>
    public List<LogPosition> RetainOnRestore { get; } = [];

    public void RestoreSnapshot(ReadOnlySpan<byte> state, LogRecoveryContext context)
    {
        RestoredState = state.ToArray();
        RetainOnRestore.ForEach(context.Retain);
    }

    public void Replay(in LogRecordView record, LogRecoveryContext context) =>
        Records.Add((record.Position, record.Kind, record.Owner, record.Payload.ToArray()));

    public void CaptureSnapshot(IBufferWriter<byte> writer) => writer.Write(StateToCapture);
}
