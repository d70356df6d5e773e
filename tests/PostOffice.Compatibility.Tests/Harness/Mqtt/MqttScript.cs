namespace PostOffice.Compatibility.Tests.Harness.Mqtt;

/// <summary>The client families the MQTT scenario scripts are written for (Scripts/mqtt/FOLDER/SCENARIO.EXTENSION).</summary>
public enum MqttScript
{
    /// <summary>Debian's python3-paho-mqtt 1.6 under /usr/bin/python3: Scripts/mqtt/python/*.py.</summary>
    Paho,

    /// <summary>Debian's mosquitto_pub and mosquitto_sub driven by bash: Scripts/mqtt/shell/*.sh.</summary>
    MosquittoClients,

    /// <summary>npm mqtt 5 (MQTT.js) under node: Scripts/mqtt/node/*.mjs.</summary>
    MqttJs,
}
