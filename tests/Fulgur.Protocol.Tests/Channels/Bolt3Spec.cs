using System.Globalization;
using Fulgur.TestKit;

namespace Fulgur.Protocol.Tests.Channels;

/// <summary>Reads the appendix vectors of shared/bolts/03-transactions.md at test time (nothing is copied in).</summary>
internal static class Bolt3Spec
{
    public const string Path = "bolts/03-transactions.md";

    /// <summary>
    /// The lines after the line starting with <paramref name="start"/>, up to the next one starting with <paramref name="end"/>.
    /// </summary>
    public static IReadOnlyList<string> Section(string start, string end)
    {
        var lines = File.ReadAllLines(SharedData.Require(Path));
        var from = Array.FindIndex(lines, l => l.StartsWith(start, StringComparison.Ordinal));
        Assert.True(from >= 0, $"heading '{start}' not found in {Path}");
        var to = Array.FindIndex(lines, from + 1, l => l.StartsWith(end, StringComparison.Ordinal));
        Assert.True(to > from, $"heading '{end}' not found after '{start}' in {Path}");
        return lines[(from + 1)..to];
    }

    /// <summary>The <c>key: value</c> pairs of a section, in order (comments and blank lines dropped).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Pairs(IEnumerable<string> lines)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            var equals = line.IndexOf(" = ", StringComparison.Ordinal);
            if (equals > 0 && (colon < 0 || equals < colon))
                pairs.Add(new(line[..equals].Trim(), line[(equals + 3)..].Trim()));
            else if (colon > 0)
                pairs.Add(new(line[..colon].Trim(), line[(colon + 2)..].Trim()));
        }
        return pairs;
    }

    /// <summary>Splits pairs into groups, each starting at a <c>name</c> key.</summary>
    public static IReadOnlyList<(string Name, IReadOnlyList<KeyValuePair<string, string>> Fields)> Named(
        IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var groups = new List<(string, IReadOnlyList<KeyValuePair<string, string>>)>();
        List<KeyValuePair<string, string>>? current = null;
        foreach (var pair in pairs)
        {
            if (pair.Key == "name")
            {
                current = [];
                groups.Add((pair.Value, current));
            }
            else
            {
                current?.Add(pair);
            }
        }
        return groups;
    }

    public static byte[] HexBytes(string value)
    {
        var hex = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? value[2..] : value;
        return Fulgur.Crypto.Hex.Decode(hex.ToLowerInvariant());
    }

    /// <summary>A private key as the appendix prints it: 32 bytes, optionally followed by the "compressed" 01 marker.</summary>
    public static byte[] PrivateKeyBytes(string value)
    {
        var bytes = HexBytes(value);
        return bytes.Length == 33 && bytes[32] == 1 ? bytes[..32] : bytes;
    }

    public static ulong Number(string value) =>
        value.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.Parse(value.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : ulong.Parse(value, CultureInfo.InvariantCulture);
}
