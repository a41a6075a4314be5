using System.Text.Json;
using Fulgur.TestKit;

namespace Fulgur.Protocol.Tests.SpecConformance;

/// <summary>
/// A BOLT markdown file from shared/bolts, read at test time so vectors come straight from the spec text
/// (nothing is copied into the repository). Missing shared/ skips the test.
/// </summary>
internal sealed class BoltDocument
{
    private readonly string[] _lines;

    private BoltDocument(string path, string[] lines)
    {
        Path = path;
        _lines = lines;
    }

    public string Path { get; }

    public IReadOnlyList<string> Lines => _lines;

    public static BoltDocument Load(string fileName)
    {
        var path = SharedData.Require("bolts/" + fileName);
        return new BoltDocument(path, File.ReadAllLines(path));
    }

    /// <summary>The lines under the heading that ends with <paramref name="title"/>, up to the next heading of the same or higher level.</summary>
    public IReadOnlyList<string> Section(string title)
    {
        for (var i = 0; i < _lines.Length; i++)
        {
            var line = _lines[i];
            if (!line.StartsWith('#') || !line.TrimEnd().EndsWith(title, StringComparison.Ordinal))
                continue;
            var level = line.TakeWhile(c => c == '#').Count();
            var body = new List<string>();
            for (var j = i + 1; j < _lines.Length; j++)
            {
                var next = _lines[j];
                if (next.StartsWith('#') && next.TakeWhile(c => c == '#').Count() <= level && !InsideCodeBlock(j))
                    break;
                body.Add(next);
            }
            return body;
        }
        throw new InvalidOperationException($"no heading '{title}' in {Path}");
    }

    private bool InsideCodeBlock(int index) => _lines.Take(index).Count(l => l.TrimStart().StartsWith("```", StringComparison.Ordinal)) % 2 == 1;

    /// <summary>The <c>```json</c> blocks of a section, parsed.</summary>
    public static IReadOnlyList<JsonElement> JsonBlocks(IReadOnlyList<string> section)
    {
        var blocks = new List<JsonElement>();
        for (var i = 0; i < section.Count; i++)
        {
            if (!section[i].TrimStart().StartsWith("```json", StringComparison.Ordinal))
                continue;
            var text = string.Join('\n', section.Skip(i + 1).TakeWhile(l => !l.TrimStart().StartsWith("```", StringComparison.Ordinal)));
            using var doc = JsonDocument.Parse(text);
            blocks.Add(doc.RootElement.Clone());
        }
        return blocks;
    }

    /// <summary>Hex as the appendices write it: <c>0x0f fd26</c> (spaces allowed, <c>0x</c> alone is empty).</summary>
    public static byte[] ParseSpecHex(string text)
    {
        var hex = text.Trim();
        if (hex.StartsWith("0x", StringComparison.Ordinal))
            hex = hex[2..];
        return Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
    }
}
