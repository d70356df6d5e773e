namespace PostOffice.Storage;

/// <summary>Stored data is damaged where no crash could have damaged it; start-up stops rather than lose data.</summary>
public sealed class StorageCorruptionException : Exception
{
    public StorageCorruptionException(string path, long offset, string problem)
        : base($"{path} at offset {offset}: {problem}")
    {
        Path = path;
        Offset = offset;
    }

    public StorageCorruptionException()
    {
        Path = string.Empty;
    }

    public StorageCorruptionException(string message)
        : base(message)
    {
        Path = string.Empty;
    }

    public StorageCorruptionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = string.Empty;
    }

    public string Path { get; }

    public long Offset { get; }
}
