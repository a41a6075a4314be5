using System.Security.Cryptography;
using System.Text.Json;
using Fulgur.Node.Tests.Payments;

namespace Fulgur.Node.Tests.Pay;

/// <summary>
/// A diamond: A → B → D is the cheap way (C asks ten times the base fee), but D funded the B–D channel, so B has nothing
/// to send towards D. A's sendpay along the cheap route fails with 204 at B naming the B–D channel; the route table
/// learns it, the next getroute goes through C, and sendpay along that succeeds (sendpay(7)'s promise).
/// </summary>
public sealed class DiamondNetwork() : ChannelGraphNetwork(4,
    new GraphEdge(0, 1, 1_000_000), new GraphEdge(0, 2, 1_000_000), new GraphEdge(3, 1, 1_000_000), new GraphEdge(2, 3, 1_000_000))
{
    public const int BD = 2;

    protected override string[] ArgsOf(int index) => index == 2 ? ["--fee-base=10000"] : [];
}

public sealed class RouteFailureTests(DiamondNetwork net) : IClassFixture<DiamondNetwork>
{
    [SkippableFact]
    public async Task A_failure_along_the_route_is_204_and_the_next_getroute_takes_the_other_path()
    {
        Skip.If(net.Skipped, "the devchain is not available");
        var (a, b, c, d) = (net.Nodes[0], net.Nodes[1], net.Nodes[2], net.Nodes[3]);
        const long msat = 100_000_000;
        var (hash, secret) = await PaymentNetwork.InvoiceAsync(d, msat, "diamond");

        var cheap = await net.GetRouteAsync(3, msat);
        Assert.Equal([b.Id, d.Id], cheap.EnumerateArray().Select(h => h.GetProperty("id").GetString()));
        var error = await a.ErrorAsync("sendpay", $$"""{"route": {{cheap.GetRawText()}}, "payment_hash": "{{hash}}", "payment_secret": "{{secret}}"}""");

        Assert.Equal(204, error.GetProperty("code").GetInt32());
        var data = error.GetProperty("data");
        Assert.Equal(1, data.GetProperty("erring_index").GetInt32());
        Assert.Equal(b.Id, data.GetProperty("erring_node").GetString());
        Assert.Equal(net.Scids[DiamondNetwork.BD], data.GetProperty("erring_channel").GetString());
        Assert.Equal(0x1007, data.GetProperty("failcode").GetInt32());
        Assert.True(data.TryGetProperty("channel_update", out _), $"temporary_channel_failure carries B's channel_update: {data}");
        Assert.StartsWith("failed: WIRE_TEMPORARY_CHANNEL_FAILURE", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        var other = await net.GetRouteAsync(3, msat);
        Assert.Equal([c.Id, d.Id], other.EnumerateArray().Select(h => h.GetProperty("id").GetString()));
        var paid = await a.RpcAsync("sendpay", $$"""{"route": {{other.GetRawText()}}, "payment_hash": "{{hash}}", "payment_secret": "{{secret}}"}""");
        Assert.Equal("complete", paid.GetProperty("status").GetString());
        Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(Convert.FromHexString(paid.GetProperty("payment_preimage").GetString()!))));
        var invoice = (await d.RpcAsync("listinvoices", """{"label": "diamond"}""")).GetProperty("invoices")[0];
        Assert.Equal("paid", invoice.GetProperty("status").GetString());
    }
}

/// <summary>
/// Core Lightning's early test_report_routing_failure: A wants to pay D. The direct A–D channel was funded by D (a local
/// failure at A), the next cheapest A → B → D fails at B (D funded B–D: a remote failure), and only A → B → C → D works.
/// </summary>
public sealed class SquareNetwork() : ChannelGraphNetwork(4,
    new GraphEdge(0, 1, 1_000_000), new GraphEdge(1, 2, 1_000_000), new GraphEdge(2, 3, 1_000_000), new GraphEdge(3, 0, 1_000_000),
    new GraphEdge(3, 1, 1_000_000));

public sealed class ReportRoutingFailureTests(SquareNetwork net) : IClassFixture<SquareNetwork>
{
    private const string MainnetInvoice =
        "lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpu9qrsgquk0rl77nj30yxdy8j9vdx85fkpmdla2087ne0xh8nhedh8w27kyke0lp53ut353s06fv3qfegext0eh0ymjpf39tuven09sam30g4vgpfna3rh";

