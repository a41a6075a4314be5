using System.Text.Json;
using Fulgur.Crypto;
using Fulgur.Node.Channels;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Onion;
using Fulgur.Protocol.Types;
using static Fulgur.Node.Tests.Channels.ChannelTests;

namespace Fulgur.Node.Tests.Channels;

/// <summary>
/// kill -9 during HTLC traffic: an in-process node A offers HTLCs (through the internal API, with real onions for
/// invoices of B) to a fulgurd process B that is killed at random points and restarted; after each reestablish every
/// HTLC ends fulfilled or failed exactly once, B's paid invoices are exactly the fulfilled ones, and the balances add up.
/// </summary>
public sealed class ChannelCrashProcessTests
{
    /// <summary>The channel and connection lines of a log, for failure messages.</summary>
    private static string ChannelLines(IEnumerable<string> log) =>
        string.Join("\n", log.Where(l => l.Contains("channels:", StringComparison.Ordinal) || l.Contains("connectd:", StringComparison.Ordinal)).TakeLast(40));

    [SkippableFact]
    public async Task Kill_9_of_the_receiver_during_htlc_traffic_loses_nothing()
    {
        await using var chain = await ChannelDevChain.StartAsync();
        var a = await chain.StartNodeAsync();
        var b = await chain.StartProcessAsync("B", "--log-level=debug");
        await FundWalletAsync(chain, a);
        var channel = (await OpenChannelAsync(chain, a, b, 400_000)).Id;

#pragma warning disable CA5394 // Test randomness: kill points and amounts.
        var random = new Random(11);
        var outcomes = new List<(long Amount, bool HasInvoice, Task<OutgoingHtlcOutcome> Outcome)>();
        var label = 0;
        for (var round = 0; round < 5; round++)
        {
            var height = a.Host.Context.Status.BlockHeight;
            for (var i = 0; i < 8; i++)
            {
                var amount = random.Next(10_000, 3_000_000);
                var hasInvoice = random.Next(5) != 0;
                PaymentHash hash;
                PaymentSecret secret;
                if (hasInvoice)
                {
                    var invoice = await b.RpcAsync("invoice", $$"""{"amount_msat": {{amount}}, "label": "l{{++label}}", "description": "crash"}""");
                    hash = PaymentHash.Parse(invoice.GetProperty("payment_hash").GetString()!);
                    Assert.True(PaymentSecret.TryParse(invoice.GetProperty("payment_secret").GetString()!, out secret));
                }
                else
                {
                    hash = NewPayment().Hash;
                    secret = PaymentSecret.FromSpan(new byte[32]);
                }
                var expiry = new CltvExpiry(height + 60);
                var onion = FinalOnion(PublicKey.Parse(Convert.FromHexString(b.Id)), hash, secret, new MilliSatoshi(amount), expiry);
                var added = await WaitForAsync(() => a.Channels.AddHtlcAsync(channel, new MilliSatoshi(amount), hash, expiry, onion),
                    r => r.Refusal != Protocol.Channels.Core.AddHtlcRefusal.ChannelNotNormal,
                    $"the channel to take an HTLC (round {round}); A's log:\n{ChannelLines(a.Log.Lines)}\nB:\n{ChannelLines((b.Process?.Process.Stderr ?? "").Split("\n"))}");
                Assert.True(added.Added, $"refused: {added.Refusal}");
                outcomes.Add((amount, hasInvoice, added.Outcome!));
            }
            // Kill B at a random point of the commitment dance (or after), then restart it and reconnect.
            await Task.Delay(random.Next(0, 60));
            await b.KillAsync();
            await b.StartAsync();
            await WaitForAsync(async () =>
            {
                try
                {
                    await a.RpcAsync("connect", $$"""{"id": "{{b.Id}}@127.0.0.1:{{b.Port}}"}""");
                    return true;
                }
                catch (Xunit.Sdk.XunitException)
                {
                    return false;
                }
            }, ok => ok, "A to reconnect to B");
        }
#pragma warning restore CA5394

        // Every HTLC resolves exactly once: fulfilled if B had its invoice, failed if not.
        long fulfilled = 0;
        foreach (var (amount, hasInvoice, outcome) in outcomes)
        {
            OutgoingHtlcOutcome result;
            try
            {
                result = await outcome.WaitAsync(ChannelTests.Timeout);
            }
            catch (TimeoutException)
            {
                var channels = await a.RpcAsync("listpeerchannels");
                Assert.Fail($"an HTLC never resolved; A: {channels}\nA's log:\n{string.Join("\n", a.Log.Lines.Where(l => !l.Contains("jsonrpc", StringComparison.Ordinal)).TakeLast(80))}\nB:\n{ChannelLines((b.Process?.Process.Stderr ?? "").Split("\n"))}");
                throw;
            }
            Assert.Equal(hasInvoice, result.Fulfilled);
            if (result.Fulfilled)
                fulfilled += amount;
        }
        var invoices = (await b.RpcAsync("listinvoices")).GetProperty("invoices").EnumerateArray().ToList();
        Assert.Equal(outcomes.Count(o => o.HasInvoice), invoices.Count(i => i.GetProperty("status").GetString() == "paid"));
        await WaitForChannelAsync(a, c => c.GetProperty("htlcs").GetArrayLength() == 0 && c.GetProperty("to_us_msat").GetInt64() == 400_000_000 - fulfilled,
            "A's balance");
        var onB = await WaitForAsync(() => b.RpcAsync("listpeerchannels"),
            r => r.GetProperty("channels")[0].GetProperty("htlcs").GetArrayLength() == 0, "B settled");
        Assert.Equal(fulfilled, onB.GetProperty("channels")[0].GetProperty("to_us_msat").GetInt64());
        Assert.Equal("CHANNELD_NORMAL", onB.GetProperty("channels")[0].GetProperty("state").GetString());
    }

