using System.Globalization;
using System.Text.RegularExpressions;
using Fulgur.Crypto;
using Fulgur.Protocol.Tests.SpecConformance;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Tests.Wire;

/// <summary>
/// BOLT 1 Appendix B: every TLV vector, read from 01-messaging.md, against the n1 and n2 namespaces the appendix
/// defines (declared below exactly as the appendix lists them).
/// </summary>
public sealed partial class TlvVectorTests
{
    // Appendix B, n1: tlv1 (tu64 amount_msat), tlv2 (short_channel_id scid), tlv3 (point node_id, u64, u64), tlv4 (u16 cltv_delta).
    internal static readonly TlvNamespace N1 = new("n1",
        new TlvType(1, "tlv1", TlvFormat.Tu64),
        new TlvType(2, "tlv2", TlvFormat.Fixed(8)),
        new TlvType(3, "tlv3", static (ref r) => r.TryReadPoint(out _) && r.TryReadU64(out _) && r.TryReadU64(out _)),
        new TlvType(254, "tlv4", TlvFormat.Fixed(2)));

    // Appendix B, n2: tlv1 (tu64 amount_msat), tlv2 (tu32 cltv_expiry).
    internal static readonly TlvNamespace N2 = new("n2",
        new TlvType(0, "tlv1", TlvFormat.Tu64),
        new TlvType(11, "tlv2", TlvFormat.Tu32));

    internal sealed record Vector(string Section, string Hex, byte[] Bytes, bool Valid, string[] Namespaces, string Note);

    [GeneratedRegex(@"^\s*1\. (Valid|Invalid) stream: (0x[0-9a-f ]*)\s*$")]
    private static partial Regex StreamLine();

    [GeneratedRegex(@"^\s*2\. (Reason|Values|Explanation): (.*)$")]
    private static partial Regex NoteLine();

    /// <summary>All vectors of Appendix B, each with the namespaces its introducing sentence names.</summary>
    internal static List<Vector> LoadVectors()
    {
        var doc = BoltDocument.Load("01-messaging.md");
        var vectors = new List<Vector>();
        foreach (var title in new[] { "TLV Decoding Failures", "TLV Decoding Successes", "TLV Stream Decoding Failure" })
        {
            string[] namespaces = [];
            var section = doc.Section(title);
            for (var i = 0; i < section.Count; i++)
            {
                var line = section[i];
                if (line.Contains("following TLV stream", StringComparison.Ordinal))
                {
                    var intro = string.Join(' ', section.Skip(i).Take(2));
                    namespaces = intro.Contains("`n1`", StringComparison.Ordinal) ? ["n1"]
                        : intro.Contains("`n2`", StringComparison.Ordinal) ? ["n2"]
                        : ["n1", "n2"];
                    continue;
                }
                var match = StreamLine().Match(line);
                if (!match.Success)
                    continue;
                var note = NoteLine().Match(section[i + 1]);
                Assert.True(note.Success, $"no Reason/Values line after '{line}'");
                var hex = match.Groups[2].Value.Trim();
                vectors.Add(new Vector(title, hex, BoltDocument.ParseSpecHex(hex), match.Groups[1].Value == "Valid", namespaces, note.Groups[2].Value));
            }
        }
        return vectors;
    }

    private static TlvNamespace Namespace(string name) => name == "n1" ? N1 : N2;

    [SkippableFact]
    public void Appendix_B_all_vectors_decode_or_fail_as_specified()
    {
        var vectors = LoadVectors();
        // 33 decoding failures, 19 successes, 5 stream failures.
        Assert.Equal(57, vectors.Count);
        foreach (var vector in vectors)
        {
            foreach (var ns in vector.Namespaces)
            {
                var ok = TlvStream.TryParse(vector.Bytes, Namespace(ns), out var stream, out var error);
                if (vector.Valid)
                {
                    Assert.True(ok, $"{vector.Hex} in {ns}: {error}");
                    // Unknown odd records are kept, so the stream re-encodes to the same bytes.
                    Assert.Equal(vector.Bytes, stream!.ToArray());
                }
                else
                {
                    Assert.False(ok, $"{vector.Hex} in {ns} should fail: {vector.Note}");
                    Assert.NotEqual(WireErrorKind.None, error.Kind);
                }
            }
        }
    }