    [SkippableFact]
    public async Task Pay_gets_past_a_local_and_a_remote_failure_by_itself()
    {
        Skip.If(net.Skipped, "the devchain is not available");
        var (a, d) = (net.Nodes[0], net.Nodes[3]);
        var bolt11 = (await d.RpcAsync("invoice", """{"msatoshi": 50000000, "label": "square", "description": "report routing failure"}"""))
            .GetProperty("bolt11").GetString()!;

        var paid = await a.RpcAsync("pay", $$"""{"bolt11": "{{bolt11}}"}""");

        Assert.Equal("complete", paid.GetProperty("status").GetString());
        Assert.Equal(1, paid.GetProperty("parts").GetInt32());
        // A may already skip the direct channel, knowing it holds nothing there (the local failure); B's refusal to
        // forward over B–D (the remote failure) it learns only by trying.
        var count = paid.GetProperty("attempts").GetInt32();
        Assert.InRange(count, 2, 3);
        var hash = paid.GetProperty("payment_hash").GetString();
        var attempts = (await a.RpcAsync("listsendpays", $$"""{"payment_hash": "{{hash}}"}""")).GetProperty("payments").EnumerateArray().ToList();
        Assert.Equal([.. Enumerable.Repeat("failed", count - 1), "complete"], attempts.Select(p => p.GetProperty("status").GetString()));
        // The payment that went through paid two forwarding nodes, B and C (1000 msat + 10 ppm each).
        Assert.InRange(paid.GetProperty("amount_sent_msat").GetInt64() - paid.GetProperty("amount_msat").GetInt64(), 2000, 4000);
        Assert.Equal("paid", (await d.RpcAsync("listinvoices", """{"label": "square"}""")).GetProperty("invoices")[0].GetProperty("status").GetString());

        // Paying it again answers from the stored success, sending nothing.
        var again = await a.RpcAsync("pay", $$"""{"bolt11": "{{bolt11}}"}""");
        Assert.Equal(paid.GetProperty("payment_preimage").GetString(), again.GetProperty("payment_preimage").GetString());
        Assert.Equal(count, (await a.RpcAsync("listsendpays", $$"""{"payment_hash": "{{hash}}"}""")).GetProperty("payments").GetArrayLength());
    }

    [SkippableFact]
    public async Task Pay_refuses_bad_parameters_before_anything_else()
    {
        Skip.If(net.Skipped, "the devchain is not available");
        var (a, d) = (net.Nodes[0], net.Nodes[3]);
        var withAmount = (await d.RpcAsync("invoice", """{"msatoshi": 1000, "label": "params-1", "description": "x"}""")).GetProperty("bolt11").GetString();
        var any = (await d.RpcAsync("invoice", """{"msatoshi": "any", "label": "params-2", "description": "x"}""")).GetProperty("bolt11").GetString();
        var expired = (await d.RpcAsync("invoice", """{"msatoshi": 1000, "label": "params-3", "description": "x", "expiry": 1}""")).GetProperty("bolt11").GetString();

        foreach (var (parameters, expected) in new[]
        {
            ("""{"bolt11": "lnbcrt1garbage"}""", "bolt11"),
            // BOLT 11's coffee example: a valid invoice, but for bitcoin (mainnet), not this node's regtest.
            ($$"""{"bolt11": "{{MainnetInvoice}}"}""", "for bitcoin"),
            ($$"""{"bolt11": "{{withAmount}}", "msatoshi": 1000}""", "amount_msat"),
            ($$"""{"bolt11": "{{any}}"}""", "amount_msat"),
            ($$"""{"bolt11": "{{any}}", "msatoshi": 0}""", "amount_msat"),
            ($$"""{"bolt11": "{{withAmount}}", "maxfeepercent": -1}""", "maxfeepercent"),
            ($$"""{"bolt11": "{{withAmount}}", "exclude": ["nonsense"]}""", "exclude"),
        })
        {
            var error = await a.ErrorAsync("pay", parameters);
            Assert.Equal(-32602, error.GetProperty("code").GetInt32());
            Assert.Contains(expected, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        await PaymentNetwork.WaitForAsync(async () => (await d.RpcAsync("listinvoices", """{"label": "params-3"}""")).GetProperty("invoices")[0],
            i => i.GetProperty("status").GetString() == "expired", "the one-second invoice to expire");
        Assert.Equal(207, (await a.ErrorAsync("pay", $$"""{"bolt11": "{{expired}}"}""")).GetProperty("code").GetInt32());
    }
}
