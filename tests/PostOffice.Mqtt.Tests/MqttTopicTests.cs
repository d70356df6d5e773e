namespace PostOffice.Mqtt.Tests;

public sealed class MqttTopicTests
{
    [Theory]
    [InlineData("#")]
    [InlineData("sport/#")]
    [InlineData("sport/tennis/#")]
    [InlineData("+")]
    [InlineData("+/tennis/#")]
    [InlineData("sport/+/player1")]
    [InlineData("/+")]
    [InlineData("a//b")]
    [InlineData("$SYS/#")]
    [InlineData("$share/group/sport/+")]
    public void IsValidTopicFilter_SpecExamples_True(string topicFilter) =>
        Assert.True(MqttTopic.IsValidTopicFilter(topicFilter));

    [Theory]
    [InlineData("")]
    [InlineData("sport/tennis#")] // [MQTT-4.7.1-1]
    [InlineData("sport/tennis/#/ranking")] // [MQTT-4.7.1-1]
    [InlineData("sport+")] // [MQTT-4.7.1-2]
    [InlineData("sport/+tennis")]
    [InlineData("$share/group")]
    [InlineData("$share//a")]
    [InlineData("$share/gr+oup/a")]
    public void IsValidTopicFilter_InvalidFilter_False(string topicFilter) =>
        Assert.False(MqttTopic.IsValidTopicFilter(topicFilter));

    [Theory]
    [InlineData("a/b", true)]
    [InlineData("", false)]
    [InlineData("a/+", false)]
    [InlineData("a/#", false)]
    public void IsValidTopicName_Examples_MatchSpec(string topicName, bool expected) =>
        Assert.Equal(expected, MqttTopic.IsValidTopicName(topicName));
}
