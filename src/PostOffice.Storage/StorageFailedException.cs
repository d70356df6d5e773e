namespace PostOffice.Storage;

/// <summary>
/// The store hit an I/O failure and refuses writes from then on: after a failed fsync the kernel may have dropped
/// the dirty pages, so nothing written since the last good flush can be trusted, and retrying would lie.
/// </summary>
public sealed class StorageFailedException : Exception
{
    public StorageFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StorageFailedException()
    {
    }

    public StorageFailedException(string message)
        : base(message)
    {
    }
}
