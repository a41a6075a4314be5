// The quote convention, checked by this file:
//
//   // BOLT #2: "the exact text of the requirement, as the spec writes it"
//
// - `#N` names the BOLT; the quote must appear in shared/bolts/NN-*.md (01-messaging.md for #1).
// - The quote runs from the first `"` after `BOLT #N:` to the next `"`, and may continue on following `//` lines
//   (each continuation line's `//` and leading spaces are dropped). `///` doc comments work the same way.
// - The quote is compared with the spec as rendered: markdown links `[text](#anchor)` count as their text, whitespace
//   collapses, and list markers (`-` or `*` standing alone) are ignored, so a quote may span nested list items:
//   "if `num_pong_bytes` is less than 65532: - MUST respond" matches the spec's two lines. Case and backticks count.
// - A `// BOLT #N:` comment without a quoted string is a paraphrase and is not checked. Quotes contain no `"`.
// - The spec revision is pinned in Fulgur.Protocol.Wire.BoltSpec.Commit.
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Fulgur.Protocol.Wire;
using Fulgur.TestKit;

namespace Fulgur.Protocol.Tests.SpecConformance;

public sealed partial class BoltQuoteTests
{
    internal sealed record Quote(string File, int Line, int Bolt, string Text);

    [GeneratedRegex(@"//\s*BOLT\s*#(\d+):\s*""(.*)$")]
    private static partial Regex QuoteStart();

    [GeneratedRegex(@"^\s*///?\s?(.*)$")]
    private static partial Regex CommentLine();

    [GeneratedRegex(@"\[([^\]]*)\](\([^)]*\)|\[[^\]]*\])")]
    private static partial Regex MarkdownLink();

    /// <summary>The repository's src/ folder, found from this source file's compile-time path.</summary>
    private static string? SourceRoot([CallerFilePath] string thisFile = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(thisFile)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fulgur.slnx")))
                return Path.Combine(dir.FullName, "src");
        }
        return null;
    }

    /// <summary>Every quote in every .cs file under <paramref name="root"/>, plus any malformed ones.</summary>
    internal static (List<Quote> Quotes, List<string> Malformed) Scan(string root)
    {
        var quotes = new List<Quote>();
        var malformed = new List<string>();
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var start = QuoteStart().Match(lines[i]);
                if (!start.Success)
                    continue;
                var text = start.Groups[2].Value;
                var end = text.IndexOf('"', StringComparison.Ordinal);
                var j = i;
                while (end < 0)
                {
                    j++;
                    var next = j < lines.Length ? CommentLine().Match(lines[j]) : Match.Empty;
                    if (!next.Success)
                        break;
                    var continuation = next.Groups[1].Value;
                    var close = continuation.IndexOf('"', StringComparison.Ordinal);
                    end = close < 0 ? -1 : text.Length + 1 + close;
                    text += " " + continuation;
                }
                var where = $"{Path.GetRelativePath(root, file)}:{i + 1}";
                if (end < 0)
                {
                    malformed.Add($"{where}: quote never closes");
                    continue;
                }
                quotes.Add(new Quote(where, i + 1, int.Parse(start.Groups[1].Value), text[..end]));
            }
        }
        return (quotes, malformed);
    }

    /// <summary>Collapses whitespace and drops stand-alone list markers.</summary>
    internal static string Normalize(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(w => w is not ("-" or "*")));

    [SkippableFact]
    public void Every_quoted_requirement_appears_in_the_bolts()
    {
        var bolts = Path.GetDirectoryName(SharedData.Require("bolts/01-messaging.md"))!;
        var root = SourceRoot();
        Skip.If(root is null || !Directory.Exists(root), "the repository's src/ folder is not where this test was compiled");
        var specs = new Dictionary<int, string>();
        var (quotes, problems) = Scan(root!);
        foreach (var quote in quotes)
        {
            if (!specs.TryGetValue(quote.Bolt, out var spec))
            {
                var path = Directory.GetFiles(bolts, $"{quote.Bolt:00}-*.md").SingleOrDefault();
                spec = path is null ? "" : Normalize(MarkdownLink().Replace(File.ReadAllText(path), "$1"));
                specs[quote.Bolt] = spec;
            }
            if (spec.Length == 0)
                problems.Add($"{quote.File}: there is no BOLT #{quote.Bolt} in shared/bolts");
            else if (quote.Text.Trim().Length == 0 || !spec.Contains(Normalize(MarkdownLink().Replace(quote.Text, "$1")), StringComparison.Ordinal))
                problems.Add($"{quote.File}: BOLT #{quote.Bolt} does not say \"{quote.Text}\"");
        }
        Assert.True(problems.Count == 0, $"{problems.Count} bad quote(s):{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        // The wire code alone quotes dozens of rules; finding none means the scan is broken.
        Assert.True(quotes.Count >= 20, $"only {quotes.Count} quotes found under {root}");
    }

    [SkippableFact]
    public void The_pinned_spec_commit_is_the_one_in_shared()
    {
        var readme = File.ReadAllText(SharedData.Require("bolts/README.md"));
        Assert.Contains(BoltSpec.Commit, readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Scanner_reads_single_and_multi_line_quotes_and_reports_unclosed_ones()
    {
        var dir = Directory.CreateTempSubdirectory("fulgur-quotes-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "A.cs"), """
                // BOLT #1: "MUST ignore the `ping`."
                x = 1; // BOLT #9: "MUST NOT set both the optional
                //   and mandatory bits."
                // BOLT #1: paraphrase, not checked
                /// BOLT #4: "a doc
                /// comment quote"
                // BOLT #2: "never closes
                int y;
                """);
            var (quotes, malformed) = Scan(dir.FullName);
            Assert.Equal(
                [(1, "MUST ignore the `ping`."), (9, "MUST NOT set both the optional and mandatory bits."), (4, "a doc comment quote")],
                quotes.Select(q => (q.Bolt, Normalize(q.Text))));
            Assert.Single(malformed);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Normalize_ignores_list_markers_and_whitespace()
    {
        Assert.Equal(Normalize("65532:\n    - MUST respond"), Normalize("65532: - MUST   respond"));
        Assert.Equal("big-endian exclusive-OR", Normalize(" big-endian\texclusive-OR "));
    }
}
