using System.Reflection;

namespace Fulgur.TestKit;

/// <summary>Where to look for files beside the sources: the repository the tests were built from, then upwards from the test assembly and the working directory.</summary>
internal static class RepositoryRoot
{
    /// <summary>The repository root recorded at build time (FulgurRepositoryRoot in Fulgur.TestKit.csproj), or null.</summary>
    public static string? BuiltFrom { get; } = typeof(RepositoryRoot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "FulgurRepositoryRoot")?.Value;

    /// <summary><see cref="BuiltFrom"/>, then every folder from the test assembly's and from the working directory upwards.</summary>
    public static IEnumerable<string> Candidates()
    {
        foreach (var start in new[] { BuiltFrom, AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            if (string.IsNullOrEmpty(start))
                continue;
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                yield return dir.FullName;
        }
    }
}
