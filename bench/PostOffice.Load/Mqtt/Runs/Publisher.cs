using System.Buffers;
using System.Diagnostics;
using PostOffice.Load.Mqtt.Packets;
using PostOffice.Load.Statistics;

namespace PostOffice.Load.Mqtt.Runs;

/// <summary>
/// One publishing connection: a publish loop (fixed rate or maximum rate inside the in-flight window) and the
/// handler of its acknowledgements. Packet identifiers cycle through 1..65535; with a window far below 65,535 an
/// identifier comes round again only long after its acknowledgement.
/// </summary>
internal sealed class Publisher : IMqttFrameHandler
{
    private const int MaxBatch = 64;
    private static readonly TimeSpan WindowPatience = TimeSpan.FromSeconds(1);

    private readonly MqttPubSubSettings _settings;
    private readonly byte[] _topic;
    private readonly long[] _sendTimestamps = new long[65536];
    private readonly PendingAcks _pending = new();
    private ushort _lastPacketId;
    private long _sent;
    private long _acknowledged;

    public Publisher(MqttConnection connection, int index, byte[] topic, int fanOut, MqttPubSubSettings settings)
    {
        Connection = connection;
        Index = index;
        _topic = topic;
        FanOut = fanOut;
        _settings = settings;
        Window = new SemaphoreSlim(settings.Inflight);
        AckWindowSize = settings.ReceiveMaximum > 0 ? settings.ReceiveMaximum
            : connection.ReceiveMaximum ?? (connection.Version == MqttProtocolVersion.V500 ? 65535 : MqttPubSubSettings.DefaultReceiveMaximum311);
        AckWindow = new SemaphoreSlim(AckWindowSize);
    }

    public MqttConnection Connection { get; }

    public int Index { get; }

    public int FanOut { get; }

    /// <summary>
    /// Free places in the end-to-end window (--inflight): the topic's first subscriber releases a place when it
    /// receives the message, so a maximum-rate run measures what the broker delivers, not how much it can queue (or
    /// drop, as Mosquitto does past max_queued_messages). Unused when the topic has no subscriber.
    /// </summary>
    public SemaphoreSlim Window { get; }

    /// <summary>
    /// Free places among QoS 1/2 publishes awaiting PUBACK/PUBCOMP: the server's Receive Maximum (MQTT-3.3.4-7).
    /// Mosquitto 2.0 acknowledges but drops QoS 2 publishes beyond its quota (20) from 3.1.1 clients too.
    /// </summary>
    public SemaphoreSlim AckWindow { get; }

    public int AckWindowSize { get; }

    public long Sent => Volatile.Read(ref _sent);

    public long SentInWindow { get; private set; }

    public long Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>PUBLISH to PUBACK (QoS 1) or PUBCOMP (QoS 2), in nanoseconds; written by the receive loop only.</summary>
    public LatencyHistogram AckLatency { get; } = new();

    /// <summary>Times the publisher waited a whole second for a window (a message or acknowledgement lost) and went on regardless.</summary>
    public long WindowTimeouts { get; private set; }

    public bool HasPendingWrites => _pending.Any;

    public async Task RunPublishLoopAsync(long startTimestamp, MeasuredWindow window, double ratePerPublisher, long maxMessages, CancellationToken cancellationToken)
    {
        var interval = ratePerPublisher > 0 ? Stopwatch.Frequency / ratePerPublisher : 0;
        long sequence = 0;
        while (!cancellationToken.IsCancellationRequested && sequence < maxMessages)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= window.EndTimestamp)
            {
                break;
            }

            var due = MaxBatch;
            if (interval > 0)
            {
                var dueCount = (long)((now - startTimestamp) / interval) + 1 - sequence;
                if (dueCount <= 0)
                {
                    var next = startTimestamp + (long)(sequence * interval);
                    await Task.Delay(TimeSpan.FromSeconds(Math.Max(0.001, (next - now) / (double)Stopwatch.Frequency)), cancellationToken);
                    continue;
                }

                due = (int)Math.Min(dueCount, MaxBatch);
            }

