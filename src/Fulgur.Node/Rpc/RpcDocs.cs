using System.Reflection;

namespace Fulgur.Node.Rpc;

/// <summary>
/// The doc/rpc/&lt;command&gt;.md pages, embedded in this assembly at build time so an installed daemon can print
/// them for <c>help &lt;command&gt;</c>.
/// </summary>
public static class RpcDocs
{
    private const string Prefix = "rpc-doc/";

    /// <summary>The page for <paramref name="command"/>, or null if there is none.</summary>
    public static string? TryGetPage(string command)
    {
        using var stream = typeof(RpcDocs).Assembly.GetManifestResourceStream(Prefix + command + ".md");
        if (stream is null)
            return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The commands that have a page.</summary>
    public static IReadOnlyList<string> Commands(Assembly? assembly = null) =>
        [.. (assembly ?? typeof(RpcDocs).Assembly).GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".md", StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..^3])];
}
