using System.Reflection;
using System.Xml.Linq;

namespace PostOffice.Architecture.Tests;

public sealed class LayeringTests
{
    [Fact]
    public void ProjectReferences_InSrc_PointOnlyDownTheLayers()
    {
        var references = Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src"), "*.csproj", SearchOption.AllDirectories)
            .ToDictionary(
                path => Path.GetFileNameWithoutExtension(path),
                path => (IReadOnlyList<string>)XDocument.Load(path).Descendants("ProjectReference")
                    .Select(reference => Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/')))
                    .ToList());

        Assert.Contains("PostOffice.Storage", references.Keys);
        Assert.Empty(Layers.Violations(references));
    }

    [Fact]
    public void AssemblyReferences_OfServerAssemblies_PointOnlyDownTheLayers()
    {
        var assemblies = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
            .Where(path => Layers.Allowed.ContainsKey(LayerName(Path.GetFileNameWithoutExtension(path))))
            .Select(path => Assembly.LoadFrom(path))
            .ToList();

        var references = assemblies.ToDictionary(
            assembly => LayerName(assembly.GetName().Name!),
            assembly => (IReadOnlyList<string>)assembly.GetReferencedAssemblies()
                .Select(name => LayerName(name.Name!))
                .Where(Layers.Allowed.ContainsKey)
                .ToList());

        Assert.Contains("PostOffice.Server", references.Keys);
        Assert.Empty(Layers.Violations(references));
    }

    [Fact]
    public void Violations_StorageReferencingServer_IsReported()
    {
        var references = new Dictionary<string, IReadOnlyList<string>>
        {
            ["PostOffice.Storage"] = ["PostOffice.Core", "PostOffice.Server"],
            ["PostOffice.Core"] = [],
        };

        Assert.Equal(["PostOffice.Storage -> PostOffice.Server"], Layers.Violations(references));
    }

    [Fact]
    public void Violations_UnknownProject_IsReported()
    {
        var references = new Dictionary<string, IReadOnlyList<string>> { ["PostOffice.Mystery"] = [] };

        Assert.Equal(["PostOffice.Mystery is not in the layer table"], Layers.Violations(references));
    }

    /// <summary>The server's assembly is named after its executable, <c>postoffice</c>.</summary>
    private static string LayerName(string assemblyName) => assemblyName == "postoffice" ? "PostOffice.Server" : assemblyName;

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PostOffice.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No PostOffice.slnx above {AppContext.BaseDirectory}");
    }
}
