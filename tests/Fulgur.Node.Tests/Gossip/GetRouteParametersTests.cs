using System.Text.Json;
using Fulgur.Node.Routing;
using Fulgur.Node.Rpc.Commands;
using Fulgur.Node.Tests.Support;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Tests.Gossip;

/// <summary>getroute's RPC shape on a lone node: exclude parsing, parameter errors naming the parameter, 205, hop JSON.</summary>
public sealed class GetRouteParametersTests
{
    private static bool Parse(string json, out List<(ShortChannelId, ChannelDirection)> channels, out List<NodeId> nodes, out string error)
    {
        using var doc = JsonDocument.Parse(json);
        channels = [];
        nodes = [];
        return GetRouteCommand.TryParseExclude(doc.RootElement, channels, nodes, out error);
    }

    [Fact]
    public void Exclude_takes_channel_directions_in_both_spellings_and_node_ids()
    {
        var id = new GossipFactory().NewNode();
        Assert.True(Parse($$"""["103x1x0/0", "104:2:1/1", "{{id}}"]""", out var channels, out var nodes, out _));
        Assert.Equal([(ShortChannelId.Create(103, 1, 0), ChannelDirection.FromNode1), (ShortChannelId.Create(104, 2, 1), ChannelDirection.FromNode2)],
            channels);
        Assert.Equal([id], nodes);
    }

    [Theory]
    [InlineData("""["103x1x0"]""")]
    [InlineData("""["103x1x0/2"]""")]
    [InlineData("""["1x2/0"]""")]
    [InlineData("""[5]""")]
    [InlineData("""["02zz"]""")]
    [InlineData("""{"a": 1}""")]
    public void Exclude_refuses_anything_else(string json)
    {
        Assert.False(Parse(json, out _, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void A_route_prints_every_hop_field()
    {
        var id = new GossipFactory().NewNode();
        var json = GetRouteCommand.ToJson(new Route([new RouteHop(id, ShortChannelId.Create(103, 1, 0), ChannelDirection.FromNode2, new MilliSatoshi(1234), 52)]));
        var hop = json["route"]![0]!;
        Assert.Equal(id.ToHex(), (string?)hop["id"]);
        Assert.Equal("103:1:0", (string?)hop["channel"]);
        Assert.Equal(1, (int?)hop["direction"]);
        Assert.Equal(1234, (long?)hop["msatoshi"]);
        Assert.Equal(1234, (long?)hop["amount_msat"]);
        Assert.Equal(52u, (uint?)hop["delay"]);
        Assert.Equal("tlv", (string?)hop["style"]);
    }

    [Fact]
    public async Task On_a_lone_node_getroute_answers_205_and_names_bad_parameters()
    {
        await using var node = await InProcessNode.StartAsync();
        var other = new GossipFactory().NewNode();
        async Task<JsonElement> CallAsync(string parameters)
        {
            using var client = await RawRpcClient.ConnectAsync(node.Host.Context.Config.RpcSocketPath);
            await client.SendAsync(RawRpcClient.Request(1, "getroute", parameters));
            return (await client.ReadAsync()).GetProperty("error").Clone();
        }
        var none = await CallAsync($$"""{"id": "{{other}}", "amount_msat": 1000, "riskfactor": 1}""");
        Assert.Equal(205, none.GetProperty("code").GetInt32());
        var positional = await CallAsync($$"""["{{other}}", "5sat", 10, 9]""");
        Assert.Equal(205, positional.GetProperty("code").GetInt32());
        foreach (var (parameters, name) in new[]
        {
            ($$"""{"id": "{{other}}", "amount_msat": 1000, "riskfactor": 1, "exclude": ["103x1x0/7"]}""", "exclude"),
            ($$"""{"id": "{{other}}", "amount_msat": 1000, "riskfactor": -1}""", "riskfactor"),
            ($$"""{"id": "{{other}}", "amount_msat": 1000, "riskfactor": 1, "fuzzpercent": 101}""", "fuzzpercent"),
            ($$"""{"id": "{{other}}", "amount_msat": 1000, "riskfactor": 1, "maxhops": 0}""", "maxhops"),
            ($$"""{"id": "{{other}}", "amount_msat": 0, "riskfactor": 1}""", "amount_msat"),
            ("""{"id": "nope", "amount_msat": 1000, "riskfactor": 1}""", "id"),
            ($$"""{"id": "{{other}}", "riskfactor": 1}""", "amount_msat"),
        })
        {
            var error = await CallAsync(parameters);
            Assert.Equal(-32602, error.GetProperty("code").GetInt32());
            Assert.Contains(name, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }
}
