namespace PostOffice.Broker.Queues;

/// <summary>Holds the queue engine's definition gate until disposed.</summary>
internal readonly struct DefinitionLock(SemaphoreSlim gate) : IDisposable
{
    public void Dispose() => gate.Release();
}
