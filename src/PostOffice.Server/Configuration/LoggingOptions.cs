using Microsoft.Extensions.Logging;

namespace PostOffice.Server.Configuration;

/// <summary>The <c>logging</c> section.</summary>
public sealed class LoggingOptions
{
    /// <summary>The least severe level written; framework categories stay at Warning unless this asks for Debug or Trace.</summary>
    public LogLevel Level { get; set; } = LogLevel.Information;
}
