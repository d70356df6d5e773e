using System.Buffers;
using PostOffice.Load.Mqtt.Packets;

namespace PostOffice.Load.Mqtt;

/// <summary>What a receive loop does with each packet; acknowledgements to send are queued and written in one batch.</summary>
internal interface IMqttFrameHandler
{
    void OnFrame(in MqttFrame frame, long receivedTimestamp);

    bool HasPendingWrites { get; }

    /// <summary>Called with the connection's writer held, after a batch of frames.</summary>
    void WritePendingWrites(IBufferWriter<byte> writer);
}
