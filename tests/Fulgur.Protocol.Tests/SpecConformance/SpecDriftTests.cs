using System.Text.RegularExpressions;
using Fulgur.Protocol.Wire.Messages;
using Fulgur.TestKit;

namespace Fulgur.Protocol.Tests.SpecConformance;

/// <summary>
/// Checks every registered message against the BOLT text: the ``1. type: N (`name`)`` / ``2. data:`` blocks give
/// the type number and the ordered ``[`type`:`name`]`` fields, and ``1. `tlv_stream`: `name` `` blocks give each
/// stream's TLV types. This is the text Core Lightning's extractor reads; a spec update that moves a field fails here.
/// </summary>
public sealed partial class SpecDriftTests
{
    internal sealed record SpecMessage(string File, int Line, ushort Type, string Name, List<(string Type, string Name)> Fields);

    internal sealed record SpecTlvStream(string File, string Name, List<(ulong Type, string Name)> Types);

    [GeneratedRegex(@"^1\. type: (\d+) \(`(\w+)`\)\s*$")]
    private static partial Regex MessageHeader();

    [GeneratedRegex(@"^\s*\* \[`([^`]+)`:`([^`]+)`\]")]
    private static partial Regex FieldLine();

    [GeneratedRegex(@"^\s*1\. `tlv_stream`: `(\w+)`\s*$")]
    private static partial Regex TlvStreamHeader();

    [GeneratedRegex(@"^\s+1\. type: (\d+) \(`(\w+)`\)\s*$")]
    private static partial Regex TlvTypeLine();

    private static IEnumerable<string> BoltFiles()
    {
        var dir = Path.GetDirectoryName(SharedData.Require("bolts/01-messaging.md"))!;
        return Directory.GetFiles(dir, "*.md").Order(StringComparer.Ordinal);
    }

