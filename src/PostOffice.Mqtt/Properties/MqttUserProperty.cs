namespace PostOffice.Mqtt.Properties;

/// <summary>A User Property (0x26): a UTF-8 String Pair (1.5.7). Order and duplicates are significant.</summary>
public readonly record struct MqttUserProperty(string Name, string Value);
