using System.Globalization;
using System.Text.RegularExpressions;
using Fulgur.Crypto;
using Fulgur.TestKit;

namespace Fulgur.Protocol.Tests.Transport;

/// <summary>
/// The test vectors of BOLT 8 Appendix A ("Transport Test Vectors"), read from shared/bolts/08-transport.md at test time.
/// Handshake vectors keep their lines in order (inputs, outputs and the traced intermediate <c>h</c>/<c>ck</c> per act);
/// the message vector keeps its keys, the rotated keys and the numbered outputs.
/// </summary>
internal sealed partial class Bolt08Vectors
{
    private const string File = "bolts/08-transport.md";

    private Bolt08Vectors(Dictionary<string, HandshakeVector> handshakes, MessageVector messages)
    {
        Handshakes = handshakes;
        Messages = messages;
    }

    public IReadOnlyDictionary<string, HandshakeVector> Handshakes { get; }

    public MessageVector Messages { get; }

    /// <summary>Loads the appendix, or skips the calling test when shared/ is absent.</summary>
    public static Bolt08Vectors Load() => Parse(SharedData.ReadText(File));

    public static Bolt08Vectors Parse(string markdown)
    {
        var appendix = markdown.IndexOf("# Appendix A: Transport Test Vectors", StringComparison.Ordinal);
        var messageSection = markdown.IndexOf("## Message Encryption Tests", StringComparison.Ordinal);
        if (appendix < 0 || messageSection < appendix)
            throw new InvalidDataException("BOLT 8 Appendix A not found");
        var handshakes = ParseHandshakes(markdown[appendix..messageSection]);
        var messages = ParseMessages(markdown[messageSection..]);
        return new Bolt08Vectors(handshakes, messages);
    }

    private static Dictionary<string, HandshakeVector> ParseHandshakes(string text)
    {
        var result = new Dictionary<string, HandshakeVector>(StringComparer.Ordinal);
        HandshakeVector? current = null;
        var act = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("name:", StringComparison.Ordinal))
            {
                current = new HandshakeVector(line["name:".Length..].Trim());
                result.Add(current.Name, current);
                act = 0;
                continue;
            }
            if (current is null || line.Length == 0 || line.StartsWith("```", StringComparison.Ordinal))
                continue;
            if (line.StartsWith('#'))
            {
                var comment = line.TrimStart('#').Trim();
                if (comment.StartsWith("Act ", StringComparison.Ordinal))
                    act = comment switch { "Act One" => 1, "Act Two" => 2, "Act Three" => 3, _ => act };
                else if (comment.StartsWith("h=", StringComparison.Ordinal))
                    current.Hashes[act] = comment["h=".Length..];
                else if (ChainingKeyLine().Match(comment) is { Success: true } ck)
                    current.ChainingKeys[act] = ck.Groups["ck"].Value;
                continue;
            }
            var separator = line.IndexOfAny([':', '=']);
            if (separator < 0)
                continue;
            var key = line[..separator].Trim();
            var value = line[(separator + 1)..].Trim();
            switch (key)
            {
                case "input":
                    current.Inputs.Add(value);
                    break;
                case "output":
                    current.Outputs.Add(value);
                    break;
                default:
                    current.Keys[key] = value;
                    break;
            }
        }
        return result;
    }

    private static MessageVector ParseMessages(string text)
    {
        var vector = new MessageVector();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("# Acknowledgments", StringComparison.Ordinal))
                break;
            if (OutputLine().Match(line) is { Success: true } output)
                vector.Outputs[int.Parse(output.Groups["n"].Value, CultureInfo.InvariantCulture)] = Decode(output.Groups["hex"].Value);
            else if (RotationLine().Match(line) is { Success: true } rotation)
            {
                var step = new KeyRotation(Decode(rotation.Groups["ck"].Value), Decode(rotation.Groups["k"].Value));
                if (!vector.Rotations.Contains(step))
                    vector.Rotations.Add(step);
            }
            else if (KeyLine().Match(line) is { Success: true } key)
                vector.Keys[key.Groups["name"].Value] = Decode(key.Groups["hex"].Value);
        }
        return vector;
    }

    /// <summary>Hex with or without its 0x prefix.</summary>
    public static byte[] Decode(string hex) =>
        Hex.Decode(hex.StartsWith("0x", StringComparison.Ordinal) ? hex[2..] : hex);

    [GeneratedRegex(@"^ck,temp_k\d=(?<ck>0x[0-9a-f]{64}),")]
    private static partial Regex ChainingKeyLine();

    [GeneratedRegex(@"^output (?<n>\d+): (?<hex>0x[0-9a-f]+)$")]
    private static partial Regex OutputLine();

    [GeneratedRegex(@"^# (?<ck>0x[0-9a-f]{64}), (?<k>0x[0-9a-f]{64}) = HKDF\(")]
    private static partial Regex RotationLine();

    [GeneratedRegex(@"^(?<name>ck|sk|rk)=(?<hex>0x[0-9a-f]{64})$")]
    private static partial Regex KeyLine();
}