    internal static List<SpecMessage> ParseMessages()
    {
        var messages = new List<SpecMessage>();
        foreach (var file in BoltFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length - 1; i++)
            {
                var header = MessageHeader().Match(lines[i]);
                if (!header.Success || !lines[i + 1].StartsWith("2. data:", StringComparison.Ordinal))
                    continue;
                var fields = new List<(string, string)>();
                for (var j = i + 2; j < lines.Length; j++)
                {
                    var field = FieldLine().Match(lines[j]);
                    if (!field.Success)
                        break;
                    fields.Add((field.Groups[1].Value, field.Groups[2].Value));
                }
                messages.Add(new SpecMessage(Path.GetFileName(file), i + 1, ushort.Parse(header.Groups[1].Value), header.Groups[2].Value, fields));
            }
        }
        return messages;
    }

    internal static List<SpecTlvStream> ParseTlvStreams()
    {
        var streams = new List<SpecTlvStream>();
        foreach (var file in BoltFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var header = TlvStreamHeader().Match(lines[i]);
                if (!header.Success)
                    continue;
                var types = new List<(ulong, string)>();
                for (var j = i + 1; j < lines.Length; j++)
                {
                    var line = lines[j];
                    if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && !line.StartsWith("2. types:", StringComparison.Ordinal))
                        break;
                    var type = TlvTypeLine().Match(line);
                    if (type.Success)
                        types.Add((ulong.Parse(type.Groups[1].Value), type.Groups[2].Value));
                }
                streams.Add(new SpecTlvStream(Path.GetFileName(file), header.Groups[1].Value, types));
            }
        }
        return streams;
    }

    [SkippableFact]
    public void The_parser_finds_the_bolt1_messages()
    {
        var messages = ParseMessages();
        var init = Assert.Single(messages, m => m.Name == "init");
        Assert.Equal(16, init.Type);
        Assert.Equal(5, init.Fields.Count);
        Assert.Contains(messages, m => m.Name == "update_add_htlc" && m.Type == 128);
        var initTlvs = Assert.Single(ParseTlvStreams(), s => s.Name == "init_tlvs");
        Assert.Equal([(1UL, "networks"), (3UL, "remote_addr")], initTlvs.Types);
    }

    [SkippableFact]
    public void Registered_messages_match_the_spec_type_and_field_order()
    {
        var spec = ParseMessages();
        var problems = new List<string>();
        foreach (var descriptor in MessageRegistry.Default.Descriptors)
        {
            var matches = spec.Where(m => m.Name == descriptor.Name).ToList();
            if (matches.Count != 1)
            {
                problems.Add($"{descriptor.Name}: {matches.Count} definitions in the BOLTs");
                continue;
            }
            var definition = matches[0];
            var where = $"{definition.File}:{definition.Line}";
            if (definition.Type != descriptor.Type.Value)
                problems.Add($"{descriptor.Name}: type {descriptor.Type}, spec says {definition.Type} ({where})");
            var ours = descriptor.Fields.Select(f => $"[{f.Type}:{f.Name}]").ToList();
            var theirs = definition.Fields.Select(f => $"[{f.Type}:{f.Name}]").ToList();
            if (!ours.SequenceEqual(theirs))
                problems.Add($"{descriptor.Name}: fields {string.Join(" ", ours)}, spec says {string.Join(" ", theirs)} ({where})");
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [SkippableFact]
    public void Registered_tlv_streams_match_the_spec()
    {
        var spec = ParseTlvStreams();
        var messages = ParseMessages();
        var problems = new List<string>();
        foreach (var descriptor in MessageRegistry.Default.Descriptors.Where(d => d.Tlvs.Name.Length > 0))
        {
            var streams = spec.Where(s => s.Name == descriptor.Tlvs.Name).ToList();
            if (streams.Count != 1)
            {
                problems.Add($"{descriptor.Tlvs.Name}: {streams.Count} definitions in the BOLTs");
                continue;
            }
            var ours = descriptor.Tlvs.Types.Select(t => $"{t.Number}:{t.Name}");
            var theirs = streams[0].Types.Select(t => $"{t.Type}:{t.Name}");
            if (!ours.SequenceEqual(theirs))
                problems.Add($"{descriptor.Tlvs.Name}: {string.Join(" ", ours)}, spec says {string.Join(" ", theirs)}");
            // The message's last field names the stream. update_add_htlc, update_fulfill_htlc, update_fail_htlc and
            // channel_reestablish instead define theirs right after a data list that omits it, named `<message>_tlvs`.
            var listed = messages.Where(m => m.Name == descriptor.Name).SelectMany(m => m.Fields).Any(f => f.Type == descriptor.Tlvs.Name);
            if (!listed && descriptor.Tlvs.Name != descriptor.Name + "_tlvs")
                problems.Add($"{descriptor.Name}: the spec's data list does not name {descriptor.Tlvs.Name}");
            else if (listed && (descriptor.Fields.Count == 0 || descriptor.Fields[^1].Type != descriptor.Tlvs.Name))
                problems.Add($"{descriptor.Name}: the last field should be [{descriptor.Tlvs.Name}:…]");
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [SkippableFact]
    public void Every_bolt1_message_is_registered()
    {
        var registered = MessageRegistry.Default.Descriptors.Select(d => d.Name).ToHashSet();
        var missing = ParseMessages().Where(m => m.File == "01-messaging.md" && !registered.Contains(m.Name)).Select(m => m.Name).ToList();
        Assert.True(missing.Count == 0, $"BOLT 1 messages without a codec: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Registry_type_numbers_are_unique_and_descriptors_are_complete()
    {
        var descriptors = MessageRegistry.Default.Descriptors;
        Assert.Equal(descriptors.Count, descriptors.Select(d => d.Type).Distinct().Count());
        Assert.All(descriptors, d =>
        {
            Assert.False(string.IsNullOrEmpty(d.Name));
            Assert.NotEmpty(d.Fields);
            Assert.True(typeof(IWireMessage).IsAssignableFrom(d.ClrType));
        });
    }
}
