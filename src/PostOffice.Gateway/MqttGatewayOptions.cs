namespace PostOffice.Gateway;

/// <summary>Limits and policies of the MQTT gateway (ARCH §5). Defaults follow Mosquitto's where it has one.</summary>
public sealed class MqttGatewayOptions
{
    /// <summary>The largest packet accepted or sent, in bytes; the MQTT maximum (256 MiB - 1) is the protocol's own limit.</summary>
    public int MaximumPacketSize { get; set; } = 1 << 20;

    /// <summary>
    /// QoS 1 and 2 messages a session may have in flight towards its client (sent, not yet acknowledged) when the
    /// client does not announce a smaller Receive Maximum. Mosquitto's max_inflight_messages is 20.
    /// </summary>
    public int MaximumInflight { get; set; } = 100;

    /// <summary>The Receive Maximum announced to clients: QoS 1 and 2 publishes a client may have unacknowledged.</summary>
    public ushort ReceiveMaximum { get; set; } = 1000;

    /// <summary>
    /// QoS 1 and 2 messages queued per session beyond those in flight, online or offline; when full, new messages for
    /// the session are dropped (counted in $SYS/broker/messages/dropped). Mosquitto's max_queued_messages is 1000.
    /// </summary>
    public int MaximumQueuedMessages { get; set; } = 1000;

    /// <summary>Bytes queued towards one connection's socket before QoS 0 messages to it are dropped (a slow consumer).</summary>
    public long MaximumConnectionQueuedBytes { get; set; } = 1L << 20;

    /// <summary>Topic Alias Maximum announced to 5.0 clients (aliases a client may use towards the server).</summary>
    public ushort TopicAliasMaximum { get; set; } = 64;

    /// <summary>
    /// Topic aliases the server assigns per connection towards a 5.0 client, at most the client's Topic Alias Maximum;
    /// when all are in use, the least recently used is reassigned. 0 sends every Topic Name in full.
    /// </summary>
    public ushort MaximumOutgoingTopicAliases { get; set; } = 64;

    /// <summary>Upper bound on the session expiry a client may ask for; 0 would make every session end with its connection.</summary>
    public uint MaximumSessionExpiryInterval { get; set; } = uint.MaxValue;

    /// <summary>Keep alive the server imposes when the client asks for 0 (none) or for more; 0 accepts the client's value.</summary>
    public ushort MaximumKeepAlive { get; set; }

    /// <summary>Seconds a new connection has to send CONNECT before it is closed.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the $SYS/broker/... statistics topics are published (Mosquitto's sys_interval, default 10 s); zero turns them off.</summary>
    public TimeSpan SystemTopicInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The version string published on $SYS/broker/version.</summary>
    public string Version { get; set; } = "postoffice";
}
