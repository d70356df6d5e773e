using PostOffice.Load.Mqtt.Runs;

namespace PostOffice.Load.CommandLine;

public sealed record MqttIdleRequest(OutputSettings Output, MqttIdleSettings Settings) : LoadRequest(Output);
