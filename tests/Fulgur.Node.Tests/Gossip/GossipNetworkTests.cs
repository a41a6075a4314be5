using System.Text.Json;
using Fulgur.Node.Rpc;
using Fulgur.Node.Tests.Rpc;

namespace Fulgur.Node.Tests.Gossip;

/// <summary>
/// Gossip across five nodes in a line (see <see cref="GossipNetworkFixture"/>): every node learns every public channel
/// and node announcement, including the late node through the queries; getroute over it adds fees and delays hop by
/// hop; a closed channel disappears from every table; the gossip store survives a restart.
/// </summary>
public sealed class GossipNetworkTests(GossipNetworkFixture network) : IClassFixture<GossipNetworkFixture>
{
    private List<GossipNode> Nodes => network.Nodes;

    [SkippableFact]
    public async Task Every_node_learns_every_channel_and_node_announcement_with_its_fields()
    {
        var fixed4 = network.Channels.Take(4).ToList();
        await GossipNetworkFixture.WaitForGossipAsync(Nodes, fixed4, 5);
        foreach (var node in Nodes)
        {
            var channels = (await node.RpcAsync("listchannels")).GetProperty("channels").EnumerateArray().ToList();
            for (var i = 0; i < 4; i++)
            {
                var forward = channels.Single(c => c.GetProperty("short_channel_id").GetString() == fixed4[i]
                    && c.GetProperty("source").GetString() == Nodes[i].Id);
                Assert.Equal(Nodes[i + 1].Id, forward.GetProperty("destination").GetString());
                Assert.Equal(GossipNetworkFixture.ChannelSatoshis, forward.GetProperty("satoshis").GetInt64());
                Assert.Equal(GossipNetworkFixture.ChannelSatoshis * 1000, forward.GetProperty("amount_msat").GetInt64());
                // --fee-base and --fee-per-satoshi defaults (1000, 10), --cltv-delta 34.
                Assert.Equal(1000, forward.GetProperty("base_fee_millisatoshi").GetInt64());
                Assert.Equal(10, forward.GetProperty("fee_per_millionth").GetInt64());
                Assert.Equal(34, forward.GetProperty("delay").GetInt32());
                Assert.True(forward.GetProperty("active").GetBoolean());
                Assert.True(forward.GetProperty("public").GetBoolean());
                Assert.Equal(string.CompareOrdinal(Nodes[i].Id, Nodes[i + 1].Id) < 0 ? 0 : 1, forward.GetProperty("direction").GetInt32());
                Assert.Equal(forward.GetProperty("direction").GetInt32(), forward.GetProperty("channel_flags").GetInt32() & 1);
                Assert.True(forward.GetProperty("last_update").GetInt64() > 1_700_000_000);
                Assert.True(forward.GetProperty("htlc_maximum_msat").GetInt64() >= forward.GetProperty("htlc_minimum_msat").GetInt64());
            }
            var nodes = (await node.RpcAsync("listnodes")).GetProperty("nodes").EnumerateArray().ToList();
            for (var i = 0; i < 5; i++)
            {
                var entry = nodes.Single(n => n.GetProperty("nodeid").GetString() == Nodes[i].Id);
                Assert.Equal($"node{i}", entry.GetProperty("alias").GetString());
                Assert.Equal(Nodes[i].Id.Substring(2, 6), entry.GetProperty("color").GetString());
                var address = entry.GetProperty("addresses")[0];
                Assert.Equal("ipv4", address.GetProperty("type").GetString());
                Assert.Equal("127.0.0.1", address.GetProperty("address").GetString());
                Assert.Equal(Nodes[i].Port, address.GetProperty("port").GetInt32());
                Assert.False(string.IsNullOrEmpty(entry.GetProperty("features").GetString()));
            }
        }
        // The documented shapes (doc/rpc/listchannels.md and listnodes.md carry the example-needs marker: checked here).
        await AssertDocumentedShapeAsync(Nodes[0], "listchannels", $$"""{"short_channel_id": "{{fixed4[0]}}"}""");
        await AssertDocumentedShapeAsync(Nodes[0], "listnodes", $$"""{"id": "{{Nodes[1].Id}}"}""");
    }

