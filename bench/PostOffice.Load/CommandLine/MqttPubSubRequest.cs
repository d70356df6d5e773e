using PostOffice.Load.Mqtt.Runs;

namespace PostOffice.Load.CommandLine;

public sealed record MqttPubSubRequest(OutputSettings Output, MqttPubSubSettings Settings) : LoadRequest(Output);
