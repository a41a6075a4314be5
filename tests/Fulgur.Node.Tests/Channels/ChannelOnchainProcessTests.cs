using System.Text.Json;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Node.Tests.Gossip;
using static Fulgur.Node.Tests.Channels.ChannelTests;

namespace Fulgur.Node.Tests.Channels;

/// <summary>
/// Against a fulgur-devchain process: after a unilateral close our to_local output comes back to the wallet once
/// to_self_delay has passed (and not before), across a restart; the funder follows the fee estimate with update_fee.
/// </summary>
public sealed class ChannelOnchainProcessTests
{
    /// <summary>The to_self_delay B asks of A (B's --watchtime-blocks), so the delay on A's to_local.</summary>
    private const int ToSelfDelay = 30;

    private static async Task<JsonElement[]> OutputsAsync(GossipNode node) =>
        [.. (await node.RpcAsync("listfunds")).GetProperty("outputs").EnumerateArray()];

    [SkippableFact]
    public async Task Unilateral_close_sweeps_to_local_back_to_the_wallet_after_the_delay()
    {
        await using var chain = await ChannelDevChain.StartAsync();
        var a = await chain.StartNodeAsync();
        var b = await chain.StartNodeAsync($"--watchtime-blocks={ToSelfDelay}");
        await FundWalletAsync(chain, a);
        await OpenChannelAsync(chain, a, b, 100_000);

        // B goes away; A closes unilaterally and its commitment confirms.
        await b.StopAsync();
        var closed = await a.RpcAsync("close", $$"""{"id": "{{b.Id}}", "unilateraltimeout": 1}""");
        Assert.Equal("unilateral", closed.GetProperty("type").GetString());
        var commitment = Transaction.ParseHex(closed.GetProperty("tx").GetString()!);
        // All funds are A's: the commitment's one output is A's to_local.
        var toLocal = Assert.Single(commitment.Outputs);
        await chain.MineAsync(1);
        await WaitForChannelAsync(a, c => c.GetProperty("state").GetString() == "ONCHAIN", "A onchain");
        var commitmentHeight = (await chain.CallAsync("getblockcount", [])).GetInt32();
        var before = (await OutputsAsync(a)).Select(o => o.GetProperty("txid").GetString()).ToHashSet();

        // Up to one block before the delay has passed, nothing is swept (the CSV lock would refuse it).
        await chain.MineAsync(ToSelfDelay - 2);
        await WaitForAsync(() => Task.FromResult(a.Host.Context.Status.BlockHeight), h => h == commitmentHeight + ToSelfDelay - 2, "A at the tip");
        Assert.DoesNotContain(a.Log.Lines, l => l.Contains("sweeping to_local", StringComparison.Ordinal));

        // The next block makes the sweep valid for the block after: A signs, persists and broadcasts it.
        await chain.MineAsync(1);
        await WaitForAsync(() => Task.FromResult(a.Log.Lines), lines => lines.Any(l => l.Contains("sweeping to_local", StringComparison.Ordinal)),
            "the sweep");
        // Restart before it confirms: the stored sweep is sent again, and seen confirmed by the restarted node.
        await a.StopAsync();
        await a.StartAsync();
        await chain.MineAsync(1);
        var swept = await WaitForAsync(() => OutputsAsync(a),
            outputs => outputs.Any(o => !before.Contains(o.GetProperty("txid").GetString()) && o.GetProperty("status").GetString() == "confirmed"),
            "the swept output in A's wallet");
        var output = swept.Single(o => !before.Contains(o.GetProperty("txid").GetString()));
        Assert.Equal(commitmentHeight + ToSelfDelay, output.GetProperty("blockheight").GetInt32());
        var fee = toLocal.Value.Value - output.GetProperty("value").GetInt64();
        // A one-input one-output sweep at the devchain's 2 sat/vB estimate: about 122 vB.
        Assert.InRange(fee, 200, 400);
        // The sweep spends the commitment's to_local output.
        var raw = (await chain.CallAsync("getrawtransaction", [output.GetProperty("txid").GetString()!])).GetString()!;
        var sweep = Transaction.ParseHex(raw);
        Assert.Equal(new OutPoint(commitment.TxId, 0), sweep.Inputs[0].PrevOut);
        Assert.Equal((uint)ToSelfDelay, sweep.Inputs[0].Sequence);
    }

    [SkippableFact]
    public async Task Funder_moves_the_commitment_feerate_to_the_estimate_with_update_fee()
    {
        await using var chain = await ChannelDevChain.StartAsync();
        var a = await chain.StartNodeAsync();
        var b = await chain.StartNodeAsync();
        await FundWalletAsync(chain, a);
        // Opened at 4x the devchain's estimate (2 sat/vB = 500 sat/kw): the funder lowers it once the channel is open.
        await OpenChannelAsync(chain, a, b, 100_000, feerate: "2000perkw");
        foreach (var node in new[] { a, b })
        {
            await WaitForChannelAsync(node, c => c.GetProperty("feerate").GetProperty("perkw").GetInt64() == 500
                && c.GetProperty("htlcs").GetArrayLength() == 0, "the commitment feerate at the estimate");
        }
        // The lower fee is now spendable: to_us is the whole channel, spendable is it less the reserve and the fee at 500 sat/kw.
        var onA = await WaitForChannelAsync(a, _ => true, "A");
        var fee = 500L * (724 + 172) / 1000;
        Assert.Equal(100_000_000 - 10_000_000 - (fee * 1000), onA.GetProperty("spendable_msat").GetInt64());
        Assert.Contains(a.Log.Lines, l => l.Contains("update_fee 2000sat/kw -> 500sat/kw", StringComparison.Ordinal));
    }
}
