using System.Text;

namespace PostOffice.Load.Aws;

/// <summary>One second of request time as SigV4 writes it: X-Amz-Date ("20150830T123600Z") and its date ("20150830").</summary>
internal sealed class AmzDateStamp
{
    private AmzDateStamp(long second, byte[] amzDate, string date)
    {
        Second = second;
        AmzDate = amzDate;
        Date = date;
    }

    /// <summary>Whole seconds since 0001-01-01 UTC.</summary>
    public long Second { get; }

    /// <summary>The X-Amz-Date value, ASCII.</summary>
    public byte[] AmzDate { get; }

    /// <summary>yyyyMMdd: the first part of the credential scope.</summary>
    public string Date { get; }

    public static AmzDateStamp For(DateTime utc)
    {
        var amzDate = SigV4Signer.FormatAmzDate(utc);
        return new AmzDateStamp(utc.Ticks / TimeSpan.TicksPerSecond, Encoding.ASCII.GetBytes(amzDate), amzDate[..8]);
    }
}