/// <summary>One named handshake vector of BOLT 8 Appendix A.</summary>
internal sealed class HandshakeVector(string name)
{
    public string Name { get; } = name;

    /// <summary><c>ls.priv</c>, <c>rs.pub</c>, <c>e.priv</c>, … as written.</summary>
    public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

    public List<string> Inputs { get; } = [];

    public List<string> Outputs { get; } = [];

    /// <summary>The last traced <c>h</c> of each act (1, 2, 3).</summary>
    public Dictionary<int, string> Hashes { get; } = [];

    /// <summary>The last traced <c>ck</c> of each act (1, 2, 3).</summary>
    public Dictionary<int, string> ChainingKeys { get; } = [];

    public byte[] Key(string name) => Bolt08Vectors.Decode(Keys[name]);

    public static bool IsError(string output, out string error)
    {
        var match = Regex.Match(output, @"^ERROR \((?<e>[A-Z0-9_]+)");
        error = match.Success ? match.Groups["e"].Value : "";
        return match.Success;
    }

    /// <summary>The two keys of an <c>output: sk,rk=0x…,0x…</c> (or <c>rk,sk=</c>) line, as (sk, rk).</summary>
    public static (byte[] Sk, byte[] Rk) FinalKeys(string output)
    {
        var match = Regex.Match(output, @"^(?<order>sk,rk|rk,sk)=(?<a>0x[0-9a-f]{64}),(?<b>0x[0-9a-f]{64})$");
        if (!match.Success)
            throw new InvalidDataException($"not a key output: {output}");
        var a = Bolt08Vectors.Decode(match.Groups["a"].Value);
        var b = Bolt08Vectors.Decode(match.Groups["b"].Value);
        return match.Groups["order"].Value == "sk,rk" ? (a, b) : (b, a);
    }

    public override string ToString() => Name;
}

/// <summary>BOLT 8 "Message Encryption Tests": initial keys, the HKDF rotations and the numbered outputs.</summary>
internal sealed class MessageVector
{
    public Dictionary<string, byte[]> Keys { get; } = new(StringComparer.Ordinal);

    public Dictionary<int, byte[]> Outputs { get; } = [];

    /// <summary>The (ck', k') pairs of successive rotations of the sending key, in order.</summary>
    public List<KeyRotation> Rotations { get; } = [];
}

internal sealed record KeyRotation(byte[] ChainingKey, byte[] Key)
{
    public bool Equals(KeyRotation? other) =>
        other is not null && ChainingKey.AsSpan().SequenceEqual(other.ChainingKey) && Key.AsSpan().SequenceEqual(other.Key);

    public override int GetHashCode() => HashCode.Combine(ChainingKey.Length, Key.Length);
}
