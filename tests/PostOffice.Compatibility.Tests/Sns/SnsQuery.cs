using System.Xml.Linq;

namespace PostOffice.Compatibility.Tests.Sns;

/// <summary>
/// Plain query-protocol requests (form POSTs, as the SDKs send them unsigned) for the tests that drive the server
/// around a stand-in HTTP endpoint rather than through a client script.
/// </summary>
public sealed class SnsQuery(Uri endpoint) : IDisposable
{
    private static readonly XNamespace Sns = "http://sns.amazonaws.com/doc/2010-03-31/";
    private static readonly XNamespace Sqs = "http://queue.amazonaws.com/doc/2012-11-05/";
    private readonly HttpClient _http = new() { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(60) };

    public async Task<XElement> SnsAsync(string action, params (string Name, string Value)[] parameters) =>
        await PostAsync("2010-03-31", action, parameters);

    public async Task<XElement> SqsAsync(string action, params (string Name, string Value)[] parameters) =>
        await PostAsync("2012-11-05", action, parameters);

    public static string SnsValue(XElement response, string element) => response.Descendants(Sns + element).First().Value;

    public static IEnumerable<string> SqsValues(XElement response, string element) => response.Descendants(Sqs + element).Select(e => e.Value);

    /// <summary>GETs a URL the server handed out (SubscribeURL, SigningCertURL).</summary>
    public async Task<string> GetAsync(string url)
    {
        using var response = await _http.GetAsync(new Uri(url), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
        return body;
    }

    public void Dispose() => _http.Dispose();

    private async Task<XElement> PostAsync(string version, string action, (string Name, string Value)[] parameters)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", version) };
        form.AddRange(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));
        using var content = new FormUrlEncodedContent(form);
        using var response = await _http.PostAsync(new Uri("/", UriKind.Relative), content, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{action}: {(int)response.StatusCode} {body}");
        return XElement.Parse(body);
    }
}
