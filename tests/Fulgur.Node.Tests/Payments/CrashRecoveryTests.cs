using System.Text.Json;

namespace Fulgur.Node.Tests.Payments;

/// <summary>Three nodes in a line: A–B and B–C, 1,000,000 sat each, funded from the left.</summary>
public sealed class CrashNetwork() : PaymentNetwork(1_000_000, 1_000_000);

/// <summary>
/// kill -9 of the payer, the middle node and the payee while payments are in flight: after the restart every payment
/// ends complete or failed (never stuck), an invoice is paid exactly when its payment completed and never twice, and
/// every channel's balances add up with no HTLC left.
/// </summary>
public sealed class CrashRecoveryTests(CrashNetwork network) : IClassFixture<CrashNetwork>
{
    private const int Payments = 4;
    private const long Amount = 2_000_000;

    [SkippableTheory]
    [InlineData(2)]
    [InlineData(1)]
    [InlineData(0)]
    public async Task Kill_9_with_payments_in_flight_resolves_every_payment_once(int victimIndex)
    {
        Skip.If(network.Skipped, "fulgur-devchain not built");
        var (a, b, c) = (network.Nodes[0], network.Nodes[1], network.Nodes[2]);
        var victim = network.Nodes[victimIndex];
        var aBefore = await a.ToUsAsync(b.Id);
        var cBefore = await c.ToUsAsync(b.Id);
        var invoices = new List<(string Label, string Hash)>();
        var calls = new List<Task>();
        for (var i = 0; i < Payments; i++)
        {
            var label = $"crash-{victimIndex}-{i}";
            var (hash, secret) = await PaymentNetwork.InvoiceAsync(c, Amount, label);
            invoices.Add((label, hash));
            var parameters = PaymentNetwork.SendPayParams(network.Route(2, Amount), hash, secret);
            // The answer may never come (the payer is killed); the outcome is read with waitsendpay below.
            calls.Add(Task.Run(async () =>
            {
                try
                {
                    await a.CallAsync("sendpay", parameters);
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
                {
                }
            }));
        }
        // Kill once every attempt is stored at the payer, so that some are in flight.
        await PaymentNetwork.WaitForAsync(async () => (await a.RpcAsync("listsendpays")).GetProperty("payments").EnumerateArray()
                .Count(p => invoices.Any(i => i.Hash == p.GetProperty("payment_hash").GetString())),
            n => n == Payments, "the attempts to be stored");
        await victim.KillAsync();
        await victim.StartAsync();
        await Task.WhenAll(calls).WaitAsync(PaymentNetwork.Timeout);

        var completed = 0;
        foreach (var (label, hash) in invoices)
        {
            var response = await a.CallAsync("waitsendpay", $$"""{"payment_hash": "{{hash}}", "timeout": 60}""", TimeSpan.FromSeconds(90));
            var invoice = (await c.RpcAsync("listinvoices", $$"""{"label": "{{label}}"}""")).GetProperty("invoices")[0];
            if (response.TryGetProperty("result", out var result))
            {
                Assert.Equal("complete", result.GetProperty("status").GetString());
                Assert.Equal("paid", invoice.GetProperty("status").GetString());
                Assert.Equal(Amount, invoice.GetProperty("msatoshi_received").GetInt64());
                completed++;
            }
            else
            {
                var code = response.GetProperty("error").GetProperty("code").GetInt32();
                Assert.True(code is 203 or 204, $"{label}: {response}\n" + string.Join("\n\n", network.Nodes.Select(n => $"--- {n.Name}\n{n.LogTail()}"))
                    + $"\n--- {victim.Name} before the kill\n" + string.Join("\n", victim.KilledLog.Split('\n').TakeLast(150)));
                Assert.Equal("unpaid", invoice.GetProperty("status").GetString());
            }
        }

        // No HTLC is left anywhere and the balances moved by exactly the completed payments.
        await PaymentNetwork.WaitNormalAsync(a, b);
        await PaymentNetwork.WaitNormalAsync(b, c);
        foreach (var node in network.Nodes)
        {
            await PaymentNetwork.WaitForAsync(async () => (await node.RpcAsync("listpeerchannels")).GetProperty("channels"),
                chs => chs.EnumerateArray().All(ch => ch.GetProperty("htlcs").GetArrayLength() == 0), $"{node.Name}'s HTLCs to clear");
        }
        var sent = network.Route(2, Amount)[0].Msat;
        Assert.Equal(aBefore - completed * sent, await a.ToUsAsync(b.Id));
        Assert.Equal(cBefore + completed * Amount, await c.ToUsAsync(b.Id));
        foreach (var (left, right) in new[] { (a, b), (b, c) })
        {
            var total = (await left.RpcAsync("listpeerchannels")).GetProperty("channels").EnumerateArray()
                .Single(ch => ch.GetProperty("peer_id").GetString() == right.Id).GetProperty("total_msat").GetInt64();
            Assert.Equal(total, await left.ToUsAsync(right.Id) + await right.ToUsAsync(left.Id));
        }
        var attempts = (await a.RpcAsync("listsendpays")).GetProperty("payments").EnumerateArray()
            .Where(p => invoices.Any(i => i.Hash == p.GetProperty("payment_hash").GetString())).ToList();
        Assert.DoesNotContain(attempts, p => p.GetProperty("status").GetString() == "pending");
        Assert.Equal(JsonValueKind.Array, (await a.RpcAsync("listpayments")).GetProperty("payments").ValueKind);
    }
}
