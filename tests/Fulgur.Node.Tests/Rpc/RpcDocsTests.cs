using System.Text.Json;
using System.Text.RegularExpressions;
using Fulgur.Node.Rpc;
using Fulgur.Node.Tests.Support;

namespace Fulgur.Node.Tests.Rpc;

/// <summary>
/// Every registered command has its doc/rpc/&lt;command&gt;.md page (embedded in Fulgur.Node), with CLN's sections, and
/// the page's parameter list is exactly the declaration: names in order, required/optional, type and aliases.
/// Page parameter lines read: <c>- `name` (type, required|optional[, default X]): text. Also accepted as `a`, `b`.</c>
/// </summary>
public sealed partial class RpcDocsTests : IAsyncLifetime
{
    private InProcessNode _node = null!;

    [GeneratedRegex(@"^- `(?<name>[a-z0-9_\-]+)` \((?<type>[a-z0-9_]+), (?<req>required|optional)[^)]*\)(?<rest>.*)$")]
    private static partial Regex ParamLine();

    [GeneratedRegex("Also accepted as (?<aliases>.*?)\\.")]
    private static partial Regex AliasText();

    public async Task InitializeAsync() => _node = await InProcessNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private IReadOnlyList<RpcCommand> Commands => _node.Host.Context.Commands.All;

    [Fact]
    public void The_node_registers_the_core_commands() =>
        Assert.Subset(Commands.Select(c => c.Name).ToHashSet(), new HashSet<string> { "getinfo", "help", "stop", "listconfigs" });

    [Fact]
    public void Every_command_has_a_page_with_the_standard_sections()
    {
        foreach (var command in Commands)
        {
            var page = RpcDocs.TryGetPage(command.Name);
            Assert.True(page is not null, $"doc/rpc/{command.Name}.md is missing");
            Assert.StartsWith($"# {command.Name} -- ", page, StringComparison.Ordinal);
            foreach (var section in new[] { "Synopsis", "Description", "Parameters", "Result", "Errors", "Example" })
                Assert.True(page.Contains($"\n## {section}\n", StringComparison.Ordinal), $"{command.Name}.md has no '## {section}' section");
            Assert.True(page.Contains($"`{command.Usage}`", StringComparison.Ordinal), $"{command.Name}.md synopsis is not `{command.Usage}`");
        }
    }

    [Fact]
    public void Every_page_lists_exactly_the_declared_parameters()
    {
        foreach (var command in Commands)
        {
            var page = RpcDocs.TryGetPage(command.Name);
            Assert.NotNull(page);
            var documented = DocumentedParameters(page);
            var declared = command.Parameters
                .Select(p => (p.Name, RpcParamParser.DocName(p.Type), p.IsRequired, string.Join(",", p.Aliases)))
                .ToList();
            Assert.True(declared.SequenceEqual(documented),
                $"{command.Name}.md parameters differ from the declaration:\n page: {string.Join("; ", documented)}\n code: {string.Join("; ", declared)}");
        }
    }

    [Fact]
    public async Task Every_page_example_replayed_on_a_node_gives_the_documented_shape()
    {
        foreach (var command in Commands)
        {
            var page = RpcDocs.TryGetPage(command.Name)!;
            var example = page[page.IndexOf("\n## Example\n", StringComparison.Ordinal)..];
            // Examples that need a connected peer or a funded wallet cannot run on this lone, empty node; the tests that
            // build those conditions replay them (Peers/PeerRpcExampleTests, Chain/ChainProcessTests).
            if (example.Contains(NeedsMarker, StringComparison.Ordinal))
                continue;
            var blocks = JsonBlock().Matches(example).Select(m => m.Groups[1].Value).ToList();
            Assert.True(blocks.Count >= 2, $"{command.Name}.md: the example needs a request and a response ```json block");
            using var request = JsonDocument.Parse(blocks[0]);
            using var documented = JsonDocument.Parse(blocks[1]);
            Assert.Equal(command.Name, request.RootElement.GetProperty("method").GetString());

            using var client = await RawRpcClient.ConnectAsync(_node.Host.Context.Config.RpcSocketPath);
            await client.SendAsync(blocks[0]);
            var response = await client.ReadAsync();
            Assert.True(response.TryGetProperty("result", out var result), $"{command.Name}.md example failed: {response}");
            Assert.Equal(Shape(documented.RootElement), Shape(result));
        }
    }

    /// <summary>Field names, recursively into objects and the first element of arrays; values are not compared.</summary>
    internal static string Shape(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", e.EnumerateObject().Select(p => p.Name + ":" + Shape(p.Value))) + "}",
        JsonValueKind.Array => "[" + (e.GetArrayLength() > 0 ? Shape(e[0]) : "") + "]",
        _ => "v",
    };

    [GeneratedRegex("```json\n(.*?)\n```", RegexOptions.Singleline)]
    internal static partial Regex JsonBlock();

    /// <summary>Marks a page whose example needs something this lone node lacks: <c>&lt;!-- example-needs-peer: …</c>,
    /// <c>&lt;!-- example-needs-funds: …</c>; the page says which test replays it.</summary>
    internal const string NeedsMarker = "<!-- example-needs-";

    /// <summary>Marks a page whose example needs a connected peer (replayed by Peers/PeerRpcExampleTests).</summary>
    internal const string NeedsPeerMarker = NeedsMarker + "peer:";

    [Fact]
    public void The_page_parser_sees_a_changed_parameter()
    {
        const string Page = "## Parameters\n\n- `id` (pubkey, required): the peer.\n- `amount_msat` (msat, optional, default 5): x. Also accepted as `msatoshi`.\n\n## Result\n";
        Assert.Equal([("id", "pubkey", true, ""), ("amount_msat", "msat", false, "msatoshi")], DocumentedParameters(Page));
    }

    internal static List<(string Name, string Type, bool Required, string Aliases)> DocumentedParameters(string page)
    {
        var start = page.IndexOf("## Parameters\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "no '## Parameters' section");
        var end = page.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = page[start..(end < 0 ? page.Length : end)];
        var list = new List<(string, string, bool, string)>();
        foreach (var line in section.Split('\n'))
        {
            var m = ParamLine().Match(line);
            if (!m.Success)
                continue;
            var alias = AliasText().Match(m.Groups["rest"].Value);
            var aliases = alias.Success
                ? string.Join(",", Regex.Matches(alias.Groups["aliases"].Value, "`([^`]+)`").Select(a => a.Groups[1].Value))
                : "";
            list.Add((m.Groups["name"].Value, m.Groups["type"].Value, m.Groups["req"].Value == "required", aliases));
        }
        return list;
    }
}
