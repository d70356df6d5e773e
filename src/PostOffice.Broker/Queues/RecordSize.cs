using System.Text;

namespace PostOffice.Broker.Queues;

internal static class RecordSize
{
    public static int Of(string? value) => 4 + (value is null ? 0 : Encoding.UTF8.GetByteCount(value));
}
