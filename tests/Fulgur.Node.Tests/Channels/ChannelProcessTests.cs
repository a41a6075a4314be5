using Fulgur.Node.Tests.Support;
using Fulgur.Protocol.Wire.Messages;
using static Fulgur.Node.Tests.Channels.ChannelTests;

namespace Fulgur.Node.Tests.Channels;

/// <summary>
/// Two in-process nodes against a fulgur-devchain process: fundchannel to CHANNELD_NORMAL on both sides, HTLCs both
/// ways through the internal API, a restart with reestablish, and a mutual close both wallets see.
/// </summary>
public sealed class ChannelProcessTests
{
    [SkippableFact]
    public async Task Fund_pay_both_ways_restart_and_close_mutually()
    {
        await using var chain = await ChannelDevChain.StartAsync();
        // B listens on a fixed port, the one A dials again after B's restart.
        var portB = Chain.FakeBitcoind.FreePort();
        var a = await chain.StartNodeAsync();
        var b = await chain.StartNodeAsync($"--addr=127.0.0.1:{portB}");
        await FundWalletAsync(chain, a);

        // fundchannel → CHANNELD_NORMAL on both sides.
        var (channelId, funded, onA, onB) = await OpenChannelAsync(chain, a, b, 200_000);
        var fundingTxid = funded.GetProperty("txid").GetString()!;
        Assert.Equal(0, funded.GetProperty("outnum").GetInt32());
        Assert.Equal(b.Id, onA.GetProperty("peer_id").GetString());
        Assert.Equal(a.Id, onB.GetProperty("peer_id").GetString());
        Assert.Equal(channelId.ToString(), onB.GetProperty("channel_id").GetString());
        Assert.Equal(fundingTxid, onA.GetProperty("funding_txid").GetString());
        Assert.Equal(onA.GetProperty("short_channel_id").GetString(), onB.GetProperty("short_channel_id").GetString());
        Assert.Equal(200_000_000, onA.GetProperty("total_msat").GetInt64());
        Assert.Equal(200_000_000, onA.GetProperty("to_us_msat").GetInt64());
        Assert.Equal(0, onB.GetProperty("to_us_msat").GetInt64());
        Assert.True(onA.GetProperty("connected").GetBoolean());
        var listfunds = (await a.RpcAsync("listfunds")).GetProperty("channels");
        Assert.Equal(fundingTxid, listfunds[0].GetProperty("funding_txid").GetString());

        // HTLCs both ways: fulfilled, then one B does not know the preimage of, failed.
        // Invoices with real onions: the receiving node's HTLC switch settles them.
        var (preimage1, _) = NewPayment();
        var outcome = await PayInvoiceAsync(a, b, channelId, 20_000_000, preimage1);
        Assert.Equal(preimage1, outcome.Preimage);
        var (preimage2, _) = NewPayment();
        outcome = await PayInvoiceAsync(b, a, channelId, 3_000_000, preimage2);
        Assert.Equal(preimage2, outcome.Preimage);
        var (_, unknown) = NewPayment();
        outcome = await PayAsync(a, channelId, 1_000_000, unknown);
        Assert.False(outcome.Fulfilled);
        // The node's HTLC switch cannot peel the dummy onion: update_fail_malformed_htlc.
        Assert.IsType<UpdateFailMalformedHtlcMessage>(outcome.Failure);
        await WaitForChannelAsync(a, c => c.GetProperty("to_us_msat").GetInt64() == 183_000_000 && c.GetProperty("htlcs").GetArrayLength() == 0, "A's balance");
        await WaitForChannelAsync(b, c => c.GetProperty("to_us_msat").GetInt64() == 17_000_000 && c.GetProperty("htlcs").GetArrayLength() == 0, "B's balance");

        // Restart B: reestablish, still normal and usable.
        await b.StopAsync();
        await b.StartAsync();
        await a.RpcAsync("connect", $$"""{"id": "{{b.Id}}@127.0.0.1:{{portB}}"}""");
        await WaitForChannelAsync(b, c => c.GetProperty("state").GetString() == "CHANNELD_NORMAL" && c.GetProperty("connected").GetBoolean()
            && c.GetProperty("to_us_msat").GetInt64() == 17_000_000, "B normal after restart");
        var (preimage3, _) = NewPayment();
        outcome = await PayInvoiceAsync(a, b, channelId, 2_000_000, preimage3);
        Assert.Equal(preimage3, outcome.Preimage);
        await WaitForChannelAsync(b, c => c.GetProperty("to_us_msat").GetInt64() == 19_000_000, "B's balance after restart");

        // Mutual close: both wallets see their outputs once it confirms.
        var closed = await a.RpcAsync("close", $$"""{"id": "{{channelId}}", "unilateraltimeout": 30}""");
        Assert.Equal("mutual", closed.GetProperty("type").GetString());
        var closingTxid = closed.GetProperty("txid").GetString()!;
        await chain.MineAsync(1);
        foreach (var node in new[] { a, b })
        {
            await WaitForAsync(async () => (await node.RpcAsync("listfunds")).GetProperty("outputs"),
                o => o.EnumerateArray().Any(u => u.GetProperty("txid").GetString() == closingTxid && u.GetProperty("status").GetString() == "confirmed"),
                "the closing output in the wallet");
        }
        var bFunds = (await b.RpcAsync("listfunds")).GetProperty("outputs").EnumerateArray()
            .Single(u => u.GetProperty("txid").GetString() == closingTxid);
        Assert.Equal(19_000, bFunds.GetProperty("value").GetInt64());
    }

    [SkippableFact]
    public async Task Close_falls_back_to_our_commitment_when_the_peer_is_gone()
    {
        await using var chain = await ChannelDevChain.StartAsync();
        var a = await chain.StartNodeAsync();
        var b = await chain.StartNodeAsync();
        await FundWalletAsync(chain, a);
        await a.RpcAsync("connect", $$"""{"id": "{{b.Id}}@127.0.0.1:{{b.Port}}"}""");

        // Too small a channel is refused before anything is reserved or sent.
        using (var client = await RawRpcClient.ConnectAsync(a.Host.Context.Config.RpcSocketPath))
        {
            await client.SendAsync(RawRpcClient.Request(1, "fundchannel", $$"""{"id": "{{b.Id}}", "amount": 1000}"""));
            var response = await client.ReadAsync(ChannelTests.Timeout);
            Assert.Equal(-32602, response.GetProperty("error").GetProperty("code").GetInt32());
        }

        var funded = (await OpenChannelAsync(chain, a, b, 100_000)).Funded;

        // B goes away for good: close gives up after the timeout and broadcasts our commitment.
        await b.StopAsync();
        var closed = await a.RpcAsync("close", $$"""{"id": "{{b.Id}}", "unilateraltimeout": 1}""");
        Assert.Equal("unilateral", closed.GetProperty("type").GetString());
        var commitment = Fulgur.Bitcoin.Transactions.Transaction.ParseHex(closed.GetProperty("tx").GetString()!);
        Assert.Equal(funded.GetProperty("txid").GetString(), commitment.Inputs[0].PrevOut.TxId.ToString());
        await WaitForChannelAsync(a, c => c.GetProperty("state").GetString() == "AWAITING_UNILATERAL", "A awaiting unilateral");
        await chain.MineAsync(1);
        await WaitForChannelAsync(a, c => c.GetProperty("state").GetString() == "ONCHAIN", "A onchain");
    }
}