            due = (int)Math.Min(due, maxMessages - sequence);
            var granted = await AcquireWindowAsync(due, cancellationToken);
            var writer = await Connection.AcquireWriterAsync(cancellationToken);
            try
            {
                sequence = WriteBatch(writer, sequence, granted, startTimestamp, interval, window);
            }
            finally
            {
                await Connection.ReleaseWriterAsync(cancellationToken);
            }
        }
    }

    /// <summary>
    /// Room for 1 to <paramref name="due"/> messages in both windows; waits for the first place, takes more only if
    /// free. A window that stays full for a second means a message was lost: count it and go on.
    /// </summary>
    private async ValueTask<int> AcquireWindowAsync(int due, CancellationToken cancellationToken)
    {
        var endToEnd = FanOut > 0;
        var acknowledged = _settings.Qos > 0;
        if (endToEnd && !await Window.WaitAsync(WindowPatience, cancellationToken))
        {
            WindowTimeouts++;
        }

        if (acknowledged && !await AckWindow.WaitAsync(WindowPatience, cancellationToken))
        {
            WindowTimeouts++;
        }

        if (!endToEnd && !acknowledged)
        {
            return due;
        }

        var granted = 1;
        while (granted < due)
        {
            if (endToEnd && !Window.Wait(0, CancellationToken.None))
            {
                break;
            }

            if (acknowledged && !AckWindow.Wait(0, CancellationToken.None))
            {
                if (endToEnd)
                {
                    Window.Release();
                }

                break;
            }

            granted++;
        }

        return granted;
    }

    public void OnFrame(in MqttFrame frame, long receivedTimestamp)
    {
        switch (frame.Type)
        {
            case MqttPacketType.PubAck when _settings.Qos == 1:
            case MqttPacketType.PubComp when _settings.Qos == 2:
                var id = MqttDecoder.ReadPacketId(frame);
                AckLatency.Record(MeasuredWindow.ToNanoseconds(receivedTimestamp - Volatile.Read(ref _sendTimestamps[id])));
                Volatile.Write(ref _acknowledged, _acknowledged + 1);
                AckWindow.Release();
                break;
            case MqttPacketType.PubRec when _settings.Qos == 2:
                _pending.Add(MqttPacketType.PubRel, MqttDecoder.ReadPacketId(frame));
                break;
            case MqttPacketType.PingResp:
                break;
            default:
                throw new MqttProtocolException($"Publisher {Index} did not expect {frame.Type}.");
        }
    }

    public void WritePendingWrites(IBufferWriter<byte> writer) => _pending.WriteTo(writer);

    private long WriteBatch(IBufferWriter<byte> writer, long sequence, int count, long startTimestamp, double interval, MeasuredWindow window)
    {
        for (var i = 0; i < count; i++)
        {
            // At a fixed rate the payload carries the time the message was due, not when it went out, so a stall of
            // the sender shows up as latency instead of hiding it (coordinated omission).
            var timestamp = interval > 0 ? startTimestamp + (long)(sequence * interval) : Stopwatch.GetTimestamp();
            ushort packetId = 0;
            if (_settings.Qos > 0)
            {
                packetId = _lastPacketId = (ushort)((_lastPacketId % 65535) + 1);
                Volatile.Write(ref _sendTimestamps[packetId], Stopwatch.GetTimestamp());
            }

            var payload = MqttEncoder.WritePublishHeader(writer, Connection.Version, _topic, _settings.Qos, packetId, _settings.PayloadSize);
            new LoadPayload(timestamp, Index, sequence).WriteTo(payload);
            if (window.Contains(timestamp))
            {
                SentInWindow++;
            }

            sequence++;
            Volatile.Write(ref _sent, sequence);
        }

        return sequence;
    }
}
