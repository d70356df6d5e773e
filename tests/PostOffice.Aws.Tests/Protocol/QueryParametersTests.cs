using System.Text;
using PostOffice.Aws.Protocol;

namespace PostOffice.Aws.Tests.Protocol;

public sealed class QueryParametersTests
{
    [Fact]
    public void TryAdd_FormEncoding_DecodesPlusPercentAndUtf8()
    {
        var parameters = new QueryParameters();

        Assert.True(parameters.TryAdd("MessageBody=caf%C3%A9+%F0%9F%98%80+%3Cx%3E&Key%2EName=a%3Db%26c"u8));

        Assert.Equal("caf\u00e9 \U0001F600 <x>", parameters["MessageBody"]);
        Assert.Equal("a=b&c", parameters["Key.Name"]);
    }

    [Fact]
    public void TryAdd_QueryStringWithEmptyPairsAndBareNames_KeepsWhatIsThere()
    {
        var parameters = new QueryParameters();

        Assert.True(parameters.TryAdd("?Action=ListQueues&&Entries=&Flag"u8));

        Assert.Equal(3, parameters.Count);
        Assert.Equal(string.Empty, parameters["Entries"]);
        Assert.Equal(string.Empty, parameters["Flag"]);
    }

    [Fact]
    public void TryAdd_RepeatedName_LastValueWins()
    {
        var parameters = new QueryParameters();

        Assert.True(parameters.TryAdd("a=1&a=2"u8));

        Assert.Equal("2", parameters["a"]);
    }

    [Theory]
    [InlineData("a=%")]
    [InlineData("a=%4")]
    [InlineData("a=%G1")]
    [InlineData("a=%FF")]
    [InlineData("a=%C3%28")]
    public void TryAdd_BadEscapeOrUtf8_ReturnsFalse(string form)
    {
        Assert.False(new QueryParameters().TryAdd(Encoding.ASCII.GetBytes(form)));
    }

    [Fact]
    public void IndexesOf_FlattenedMembers_AscendingAndDistinctIgnoringOtherNames()
    {
        var parameters = new QueryParameters();
        parameters.TryAdd(
            "Entry.10.Id=j&Entry.2.Id=b&Entry.2.MessageBody=x&Entry.1.Id=a&Entry.x.Id=no&EntryOther.3=no&Entry.0.Id=no&Entry=empty"u8);

        Assert.Equal([1, 2, 10], parameters.IndexesOf("Entry"));
        Assert.Empty(parameters.IndexesOf("Missing"));
    }
}
