namespace Fulgur.TestKit;

/// <summary>
/// Locates the workplace's read-only <c>shared/</c> folder (BOLTs, vectors, the mainnet graph).
/// Nothing from it is copied into the repository: tests read it in place. <c>FULGUR_SHARED</c>
/// overrides the path; otherwise it is looked for beside the repository root.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> Root = new(Locate);

    /// <summary>The shared folder, or null when it is absent.</summary>
    public static string? RootPath => Root.Value;

    /// <summary>A file under shared/, or null (with <paramref name="whyMissing"/>) when shared/ or the file is absent.</summary>
    public static string? TryPath(string relative, out string whyMissing)
    {
        var root = Root.Value;
        if (root is null)
        {
            whyMissing = "shared/ not found: set FULGUR_SHARED to the folder holding bolts/, vectors/ and data/";
            return null;
        }
        var full = Path.Combine(root, relative);
        if (!File.Exists(full))
        {
            whyMissing = $"{full} is missing from shared/";
            return null;
        }
        whyMissing = "";
        return full;
    }

    /// <summary>
    /// A file under shared/. When it cannot be found the calling test is skipped with the reason
    /// (use <c>[SkippableFact]</c>/<c>[SkippableTheory]</c>), so a missing shared/ is reported plainly.
    /// </summary>
    public static string Require(string relative)
    {
        var path = TryPath(relative, out var why);
        Skip.If(path is null, why);
        return path!;
    }

    public static string ReadText(string relative) => File.ReadAllText(Require(relative));

    private static string? Locate()
    {
        var env = Environment.GetEnvironmentVariable("FULGUR_SHARED");
        if (!string.IsNullOrEmpty(env))
            return Directory.Exists(env) ? Path.GetFullPath(env) : null;
        // Beside the repository the tests were built from, then upwards from the test assembly and the working directory.
        foreach (var dir in RepositoryRoot.Candidates())
        {
            var candidate = Path.Combine(dir, "shared");
            if (Directory.Exists(Path.Combine(candidate, "bolts")))
                return candidate;
        }
        return null;
    }
}
