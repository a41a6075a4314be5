using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Fulgur.TestKit;

namespace Fulgur.Protocol.Tests.Onion;

/// <summary>
/// The quote rule for src/Fulgur.Protocol/Onion: every <c>BOLT #N: "…"</c> in a comment must appear, whitespace
/// normalised, in shared/bolts/0N-*.md, so a requirement we cite is one the spec really states. Stricter than the
/// repository-wide SpecConformance.BoltQuoteTests in one way: it checks every quoted string of a citing comment,
/// doc comments included; like it, list markers standing alone are ignored.
/// </summary>
public sealed partial class OnionSpecQuoteTests
{
    [GeneratedRegex(@"^\s*///?\s?(.*)$")]
    private static partial Regex CommentLine();

    [GeneratedRegex(@"BOLT #(\d+)")]
    private static partial Regex BoltReference();

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex XmlTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?<=^| )[-*](?= |$)")]
    private static partial Regex ListMarker();

    private static string Normalize(string text) => Whitespace().Replace(ListMarker().Replace(Whitespace().Replace(text, " "), ""), " ").Trim();

    private static string SourceFolder([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "src", "Fulgur.Protocol", "Onion"));

    /// <summary>Comment blocks (runs of // lines) that cite a BOLT, with the file and line they start on.</summary>
    private static IEnumerable<(string Where, int Bolt, string Text)> CitingBlocks(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (!CommentLine().IsMatch(lines[i]) || !lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                    continue;
                var start = i;
                var parts = new List<string>();
                while (i < lines.Length && lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                    parts.Add(CommentLine().Match(lines[i++]).Groups[1].Value);
                var text = XmlTag().Replace(string.Join(" ", parts), " ");
                var bolt = BoltReference().Match(text);
                if (bolt.Success)
                    yield return ($"{Path.GetFileName(file)}:{start + 1}", int.Parse(bolt.Groups[1].Value), text[bolt.Index..]);
            }
        }
    }

    [SkippableFact]
    public void EveryQuotedRequirement_IsInTheSpec()
    {
        var bolts = Path.GetDirectoryName(SharedData.Require("bolts/04-onion-routing.md"))!;
        var folder = SourceFolder();
        Skip.IfNot(Directory.Exists(folder), $"{folder} not found");
        var specs = new Dictionary<int, string>();
        var missing = new List<string>();
        var checkedQuotes = 0;
        foreach (var (where, bolt, text) in CitingBlocks(folder))
        {
            if (!specs.TryGetValue(bolt, out var spec))
            {
                var file = Directory.EnumerateFiles(bolts, $"{bolt:00}-*.md").Single();
                specs[bolt] = spec = Normalize(File.ReadAllText(file));
            }
            foreach (Match quote in Quoted().Matches(text))
            {
                checkedQuotes++;
                if (!spec.Contains(Normalize(quote.Groups[1].Value), StringComparison.Ordinal))
                    missing.Add($"{where}: BOLT #{bolt} \"{quote.Groups[1].Value}\"");
            }
        }
        Assert.True(checkedQuotes > 40, $"only {checkedQuotes} quotes found: is the scan broken?");
        Assert.True(missing.Count == 0, "quotes not found in the spec:\n" + string.Join("\n", missing));
    }
}
