namespace PostOffice.Compatibility.Tests.Harness;

/// <summary>The real <c>postoffice</c> server on a temporary data directory that outlives each of its processes.</summary>
internal sealed class PostOfficeHost()
    : RestartablePostOffice(Path.Combine(Path.GetTempPath(), $"postoffice-compat-{Guid.NewGuid():N}")), ISqsServerHost
{
    public Uri Endpoint => new($"http://127.0.0.1:{HttpPort}/");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
