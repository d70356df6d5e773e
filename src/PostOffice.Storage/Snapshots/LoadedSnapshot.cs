namespace PostOffice.Storage.Snapshots;

internal sealed record LoadedSnapshot(LogPosition ReplayFrom, byte[] State);
