using System.Security.Cryptography;
using Fulgur.Node.Tests.Payments;

namespace Fulgur.Node.Tests.Pay;

/// <summary>
/// A – B public (funded by A), B – C private (fundchannel announce=false, funded by B), on the devchain with
/// <c>--dev-fast-gossip</c>; B asks for distinctive fees so that a route hint can be told apart from defaults. Built
/// once: six confirmations mined, A knows the public channel, and C holds B's channel_update of the private one.
/// </summary>
public sealed class PrivateChannelNetwork() : ChannelGraphNetwork(3,
    new GraphEdge(0, 1, 1_000_000), new GraphEdge(1, 2, 1_000_000, Announce: false))
{
    public const long BFeeBase = 2345;
    public const long BFeePpm = 17;

    public string PublicScid => Scids[0];

    public string PrivateScid => Scids[1];

    protected override string[] ArgsOf(int index) => index == 1 ? [$"--fee-base={BFeeBase}", $"--fee-per-satoshi={BFeePpm}"] : [];

    protected override async Task OnGossipedAsync()
    {
        var (b, c) = (Nodes[1], Nodes[2]);
        await PaymentNetwork.WaitForAsync(async () => (await b.RpcAsync("listchannels")).GetProperty("channels"),
            ch => ch.EnumerateArray().Count(d => d.GetProperty("public").GetBoolean()) == 2, "B to know both directions of A–B");
        // C learns B's side of the private channel straight from B.
        await PaymentNetwork.WaitForAsync(async () => (await c.RpcAsync("listchannels")).GetProperty("channels"),
            ch => ch.EnumerateArray().Any(d => d.GetProperty("short_channel_id").GetString() == PrivateScid
                && d.GetProperty("source").GetString() == b.Id && d.GetProperty("active").GetBoolean()), "C to hold B's update of B–C");
    }
}

public sealed class PrivateChannelTests(PrivateChannelNetwork net) : IClassFixture<PrivateChannelNetwork>
{
    [SkippableFact]
    public async Task A_private_channel_stays_unannounced_and_is_paid_through_the_invoice_route_hint()
    {
        Skip.If(net.Skipped, "the devchain is not available");
        var (a, b, c) = (net.Nodes[0], net.Nodes[1], net.Nodes[2]);

        // listpeerchannels says which channel is private, on both ends of the private one.
        var bChannels = (await b.RpcAsync("listpeerchannels")).GetProperty("channels").EnumerateArray().ToList();
        Assert.False(bChannels.Single(ch => ch.GetProperty("peer_id").GetString() == a.Id).GetProperty("private").GetBoolean());
        Assert.True(bChannels.Single(ch => ch.GetProperty("peer_id").GetString() == c.Id).GetProperty("private").GetBoolean());
        var cChannel = (await c.RpcAsync("listpeers", $$"""{"id": "{{b.Id}}"}""")).GetProperty("peers")[0].GetProperty("channels")[0];
        Assert.True(cChannel.GetProperty("private").GetBoolean());

        // The network never hears of B–C: A's graph has A–B only, and B announced nothing but A–B.
        var aKnows = (await a.RpcAsync("listchannels")).GetProperty("channels").EnumerateArray()
            .Select(ch => ch.GetProperty("short_channel_id").GetString()).ToHashSet();
        Assert.Equal([net.PublicScid], aKnows);
        var bPublic = (await b.RpcAsync("listchannels")).GetProperty("channels").EnumerateArray()
            .Where(ch => ch.GetProperty("public").GetBoolean()).Select(ch => ch.GetProperty("short_channel_id").GetString()).ToHashSet();
        Assert.Equal([net.PublicScid], bPublic);

        // C's invoice carries one route hint: B, the private channel, and B's fees and delta towards C.
        var bolt11 = (await c.RpcAsync("invoice", """{"msatoshi": 50000000, "label": "private", "description": "through B"}"""))
            .GetProperty("bolt11").GetString()!;
        var decoded = await a.RpcAsync("decodepay", $$"""{"bolt11": "{{bolt11}}"}""");
        var hop = Assert.Single(Assert.Single(decoded.GetProperty("routes").EnumerateArray()).EnumerateArray());
        Assert.Equal(b.Id, hop.GetProperty("pubkey").GetString());
        Assert.Equal(net.PrivateScid, hop.GetProperty("short_channel_id").GetString());
        Assert.Equal(PrivateChannelNetwork.BFeeBase, hop.GetProperty("fee_base_msat").GetInt64());
        Assert.Equal(PrivateChannelNetwork.BFeePpm, hop.GetProperty("fee_proportional_millionths").GetInt64());
        var bUpdate = (await c.RpcAsync("listchannels")).GetProperty("channels").EnumerateArray()
            .Single(ch => ch.GetProperty("short_channel_id").GetString() == net.PrivateScid && ch.GetProperty("source").GetString() == b.Id);
        Assert.Equal(bUpdate.GetProperty("delay").GetInt32(), hop.GetProperty("cltv_expiry_delta").GetInt32());
        // B's update of the never-announced channel carries dont_forward (message_flags bit 1).
        Assert.NotEqual(0, bUpdate.GetProperty("message_flags").GetInt32() & 2);

        // A pays it through B over the hint.
        var paid = await a.RpcAsync("pay", $$"""{"bolt11": "{{bolt11}}"}""");
        Assert.Equal("complete", paid.GetProperty("status").GetString());
        Assert.Equal(50_000_000, paid.GetProperty("amount_msat").GetInt64());
        // B's fee for forwarding 50 000 sat: 2345 msat + 17 ppm.
        Assert.Equal(50_000_000 + PrivateChannelNetwork.BFeeBase + (50_000_000 * PrivateChannelNetwork.BFeePpm / 1_000_000),
            paid.GetProperty("amount_sent_msat").GetInt64());
        var preimage = Convert.FromHexString(paid.GetProperty("payment_preimage").GetString()!);
        Assert.Equal(paid.GetProperty("payment_hash").GetString(), Convert.ToHexStringLower(SHA256.HashData(preimage)));
        var invoice = (await c.RpcAsync("listinvoices", """{"label": "private"}""")).GetProperty("invoices")[0];
        Assert.Equal("paid", invoice.GetProperty("status").GetString());
    }

    [SkippableFact]
    public async Task A_node_without_private_channels_adds_no_route_hints()
    {
        Skip.If(net.Skipped, "the devchain is not available");
        var a = net.Nodes[0];
        var bolt11 = (await a.RpcAsync("invoice", """{"msatoshi": 1000, "label": "public-only", "description": "no hints"}"""))
            .GetProperty("bolt11").GetString()!;
        var decoded = await a.RpcAsync("decodepay", $$"""{"bolt11": "{{bolt11}}"}""");
        Assert.False(decoded.TryGetProperty("routes", out _), $"no route hints: {decoded}");
    }
}
