using System.Buffers;
using PostOffice.Load.Mqtt.Packets;
using PostOffice.Load.Statistics;

namespace PostOffice.Load.Mqtt.Runs;

/// <summary>
/// One subscribing connection: acknowledges what the QoS requires, tracks each publisher's sequence numbers for
/// losses and duplicates, and records publish-to-receive latency for messages stamped inside the measured window.
/// </summary>
internal sealed class Subscriber : IMqttFrameHandler
{
    private readonly MqttProtocolVersion _version;
    private readonly SequenceTracker?[] _trackers;
    private readonly Publisher?[] _pacedPublishers;
    private readonly PendingAcks _pending = new();
    private long _distinct;

    public Subscriber(MqttConnection connection, int index, Publisher?[] pacedPublishers, int publisherCount)
    {
        Connection = connection;
        Index = index;
        _version = connection.Version;
        _pacedPublishers = pacedPublishers;
        _trackers = new SequenceTracker?[publisherCount];
    }

    public MqttConnection Connection { get; }

    public int Index { get; }

    /// <summary>Set once, before the receive loop starts.</summary>
    public MeasuredWindow Window { get; set; }

    public long Distinct => Volatile.Read(ref _distinct);

    public long DistinctInWindow { get; private set; }

    public long Malformed { get; private set; }

    /// <summary>Publish-to-receive, in nanoseconds, for messages stamped inside the measured window.</summary>
    public LatencyHistogram Latency { get; } = new();

    public bool HasPendingWrites => _pending.Any;

    public long Duplicates => _trackers.Sum(tracker => tracker?.Duplicates ?? 0);

    public long Reordered => _trackers.Sum(tracker => tracker?.Reordered ?? 0);

    public void OnFrame(in MqttFrame frame, long receivedTimestamp)
    {
        switch (frame.Type)
        {
            case MqttPacketType.Publish:
                OnPublish(MqttDecoder.ReadPublish(frame, _version), receivedTimestamp);
                break;
            case MqttPacketType.PubRel:
                _pending.Add(MqttPacketType.PubComp, MqttDecoder.ReadPacketId(frame));
                break;
            case MqttPacketType.PingResp:
                break;
            default:
                throw new MqttProtocolException($"Subscriber {Index} did not expect {frame.Type}.");
        }
    }

    public void WritePendingWrites(IBufferWriter<byte> writer) => _pending.WriteTo(writer);

    private void OnPublish(in MqttPublish publish, long receivedTimestamp)
    {
        switch (publish.Qos)
        {
            case 1:
                _pending.Add(MqttPacketType.PubAck, publish.PacketId);
                break;
            case 2:
                _pending.Add(MqttPacketType.PubRec, publish.PacketId);
                break;
        }

        if (!LoadPayload.TryRead(publish.Payload, out var payload) || (uint)payload.Publisher >= (uint)_trackers.Length)
        {
            Malformed++;
            return;
        }

        var tracker = _trackers[payload.Publisher] ??= new SequenceTracker();
        if (!tracker.Record(payload.Sequence))
        {
            return;
        }

        Volatile.Write(ref _distinct, _distinct + 1);
        if (Window.Contains(payload.Timestamp))
        {
            DistinctInWindow++;
            Latency.Record(MeasuredWindow.ToNanoseconds(receivedTimestamp - payload.Timestamp));
        }

        _pacedPublishers[payload.Publisher]?.Window.Release();
    }
}
