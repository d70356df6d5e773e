namespace PostOffice.Compatibility.Tests.Harness;

/// <summary>
/// Where each client's program is. Debian's packages (AWS CLI v2, boto3 1.26) are in /usr/bin; pyenv's (AWS CLI v1,
/// boto3 1.43) come first on PATH through its shims, which shadow /usr/bin/aws and /usr/bin/python3.
/// </summary>
internal static class ClientExecutables
{
    public const string DebianAws = "/usr/bin/aws";
    public const string DebianPython = "/usr/bin/python3";

    private static readonly Lazy<string> PyenvAwsPath = new(() => FindOnPath("aws", outsideSystemDirectories: true));
    private static readonly Lazy<string> PyenvPythonPath = new(() => FindOnPath("python3", outsideSystemDirectories: true));
    private static readonly Lazy<string> NodePath = new(() => FindOnPath("node", outsideSystemDirectories: false));
    private static readonly Lazy<string> BashPath = new(() => FindOnPath("bash", outsideSystemDirectories: false));

    /// <summary>AWS CLI v1: the first <c>aws</c> on PATH that is not Debian's v2.</summary>
    public static string PyenvAws => PyenvAwsPath.Value;

    /// <summary>The python3 with boto3 1.43 (and moto): the first on PATH that is not Debian's.</summary>
    public static string PyenvPython => PyenvPythonPath.Value;

    public static string Node => NodePath.Value;

    public static string Bash => BashPath.Value;

    private static string FindOnPath(string name, bool outsideSystemDirectories)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (outsideSystemDirectories && directory.TrimEnd('/') is "/usr/bin" or "/bin")
            {
                continue;
            }

            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var where = outsideSystemDirectories ? " outside /usr/bin and /bin (pyenv's shims)" : string.Empty;
        throw new FileNotFoundException($"no {name} on PATH{where}; PATH={path}", name);
    }
}
