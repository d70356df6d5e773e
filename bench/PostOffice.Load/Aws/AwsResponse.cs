using System.Text;

namespace PostOffice.Load.Aws;

/// <summary>An HTTP answer: status and body bytes.</summary>
public readonly record struct AwsResponse(int Status, byte[] Body)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>"404: first 200 characters of the body", for error reports.</summary>
    public string Describe()
    {
        var text = Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 200)).ReplaceLineEndings(" ").Trim();
        return text.Length == 0 ? $"HTTP {Status}" : $"HTTP {Status}: {text}";
    }
}
