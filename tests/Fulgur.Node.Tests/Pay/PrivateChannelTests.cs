using System.Security.Cryptography;
using System.Text.Json;
using Fulgur.Node.Tests.Payments;
using Fulgur.Node.Tests.Support;

namespace Fulgur.Node.Tests.Pay;

/// <summary>
/// A – B public (funded by A), B – C private (fundchannel announce=false, funded by B), on the devchain with
/// <c>--dev-fast-gossip</c>; B asks for distinctive fees so that a route hint can be told apart from defaults. Built
/// once: six confirmations mined, A knows the public channel, and C holds B's channel_update of the private one.
/// </summary>
public sealed class PrivateChannelNetwork : IAsyncLifetime, IDisposable
{
    public const long BFeeBase = 2345;
    public const long BFeePpm = 17;
    public const long CapacitySat = 1_000_000;

    private readonly TempDirectory _dir = new();
    private DevChainProcess? _chain;

    public List<PaymentNode> Nodes { get; } = [];

    public string PublicScid { get; private set; } = "";

    public string PrivateScid { get; private set; } = "";

    public bool Skipped { get; private set; }

    public async Task InitializeAsync()
    {
        try
        {
            _chain = await DevChainProcess.StartAsync(_dir.Combine("devchain"));
        }
        catch (SkipException)
        {
            Skipped = true;
            return;
        }
        await _chain.MineAsync(101);
        string[][] extra = [[], [$"--fee-base={BFeeBase}", $"--fee-per-satoshi={BFeePpm}"], []];
        for (var i = 0; i < 3; i++)
        {
            Nodes.Add(new PaymentNode(((char)('A' + i)).ToString(), new TempDirectory(), Chain.FakeBitcoind.FreePort(),
                [.. _chain.NodeArgs, "--funding-confirms=1", "--dev-fast-gossip", .. extra[i]]));
        }
        await Task.WhenAll(Nodes.Select(n => n.StartAsync()));
        var (a, b, c) = (Nodes[0], Nodes[1], Nodes[2]);
        foreach (var funder in new[] { a, b })
        {
            var address = (await funder.RpcAsync("newaddr")).GetProperty("bech32").GetString()!;
            await _chain.CallAsync("sendtoaddress", [address, (CapacitySat + 100_000) / 100_000_000m]);
        }
        await _chain.MineAsync(1);
        foreach (var funder in new[] { a, b })
        {
            await PaymentNetwork.WaitForAsync(async () => (await funder.RpcAsync("listfunds")).GetProperty("outputs"),
                o => o.EnumerateArray().Any(u => u.GetProperty("status").GetString() == "confirmed"), $"{funder.Name}'s funds");
        }
        await a.RpcAsync("connect", $$"""{"id": "{{b.Id}}@127.0.0.1:{{b.Port}}"}""");
        await a.RpcAsync("fundchannel", $$"""{"id": "{{b.Id}}", "amount": {{CapacitySat}}}""");
        await b.RpcAsync("connect", $$"""{"id": "{{c.Id}}@127.0.0.1:{{c.Port}}"}""");
        await b.RpcAsync("fundchannel", $$"""{"id": "{{c.Id}}", "amount": {{CapacitySat}}, "announce": false}""");
        await _chain.MineAsync(1);
        PublicScid = await PaymentNetwork.WaitNormalAsync(a, b);
        await PaymentNetwork.WaitNormalAsync(b, a);
        PrivateScid = await PaymentNetwork.WaitNormalAsync(b, c);
        await PaymentNetwork.WaitNormalAsync(c, b);
        // BOLT #7: announcement_signatures go out once the funding is 6 deep (for the public channel only).
        await _chain.MineAsync(5);
        foreach (var node in new[] { a, b })
        {
            await PaymentNetwork.WaitForAsync(async () => (await node.RpcAsync("listchannels")).GetProperty("channels"),
                ch => ch.EnumerateArray().Count(d => d.GetProperty("public").GetBoolean()) == 2, $"{node.Name} to know both directions of A–B");
        }
        // C learns B's side of the private channel straight from B.
        await PaymentNetwork.WaitForAsync(async () => (await c.RpcAsync("listchannels")).GetProperty("channels"),
            ch => ch.EnumerateArray().Any(d => d.GetProperty("short_channel_id").GetString() == PrivateScid
                && d.GetProperty("source").GetString() == b.Id && d.GetProperty("active").GetBoolean()), "C to hold B's update of B–C");
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var node in Nodes)
            node.Dispose();
        Nodes.Clear();
        _chain?.Dispose();
        _dir.Dispose();
        GC.SuppressFinalize(this);
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
