using System.Buffers;

namespace PostOffice.Mqtt.Tests;

/// <summary>Builds multi-segment sequences so decoders meet fields split across segments.</summary>
internal sealed class TestSegment : ReadOnlySequenceSegment<byte>
{
    public TestSegment(ReadOnlyMemory<byte> memory) => Memory = memory;

    public TestSegment Append(ReadOnlyMemory<byte> memory)
    {
        var next = new TestSegment(memory) { RunningIndex = RunningIndex + Memory.Length };
        Next = next;
        return next;
    }

    public static ReadOnlySequence<byte> Split(byte[] bytes, int at)
    {
        var first = new TestSegment(bytes.AsMemory(0, at));
        var last = first.Append(bytes.AsMemory(at));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
