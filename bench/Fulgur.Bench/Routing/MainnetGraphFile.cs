namespace Fulgur.Bench.Routing;

/// <summary>
/// Finds shared/data/mainnet-graph-2026-02-03.csv.gz: FULGUR_SHARED when set, else ../shared beside the repository
/// root (the folder holding Fulgur.slnx, found by walking up from the current directory).
/// </summary>
internal static class MainnetGraphFile
{
    private const string Relative = "data/mainnet-graph-2026-02-03.csv.gz";

    public static string Locate()
    {
        var env = Environment.GetEnvironmentVariable("FULGUR_SHARED");
        string? shared = null;
        if (!string.IsNullOrEmpty(env))
        {
            shared = env;
        }
        else
        {
            for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Fulgur.slnx")))
                {
                    shared = Path.Combine(dir.FullName, "..", "shared");
                    break;
                }
            }
        }
        var path = shared is null ? null : Path.GetFullPath(Path.Combine(shared, Relative));
        if (path is null || !File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The mainnet graph is absent ({path ?? "no repository root above " + Environment.CurrentDirectory}): " +
                "set FULGUR_SHARED to the shared/ folder holding " + Relative + ".");
        }
        return path;
    }
}