    [SkippableFact]
    public void Appendix_B_failure_reasons_map_to_error_kinds()
    {
        foreach (var vector in LoadVectors().Where(v => !v.Valid))
        {
            foreach (var ns in vector.Namespaces)
            {
                TlvStream.TryParse(vector.Bytes, Namespace(ns), out _, out var error);
                var reason = vector.Note;
                WireErrorKind[] expected =
                    reason.Contains("unknown even", StringComparison.OrdinalIgnoreCase) ? [WireErrorKind.TlvUnknownEvenType]
                    : reason.Contains("ordering", StringComparison.Ordinal) || reason.Contains("duplicate", StringComparison.Ordinal) ? [WireErrorKind.TlvNotIncreasing]
                    : reason.Contains("not minimally encoded", StringComparison.Ordinal) ? [WireErrorKind.NonMinimalBigSize]
                    : reason.Contains("truncated", StringComparison.Ordinal) || reason.Contains("missing", StringComparison.Ordinal)
                        ? [WireErrorKind.Truncated, WireErrorKind.TlvLengthExceedsRemaining]
                    : [WireErrorKind.TlvInvalidValue];
                Assert.True(expected.Contains(error.Kind), $"{vector.Hex} in {ns} ({reason}): got {error}");
            }
        }
    }

    [SkippableFact]
    public void Appendix_B_n1_values_decode_as_given()
    {
        var withValues = LoadVectors().Where(v => v.Valid && v.Note.Contains('=', StringComparison.Ordinal)).ToList();
        Assert.Equal(12, withValues.Count);
        foreach (var vector in withValues)
        {
            Assert.True(TlvStream.TryParse(vector.Bytes, N1, out var stream, out var error), error.ToString());
            var record = Assert.Single(stream!.Records);
            Assert.Equal(ParseExpectedValues(vector.Note), DecodeN1(record));
        }
    }

    [SkippableFact]
    public void Appendix_B_appending_streams()
    {
        var vectors = LoadVectors();
        // "Any appending of an invalid stream to a valid stream should trigger a decoding failure."
        var valid = vectors.Where(v => v.Valid).ToList();
        var invalid = vectors.Where(v => !v.Valid).ToList();
        foreach (var prefix in valid)
        {
            foreach (var suffix in invalid)
            {
                foreach (var ns in suffix.Namespaces.Intersect(prefix.Namespaces))
                {
                    byte[] joined = [.. prefix.Bytes, .. suffix.Bytes];
                    Assert.False(TlvStream.TryParse(joined, Namespace(ns), out _, out _), $"{prefix.Hex} + {suffix.Hex} in {ns}");
                }
            }
        }
        // "Any appending of a higher-numbered valid stream to a lower-numbered valid stream should not trigger a decoding failure."
        foreach (var ns in new[] { "n1", "n2" })
        {
            var single = valid.Where(v => v.Namespaces.Contains(ns) && v.Bytes.Length > 0)
                .Select(v => (v, type: FirstType(v.Bytes)))
                .ToList();
            var appended = 0;
            foreach (var (low, lowType) in single)
            {
                foreach (var (high, highType) in single.Where(s => s.type > lowType))
                {
                    byte[] joined = [.. low.Bytes, .. high.Bytes];
                    Assert.True(TlvStream.TryParse(joined, Namespace(ns), out var stream, out var error), $"{low.Hex} + {high.Hex} in {ns}: {error}");
                    Assert.Equal(2, stream!.Count);
                    appended++;
                }
            }
            Assert.True(appended > 0);
        }
    }

    private static ulong FirstType(byte[] bytes)
    {
        var reader = new WireReader(bytes);
        Assert.True(reader.TryReadBigSize(out var type));
        return type;
    }

    [GeneratedRegex(@"`(\w+)`=(\S+)")]
    private static partial Regex FieldValue();

    private static List<string> ParseExpectedValues(string note)
    {
        var name = Regex.Match(note, @"^`(\w+)`").Groups[1].Value;
        return [name, .. FieldValue().Matches(note).Select(m => $"{m.Groups[1].Value}={m.Groups[2].Value}")];
    }

    private static List<string> DecodeN1(TlvRecord record)
    {
        var reader = new WireReader(record.Value.Span);
        switch (record.Type)
        {
            case 1:
                Assert.True(reader.TryReadTu64(out var amount));
                return ["tlv1", $"amount_msat={amount}"];
            case 2:
                Assert.True(reader.TryReadShortChannelId(out var scid));
                return ["tlv2", $"scid={scid.ToString(ShortChannelIdFormat.X)}"];
            case 3:
                Assert.True(reader.TryReadPoint(out var point));
                Assert.True(reader.TryReadU64(out var a1));
                Assert.True(reader.TryReadU64(out var a2));
                return ["tlv3", $"node_id={Hex.Encode(point.Compressed)}", $"amount_msat_1={a1}", $"amount_msat_2={a2}"];
            case 254:
                Assert.True(reader.TryReadU16(out var delta));
                return ["tlv4", string.Create(CultureInfo.InvariantCulture, $"cltv_delta={delta}")];
            default:
                throw new InvalidOperationException($"unexpected type {record.Type}");
        }
    }
}
