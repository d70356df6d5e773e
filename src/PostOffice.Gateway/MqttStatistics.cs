namespace PostOffice.Gateway;

/// <summary>Counters behind the $SYS/broker/... topics (named as Mosquitto names them).</summary>
public sealed class MqttStatistics
{
    private long _messagesReceived;
    private long _messagesSent;
    private long _bytesReceived;
    private long _bytesSent;
    private long _publishDropped;
    private long _clientsConnected;
    private long _clientsMaximum;
    private long _connectionsTotal;

    public long MessagesReceived => Volatile.Read(ref _messagesReceived);

    public long MessagesSent => Volatile.Read(ref _messagesSent);

    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    public long BytesSent => Volatile.Read(ref _bytesSent);

    /// <summary>Messages not delivered because a session's queue was full or its connection too slow.</summary>
    public long PublishDropped => Volatile.Read(ref _publishDropped);

    public long ClientsConnected => Volatile.Read(ref _clientsConnected);

    public long ClientsMaximum => Volatile.Read(ref _clientsMaximum);

    public long ConnectionsTotal => Volatile.Read(ref _connectionsTotal);

    internal void CountReceived(int payloadBytes)
    {
        Interlocked.Increment(ref _messagesReceived);
        Interlocked.Add(ref _bytesReceived, payloadBytes);
    }

    internal void CountSent(int bytes)
    {
        Interlocked.Increment(ref _messagesSent);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    internal void CountDropped() => Interlocked.Increment(ref _publishDropped);

    internal void ClientConnected()
    {
        Interlocked.Increment(ref _connectionsTotal);
        var now = Interlocked.Increment(ref _clientsConnected);
        long maximum;
        while (now > (maximum = Volatile.Read(ref _clientsMaximum)) && Interlocked.CompareExchange(ref _clientsMaximum, now, maximum) != maximum)
        {
        }
    }

    internal void ClientDisconnected() => Interlocked.Decrement(ref _clientsConnected);
}
