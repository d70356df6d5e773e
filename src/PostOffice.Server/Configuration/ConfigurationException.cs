namespace PostOffice.Server.Configuration;

/// <summary>
/// A setting is unknown, malformed or inconsistent. The message is one line that names where the value came
/// from (file and line, environment variable or option) and the key, and is printed as is.
/// </summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string message)
        : base(message)
    {
    }

    public ConfigurationException()
    {
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
