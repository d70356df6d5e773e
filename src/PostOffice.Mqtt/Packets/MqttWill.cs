using PostOffice.Mqtt.Properties;

namespace PostOffice.Mqtt.Packets;

/// <summary>The Will Message carried by CONNECT (3.1.2.5, 3.1.3.2-3.1.3.4).</summary>
public sealed class MqttWill
{
    public string Topic { get; set; } = string.Empty;

    public ReadOnlyMemory<byte> Payload { get; set; }

    public MqttQualityOfService QualityOfService { get; set; }

    public bool Retain { get; set; }

    /// <summary>Will Properties (5.0 only).</summary>
    public MqttProperties Properties { get; set; } = new();
}