    [SkippableFact]
    public async Task Kill_9_of_the_offerer_during_htlc_traffic_loses_nothing()
    {
        await using var chain = await ChannelDevChain.StartAsync();
        var a = await chain.StartNodeAsync();
        var b = await chain.StartProcessAsync("B");
        // B funds the channel, so that it has the balance to offer HTLCs to A.
        await FundWalletAsync(chain, b);
        var scid = (await OpenChannelAsync(chain, b, a, 400_000)).OnFundee.GetProperty("short_channel_id").GetString()!;

#pragma warning disable CA5394 // Test randomness: kill points and amounts.
        var random = new Random(13);
        var sent = new List<(string Hash, long Amount)>();
        for (var round = 0; round < 4; round++)
        {
            var calls = new List<Task>();
            for (var i = 0; i < 6; i++)
            {
                var amount = random.Next(10_000, 3_000_000);
                var invoice = await a.RpcAsync("invoice", $$"""{"amount_msat": {{amount}}, "label": "r{{round}}-{{i}}", "description": "crash"}""");
                var hash = invoice.GetProperty("payment_hash").GetString()!;
                var secret = invoice.GetProperty("payment_secret").GetString()!;
                sent.Add((hash, amount));
                var route = $$"""[{"id": "{{a.Id}}", "channel": "{{scid}}", "msatoshi": {{amount}}, "delay": 40}]""";
                // The answer may never come (B is killed): only the outcome recorded in B's store counts.
                calls.Add(b.RpcAsync("sendpay", $$"""{"route": {{route}}, "payment_hash": "{{hash}}", "payment_secret": "{{secret}}"}"""));
            }
            await Task.Delay(random.Next(0, 80));
            await b.KillAsync();
            foreach (var call in calls)
            {
                try
                {
                    await call.WaitAsync(ChannelTests.Timeout);
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or Xunit.Sdk.XunitException or JsonException)
                {
                }
            }
            await b.StartAsync();
            await WaitForAsync(() => b.RpcAsync("listpeerchannels"),
                r => r.GetProperty("channels")[0].GetProperty("connected").GetBoolean(), "B to reconnect to A");
        }
#pragma warning restore CA5394
        // After the crashes the channel still pays.
        for (var i = 0; i < 3; i++)
        {
            var invoice = await a.RpcAsync("invoice", $$"""{"amount_msat": 50000, "label": "after-{{i}}", "description": "crash"}""");
            var hash = invoice.GetProperty("payment_hash").GetString()!;
            var secret = invoice.GetProperty("payment_secret").GetString()!;
            sent.Add((hash, 50_000));
            var route = $$"""[{"id": "{{a.Id}}", "channel": "{{scid}}", "msatoshi": 50000, "delay": 40}]""";
            var paid = await WaitForAsync(async () =>
            {
                try
                {
                    return await b.RpcAsync("sendpay", $$"""{"route": {{route}}, "payment_hash": "{{hash}}", "payment_secret": "{{secret}}"}""");
                }
                catch (Xunit.Sdk.XunitException)
                {
                    // Refused while the channel is not yet reestablished: that attempt failed, try again.
                    return default;
                }
            }, r => r.ValueKind == JsonValueKind.Object, "a payment after the crashes");
            Assert.Equal("complete", paid.GetProperty("status").GetString());
        }

        // Every attempt ends complete or failed exactly once, complete exactly when A's invoice is paid.
        var payments = (await WaitForAsync(() => b.RpcAsync("listsendpays"),
            r => r.GetProperty("payments").EnumerateArray().All(p => p.GetProperty("status").GetString() != "pending"),
            "every payment resolved")).GetProperty("payments").EnumerateArray().ToList();
        var invoices = (await a.RpcAsync("listinvoices")).GetProperty("invoices").EnumerateArray()
            .ToDictionary(i => i.GetProperty("payment_hash").GetString()!, i => i.GetProperty("status").GetString());
        long received = 0;
        foreach (var (hash, amount) in sent)
        {
            var attempts = payments.Where(p => p.GetProperty("payment_hash").GetString() == hash).ToList();
            // An attempt killed before it was stored never happened; each stored one ends once, and at most one completes.
            Assert.True(attempts.Count(p => p.GetProperty("status").GetString() == "complete") <= 1, $"{hash}: paid twice");
            var complete = attempts.Any(p => p.GetProperty("status").GetString() == "complete");
            Assert.Equal(complete ? "paid" : "unpaid", invoices[hash]);
            if (complete)
                received += amount;
        }
        await WaitForChannelAsync(a, c => c.GetProperty("htlcs").GetArrayLength() == 0 && c.GetProperty("to_us_msat").GetInt64() == received,
            "A's balance");
        var onB = await WaitForAsync(() => b.RpcAsync("listpeerchannels"),
            r => r.GetProperty("channels")[0].GetProperty("htlcs").GetArrayLength() == 0, "B settled");
        Assert.Equal(400_000_000 - received, onB.GetProperty("channels")[0].GetProperty("to_us_msat").GetInt64());
    }
}