    [SkippableFact]
    public async Task Getroute_over_the_line_adds_fees_and_delays_hop_by_hop()
    {
        await GossipNetworkFixture.WaitForGossipAsync(Nodes, network.Channels.Take(4).ToList(), 5);
        const long Amount = 1_000_000;
        foreach (var (from, fromid) in new[] { (Nodes[0], ""), (Nodes[4], $", \"fromid\": \"{Nodes[0].Id}\"") })
        {
            var result = await RouteAsync(from,
                $$"""{"id": "{{Nodes[4].Id}}", "msatoshi": {{Amount}}, "riskfactor": 1, "fuzzpercent": 0{{fromid}}}""");
            var route = result.GetProperty("route").EnumerateArray().ToList();
            Assert.Equal(4, route.Count);
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(Nodes[i + 1].Id, route[i].GetProperty("id").GetString());
                Assert.Equal(network.Channels[i], route[i].GetProperty("channel").GetString());
                Assert.Equal(string.CompareOrdinal(Nodes[i].Id, Nodes[i + 1].Id) < 0 ? 0 : 1, route[i].GetProperty("direction").GetInt32());
                Assert.Equal("tlv", route[i].GetProperty("style").GetString());
                Assert.Equal(route[i].GetProperty("msatoshi").GetInt64(), route[i].GetProperty("amount_msat").GetInt64());
            }
            // The last hop gets the amount and the final cltv (18 by default); each earlier hop adds the next node's fee
            // (1000 + amount × 10 / 1,000,000) and its cltv_expiry_delta (34).
            Assert.Equal(Amount, route[3].GetProperty("msatoshi").GetInt64());
            Assert.Equal(18, route[3].GetProperty("delay").GetInt32());
            for (var i = 2; i >= 0; i--)
            {
                var next = route[i + 1].GetProperty("msatoshi").GetInt64();
                Assert.Equal(next + 1000 + (next * 10 / 1_000_000), route[i].GetProperty("msatoshi").GetInt64());
                Assert.Equal(route[i + 1].GetProperty("delay").GetInt32() + 34, route[i].GetProperty("delay").GetInt32());
            }
        }
        await AssertDocumentedShapeAsync(Nodes[0], "getroute", $$"""{"id": "{{Nodes[2].Id}}", "msatoshi": 5000, "riskfactor": 1}""");
    }

    [SkippableFact]
    public void Our_channels_route_before_they_are_announced_as_first_and_last_hops()
    {
        var (firstHop, lastHop, stranger) = network.PrivateRoutes;
        var hop = Assert.Single(firstHop.GetProperty("result").GetProperty("route").EnumerateArray());
        Assert.Equal(Nodes[4].Id, hop.GetProperty("id").GetString());
        Assert.Equal(network.Channels[3], hop.GetProperty("channel").GetString());
        Assert.Equal(18, hop.GetProperty("delay").GetInt32());
        // n2 → n3 (public) → n4 (private, with n3's update): n3's fee and delay are those of its private update.
        var route = lastHop.GetProperty("result").GetProperty("route").EnumerateArray().ToList();
        Assert.Equal([Nodes[3].Id, Nodes[4].Id], route.Select(h => h.GetProperty("id").GetString()));
        Assert.Equal([network.Channels[2], network.Channels[3]], route.Select(h => h.GetProperty("channel").GetString()));
        Assert.Equal(1000 + 1000 + 0, route[0].GetProperty("msatoshi").GetInt64());
        Assert.Equal(18 + 34, route[0].GetProperty("delay").GetInt32());
        Assert.Equal(205, stranger.GetProperty("error").GetProperty("code").GetInt32());
    }

    [SkippableFact]
    public async Task Getroute_honours_exclude_in_both_spellings_and_answers_205_without_a_route()
    {
        await GossipNetworkFixture.WaitForGossipAsync(Nodes, network.Channels.Take(4).ToList(), 5);
        var middle = network.Channels[2];
        var direction = string.CompareOrdinal(Nodes[2].Id, Nodes[3].Id) < 0 ? 0 : 1;
        foreach (var spelling in new[] { middle, middle.Replace(':', 'x') })
        {
            var response = await Nodes[0].CallAsync("getroute",
                $$"""{"id": "{{Nodes[4].Id}}", "msatoshi": 1000, "riskfactor": 1, "exclude": ["{{spelling}}/{{direction}}"]}""");
            Assert.Equal(205, response.GetProperty("error").GetProperty("code").GetInt32());
        }
        // The other direction of that channel is no obstacle; nor is cltv or maxhops within reach.
        var ok = await RouteAsync(Nodes[0],
            $$"""{"id": "{{Nodes[4].Id}}", "msatoshi": 1000, "riskfactor": 1, "cltv": 9, "maxhops": 4, "exclude": ["{{middle}}/{{1 - direction}}"]}""");
        Assert.Equal(9, ok.GetProperty("route")[3].GetProperty("delay").GetInt32());
        var excludedNode = await Nodes[0].CallAsync("getroute",
            $$"""{"id": "{{Nodes[4].Id}}", "msatoshi": 1000, "riskfactor": 1, "exclude": ["{{Nodes[2].Id}}"]}""");
        Assert.Equal(205, excludedNode.GetProperty("error").GetProperty("code").GetInt32());
        var tooFewHops = await Nodes[0].CallAsync("getroute", $$"""{"id": "{{Nodes[4].Id}}", "msatoshi": 1000, "riskfactor": 1, "maxhops": 3}""");
        Assert.Equal(205, tooFewHops.GetProperty("error").GetProperty("code").GetInt32());
        // More than the channels can carry.
        var tooMuch = await Nodes[0].CallAsync("getroute", $$"""{"id": "{{Nodes[4].Id}}", "msatoshi": "600000sat", "riskfactor": 1}""");
        Assert.Equal(205, tooMuch.GetProperty("error").GetProperty("code").GetInt32());
        var bad = await Nodes[0].CallAsync("getroute", $$"""{"id": "{{Nodes[4].Id}}", "msatoshi": 1000, "riskfactor": 1, "exclude": ["nonsense"]}""");
        Assert.Equal(-32602, bad.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("exclude", bad.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_closed_channel_disappears_from_every_table_and_the_store_survives_a_restart()
    {
        await GossipNetworkFixture.WaitForGossipAsync(Nodes, network.Channels.Take(4).ToList(), 5);
        // The late node restarts: its gossip comes back from the store before any peer says anything.
        var late = Nodes[4];
        await late.StopAsync();
        await late.StartAsync();
        var reloaded = (await late.RpcAsync("listchannels")).GetProperty("channels");
        Assert.Equal(8, reloaded.EnumerateArray().Count(c => c.GetProperty("public").GetBoolean()));
        Assert.Equal(5, (await late.RpcAsync("listnodes")).GetProperty("nodes").EnumerateArray().Count(n => n.TryGetProperty("alias", out _)));

        // A second channel n1-n2, announced, then closed: it leaves every node's table once the close is mined.
        var extra = await network.OpenAsync(Nodes[1], Nodes[2], 200_000);
        await network.Chain.MineAsync(6);
        await GossipNetworkFixture.WaitForGossipAsync(Nodes, [extra], 5);
        var closed = await Nodes[1].RpcAsync("close", $$"""{"id": "{{extra}}"}""");
        Assert.Equal("mutual", closed.GetProperty("type").GetString());
        await network.Chain.MineAsync(1);
        foreach (var node in Nodes)
        {
            await GossipNetworkFixture.WaitForAsync(async () => (await node.RpcAsync("listchannels")).GetProperty("channels"),
                c => !c.EnumerateArray().Any(x => x.GetProperty("short_channel_id").GetString() == extra), $"{node.Id} to forget {extra}", node);
        }
        // The line still routes.
        var route = await RouteAsync(Nodes[0], $$"""{"id": "{{Nodes[4].Id}}", "msatoshi": 1000, "riskfactor": 1}""");
        Assert.Equal(4, route.GetProperty("route").GetArrayLength());

        // A first hop whose peer is gone is not used; it is again once the peer is back.
        var getroute = $$"""{"id": "{{Nodes[4].Id}}", "msatoshi": 1000, "riskfactor": 1}""";
        await Nodes[1].StopAsync();
        await GossipNetworkFixture.WaitForAsync(() => Nodes[0].CallAsync("getroute", getroute),
            r => r.TryGetProperty("error", out var e) && e.GetProperty("code").GetInt32() == 205, "n0 to stop routing via the absent n1", Nodes[0]);
        await Nodes[1].StartAsync();
        await GossipNetworkFixture.WaitForAsync(() => Nodes[0].CallAsync("getroute", getroute),
            r => r.TryGetProperty("result", out _), "n0 to route via n1 again", Nodes[0]);
        // And every node sees every direction enabled again.
        await GossipNetworkFixture.WaitForGossipAsync(Nodes, network.Channels.Take(4).ToList(), 5);
    }

    /// <summary>
    /// getroute's result once it finds a route: after a test restarted a node, its channels' updates (disabled, then
    /// enabled again) take a flush or two to reach everyone.
    /// </summary>
    private static async Task<JsonElement> RouteAsync(GossipNode node, string parameters) =>
        (await GossipNetworkFixture.WaitForAsync(() => node.CallAsync("getroute", parameters), r => r.TryGetProperty("result", out _),
            $"getroute {parameters}", node)).GetProperty("result");

    /// <summary>The response has the shape of the response in the command's doc page example.</summary>
    private static async Task AssertDocumentedShapeAsync(GossipNode node, string method, string parameters)
    {
        var page = RpcDocs.TryGetPage(method)!;
        var example = page[page.IndexOf("\n## Example\n", StringComparison.Ordinal)..];
        var blocks = RpcDocsTests.JsonBlock().Matches(example).Select(m => m.Groups[1].Value).ToList();
        using var documented = JsonDocument.Parse(blocks[1]);
        var result = await node.RpcAsync(method, parameters);
        Assert.Equal(RpcDocsTests.Shape(documented.RootElement), RpcDocsTests.Shape(result));
    }
}
