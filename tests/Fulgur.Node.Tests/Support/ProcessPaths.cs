using System.Reflection;

namespace Fulgur.Node.Tests.Support;

/// <summary>
/// Where the process tests find the apphosts: the FULGURD and FULGUR_CLI environment variables when set (e.g. to
/// out/fulgurd after <c>./fulgur build</c>), else the build output of the referenced projects, whose paths the test
/// project records at build time (Fulgur.Node.Tests.csproj).
/// </summary>
public static class ProcessPaths
{
    public static string Fulgurd => Find("FULGURD", "FulgurdPath");

    public static string FulgurCli => Find("FULGUR_CLI", "FulgurCliPath");

    private static string Find(string variable, string metadataKey)
    {
        var fromEnv = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(fromEnv))
            return fromEnv;
        var built = typeof(ProcessPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == metadataKey)?.Value;
        if (built is null || !File.Exists(built))
            throw new FileNotFoundException($"no {metadataKey}: set {variable} or build the solution first (expected {built})");
        return built;
    }
}
