using System.Text.Json;
using Fulgur.Node.Channels;
using Fulgur.Node.Rpc.Commands;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;
using static Fulgur.Node.Tests.Channels.ChannelTests;

namespace Fulgur.Node.Tests.Channels;

/// <summary>
/// Many HTLCs both ways through the internal HTLC API between two in-process nodes on the devchain, many in flight at
/// once: every one ends fulfilled or failed exactly once, listpeerchannels shows the pending ones as interfaces.md §6
/// says, and balances, spendable and receivable agree on both ends afterwards.
/// </summary>
public sealed class ChannelHtlcProcessTests
{
    private static readonly HashSet<string> HtlcStateNames = [.. Enum.GetValues<HtlcState>().Select(ListPeerChannelsCommand.HtlcStateName)];

    [Fact]
    public void Htlc_states_carry_core_lightnings_names()
    {
        Assert.Equal("SENT_ADD_HTLC", ListPeerChannelsCommand.HtlcStateName(HtlcState.SentAddHtlc));
        Assert.Equal("RCVD_ADD_ACK_REVOCATION", ListPeerChannelsCommand.HtlcStateName(HtlcState.RcvdAddAckRevocation));
        Assert.Equal("SENT_REMOVE_ACK_COMMIT", ListPeerChannelsCommand.HtlcStateName(HtlcState.SentRemoveAckCommit));
        Assert.Equal(20, HtlcStateNames.Count);
        var view = new ChannelView(new NodeId(Crypto.PrivateKey.Generate().PublicKey), ChannelId.FromSpan(new byte[32]), "CHANNELD_NORMAL", null, null,
            new MilliSatoshi(1000), new MilliSatoshi(600), new MilliSatoshi(1), new MilliSatoshi(2), true,
            [new HtlcView(true, 3, new MilliSatoshi(250), new CltvExpiry(500), PaymentHash.FromSpan(new byte[32]), HtlcState.RcvdAddCommit)]);
        var json = JsonDocument.Parse(ListPeerChannelsCommand.Json(view, connected: true, includePeer: true).ToJsonString()).RootElement;
        var htlc = Assert.Single(json.GetProperty("htlcs").EnumerateArray());
        Assert.Equal("in", htlc.GetProperty("direction").GetString());
        Assert.Equal(3, htlc.GetProperty("id").GetInt64());
        Assert.Equal(250, htlc.GetProperty("msatoshi").GetInt64());
        Assert.Equal(250, htlc.GetProperty("amount_msat").GetInt64());
        Assert.Equal(500, htlc.GetProperty("expiry").GetInt64());
        Assert.Equal(new string('0', 64), htlc.GetProperty("payment_hash").GetString());
        Assert.Equal("RCVD_ADD_COMMIT", htlc.GetProperty("state").GetString());
        Assert.Equal(1, json.GetProperty("spendable_msat").GetInt64());
        Assert.Equal(2, json.GetProperty("receivable_msat").GetInt64());
    }

