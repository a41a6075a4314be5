using System.Globalization;
using System.Text.Json;
using Fulgur.Node.Rpc;
using Fulgur.Node.Tests.Rpc;
using Fulgur.Node.Tests.Support;

namespace Fulgur.Node.Tests.Peers;

/// <summary>
/// The doc pages of connect, listpeers, ping and disconnect carry examples naming a peer, which a lone node cannot
/// replay (RpcDocsTests skips them by their marker). Here they are replayed between two nodes, in that order, with the
/// example's node id and address replaced by the second node's, and must give the documented shape.
/// </summary>
public sealed class PeerRpcExampleTests
{
    private const string ExampleId = "035d2b1192dfba134e10e540875d366ebc8bc353d5aa766b80c090b39c3a5d885d";
    private const string ExampleAddress = "127.0.0.1:19846";

    [Fact]
    public async Task Peer_command_examples_replayed_between_two_nodes_give_the_documented_shape()
    {
        await using var a = await InProcessNode.StartAsync();
        await using var b = await InProcessNode.StartAsync();
        var bId = b.Host.Identity.NodeId.ToHex();
        var bAddress = "127.0.0.1:" + PeerRpcTests.PortOf(b).ToString(CultureInfo.InvariantCulture);
        var replayed = new List<string>();
        foreach (var command in new[] { "connect", "listpeers", "ping", "disconnect" })
        {
            var page = RpcDocs.TryGetPage(command);
            Assert.NotNull(page);
            var example = page[page.IndexOf("\n## Example\n", StringComparison.Ordinal)..];
            Assert.Contains(RpcDocsTests.NeedsPeerMarker, example, StringComparison.Ordinal);
            var blocks = RpcDocsTests.JsonBlock().Matches(example).Select(m => m.Groups[1].Value).ToList();
            Assert.True(blocks.Count >= 2, $"{command}.md: the example needs a request and a response ```json block");
            var request = blocks[0].Replace(ExampleId, bId, StringComparison.Ordinal).Replace(ExampleAddress, bAddress, StringComparison.Ordinal);
            using var documented = JsonDocument.Parse(blocks[1]);

            using var client = await RawRpcClient.ConnectAsync(a.Host.Context.Config.RpcSocketPath);
            await client.SendAsync(request);
            var response = await client.ReadAsync();
            Assert.True(response.TryGetProperty("result", out var result), $"{command}.md example failed: {response}");
            Assert.Equal(RpcDocsTests.Shape(documented.RootElement), RpcDocsTests.Shape(result));
            replayed.Add(command);
        }
        Assert.Equal(4, replayed.Count);
    }
}
