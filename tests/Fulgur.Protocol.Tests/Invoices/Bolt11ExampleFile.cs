using System.Text.RegularExpressions;
using Fulgur.TestKit;

namespace Fulgur.Protocol.Tests.Invoices;

/// <summary>One example of BOLT 11's "Examples" or "Examples of Invalid Invoices" sections, read from the spec at test time.</summary>
internal sealed record Bolt11Example(string Title, string Invoice, bool IsValid, string? SignatureHex, int? RecoveryId,
    string? SigningDataHex, string? SigningHashHex);

/// <summary>
/// Reads the examples out of shared/bolts/11-payment-encoding.md: a quoted heading (<c>&gt; ### …</c>), the invoice on the
/// next non-empty line (quoted or not), then the breakdown, from which the "Signature breakdown" values are taken.
/// </summary>
internal static partial class Bolt11ExampleFile
{
    public const string Path = "bolts/11-payment-encoding.md";

    /// <summary>All examples in file order; skips the test when shared/ is absent.</summary>
    public static IReadOnlyList<Bolt11Example> Load()
    {
        var lines = File.ReadAllLines(SharedData.Require(Path));
        var start = Array.FindIndex(lines, l => l.TrimEnd() == "# Examples");
        var invalidStart = Array.FindIndex(lines, l => l.TrimEnd() == "# Examples of Invalid Invoices");
        var end = Array.FindIndex(lines, l => l.TrimEnd() == "# Authors");
        Assert.True(start > 0 && invalidStart > start && end > invalidStart, "BOLT 11's example sections were not found");

        var examples = new List<Bolt11Example>();
        for (var i = start; i < end; i++)
        {
            var heading = HeadingPattern().Match(lines[i]);
            if (!heading.Success)
                continue;
            var j = i + 1;
            while (j < end && Unquote(lines[j]).Length == 0)
                j++;
            var invoice = Unquote(lines[j]);
            var next = j + 1;
            while (next < end && !HeadingPattern().IsMatch(lines[next]))
                next++;
            var breakdown = lines[(j + 1)..next];
            examples.Add(new Bolt11Example(
                heading.Groups["title"].Value.Trim(),
                invoice,
                i < invalidStart,
                Backticked(breakdown, "hex of signature data"),
                Backticked(breakdown, "recovery flag") is { } flag ? int.Parse(flag, System.Globalization.CultureInfo.InvariantCulture) : null,
                Backticked(breakdown, "hex of data for signing"),
                Backticked(breakdown, "hex of SHA256 of the preimage")));
            i = next - 1;
        }
        return examples;
    }

    public static Bolt11Example Get(string titleStart)
    {
        var matches = Load().Where(e => e.Title.StartsWith(titleStart, StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count == 1, $"expected one example titled '{titleStart}…', found {matches.Count}");
        return matches[0];
    }

    private static string Unquote(string line)
    {
        var text = line.Trim();
        return text.StartsWith('>') ? text[1..].Trim() : text;
    }

    private static string? Backticked(string[] breakdown, string label)
    {
        foreach (var line in breakdown)
        {
            if (!line.Contains(label, StringComparison.Ordinal))
                continue;
            var match = BacktickPattern().Match(line);
            if (match.Success)
                return match.Groups[1].Value;
        }
        return null;
    }

    [GeneratedRegex(@"^>\s*#+\s*(?<title>.+)$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex BacktickPattern();
}