    [SkippableFact]
    public async Task Many_htlcs_both_ways_in_flight_together_settle_and_balances_match()
    {
        await using var chain = await ChannelDevChain.StartAsync();
        var a = await chain.StartNodeAsync();
        var b = await chain.StartNodeAsync();
        var settlerA = new Settler(() => a.Channels);
        var settlerB = new Settler(() => b.Channels);
        a.Channels.AddHtlcListener(settlerA);
        b.Channels.AddHtlcListener(settlerB);
        await FundWalletAsync(chain, a);
        const long total = 500_000_000;
        var channel = (await OpenChannelAsync(chain, a, b, total / 1000)).Id;

        // A first pays B enough for B to pay back, then both send batches of HTLCs at once.
        var (first, _) = NewPayment();
        Assert.True((await PayInvoiceAsync(a, b, channel, 150_000_000, first)).Fulfilled);
        long toA = total - 150_000_000, toB = 150_000_000;
#pragma warning disable CA5394 // Test randomness: amounts and directions.
        var random = new Random(7);
        var fulfilled = 0;
        var failed = 0;
        var sawPending = false;
        var expected = 0;
        for (var batch = 0; batch < 4; batch++)
        {
            var sent = new List<(bool FromA, long Amount, Task<HtlcAddResult> Added)>();
            for (var i = 0; i < 25; i++)
            {
                var fromA = random.Next(2) == 0;
                var amount = random.Next(1_000, 2_000_000);
                var (preimage, hash) = NewPayment();
                // One in four is unknown to the receiver and fails; the others pay an invoice of the receiver with a real
                // onion, so that its HTLC switch fulfils them too (the settler and the switch both answer; either wins).
                ByteVector? onion = null;
                var expiry = new CltvExpiry((fromA ? a : b).Host.Context.Status.BlockHeight + 40);
                var known = random.Next(4) != 0;
                if (known)
                {
                    var to = fromA ? b : a;
                    (fromA ? settlerB : settlerA).Know(preimage);
                    var invoice = await to.RpcAsync("invoice",
                        $$"""{"amount_msat": {{amount}}, "label": "{{hash}}", "description": "test", "preimage": "{{preimage}}"}""");
                    Assert.True(PaymentSecret.TryParse(invoice.GetProperty("payment_secret").GetString()!, out var secret));
                    onion = FinalOnion(to.Host.Identity.NodeId, hash, secret, new MilliSatoshi(amount), expiry);
                }
                expected += known ? 1 : 0;
                sent.Add((fromA, amount, AddAsync(fromA ? a : b, channel, amount, hash, onion, expiry)));
            }
            // While they are in flight, listpeerchannels lists them with interfaces.md §6's fields.
            var view = (await a.RpcAsync("listpeerchannels")).GetProperty("channels")[0];
            foreach (var h in view.GetProperty("htlcs").EnumerateArray())
            {
                sawPending = true;
                Assert.Contains(h.GetProperty("direction").GetString(), new[] { "in", "out" });
                Assert.Equal(h.GetProperty("msatoshi").GetInt64(), h.GetProperty("amount_msat").GetInt64());
                Assert.Equal(64, h.GetProperty("payment_hash").GetString()!.Length);
                Assert.Contains(h.GetProperty("state").GetString()!, HtlcStateNames);
                Assert.True(h.GetProperty("expiry").GetInt64() > 100);
                Assert.True(h.GetProperty("id").GetInt64() >= 0);
            }
            foreach (var (fromA, amount, added) in sent)
            {
                var outcome = await (await added).Outcome!.WaitAsync(ChannelTests.Timeout);
                if (outcome.Fulfilled)
                {
                    fulfilled++;
                    toA += fromA ? -amount : amount;
                    toB += fromA ? amount : -amount;
                }
                else
                {
                    failed++;
                }
            }
        }
#pragma warning restore CA5394
        Assert.True(sawPending, "no HTLC was ever seen pending");
        // Exactly the HTLCs paying an invoice are fulfilled; the others fail.
        Assert.Equal(expected, fulfilled);
        Assert.Equal(100 - expected, failed);
        var onA = await WaitForChannelAsync(a, c => c.GetProperty("htlcs").GetArrayLength() == 0 && c.GetProperty("to_us_msat").GetInt64() == toA,
            "A's balance");
        var onB = await WaitForChannelAsync(b, c => c.GetProperty("htlcs").GetArrayLength() == 0 && c.GetProperty("to_us_msat").GetInt64() == toB,
            "B's balance");
        Assert.Equal(total, onA.GetProperty("to_us_msat").GetInt64() + onB.GetProperty("to_us_msat").GetInt64());
        Assert.Equal(onA.GetProperty("spendable_msat").GetInt64(), onB.GetProperty("receivable_msat").GetInt64());
        Assert.Equal(onB.GetProperty("spendable_msat").GetInt64(), onA.GetProperty("receivable_msat").GetInt64());
        // Fundee B: its whole balance less the 10,000 sat reserve A asked of it.
        Assert.Equal(toB - 10_000_000, onB.GetProperty("spendable_msat").GetInt64());
    }
}
