using System.Buffers;
using System.Text;
using PostOffice.Load.Aws.Http;

namespace PostOffice.Load.Tests.Aws.Http;

public sealed class ChunkedBodyDecoderTests
{
    private const string Chunked = "4\r\nWiki\r\n6;name=value\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\n";
    private const string Decoded = "Wikipedia in \r\n\r\nchunks.";

    [Fact]
    public void Decode_WholeBody_ReturnsTheDataAndStopsAtItsEnd()
    {
        var decoder = new ChunkedBodyDecoder(1024);
        var body = new ArrayBufferWriter<byte>();

        var status = decoder.Decode(Encoding.ASCII.GetBytes(Chunked + "HTTP/1.1"), body, out var consumed);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(Chunked.Length, consumed);
        Assert.Equal(Decoded, Encoding.ASCII.GetString(body.WrittenSpan));
    }

    [Fact]
    public void Decode_BytesArrivingOneAtATime_GiveTheSameBody()
    {
        // The caller keeps unconsumed bytes and offers them again with the next ones, as the connection does.
        var input = Encoding.ASCII.GetBytes(Chunked);
        var decoder = new ChunkedBodyDecoder(1024);
        var body = new ArrayBufferWriter<byte>();
        var pending = new List<byte>();
        var status = OperationStatus.NeedMoreData;
        foreach (var b in input)
        {
            Assert.Equal(OperationStatus.NeedMoreData, status);
            pending.Add(b);
            status = decoder.Decode(pending.ToArray(), body, out var consumed);
            pending.RemoveRange(0, consumed);
        }

        Assert.Equal(OperationStatus.Done, status);
        Assert.Empty(pending);
        Assert.Equal(Decoded, Encoding.ASCII.GetString(body.WrittenSpan));
    }

    [Theory]
    [InlineData("x\r\n")]
    [InlineData("4\r\nWikiXX0\r\n\r\n")]
    [InlineData("4x\r\nWiki\r\n0\r\n\r\n")]
    [InlineData("1000000000000000\r\n")]
    public void Decode_MalformedBody_IsInvalid(string text)
    {
        var decoder = new ChunkedBodyDecoder(1024);

        Assert.Equal(OperationStatus.InvalidData, decoder.Decode(Encoding.ASCII.GetBytes(text), new ArrayBufferWriter<byte>(), out _));
    }

    [Fact]
    public void Decode_BodyLongerThanAllowed_IsInvalid()
    {
        var decoder = new ChunkedBodyDecoder(maxBodyBytes: 8);

        Assert.Equal(OperationStatus.InvalidData, decoder.Decode("9\r\n"u8, new ArrayBufferWriter<byte>(), out _));
    }
}
