using System.Text.Json;
using Fulgur.Crypto;
using Fulgur.Node.Channels;
using Fulgur.Node.Rpc.Commands;
using Fulgur.Node.Tests.Support;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Tests.Channels;

/// <summary>
/// Two in-process nodes against a fulgur-devchain process: fundchannel to CHANNELD_NORMAL on both sides, HTLCs both
/// ways through the internal API, a restart with reestablish, and a mutual close both wallets see.
/// </summary>
public sealed class ChannelProcessTests
{
    private static readonly TimeSpan Timeout = DevChainProcess.Timeout;

    private sealed class Node(TempDirectory dir, string[] args) : IAsyncDisposable
    {
        public NodeHost Host { get; private set; } = null!;
        public RecordingLogSink Log { get; private set; } = null!;
        public TempDirectory Directory => dir;

        public ChannelManager Channels => Host.Context.Commands.All.OfType<FundChannelCommand>().Single().Channels;

        public string Id => Host.Identity.NodeId.ToHex();

        public async Task StartAsync()
        {
            Host = await NodeHost.StartAsync(InProcessNode.Config(dir, args), RecordingLogSink.Log(out var sink), TimeProvider.System,
                CancellationToken.None);
            Log = sink;
        }

        public async Task<JsonElement> RpcAsync(string method, string parameters = "{}")
        {
            using var client = await RawRpcClient.ConnectAsync(Host.Context.Config.RpcSocketPath);
            await client.SendAsync(RawRpcClient.Request(1, method, parameters));
            var response = await client.ReadAsync(Timeout);
            Assert.True(response.TryGetProperty("result", out var result), $"{method} {parameters}: {response}");
            return result.Clone();
        }

        public async ValueTask DisposeAsync()
        {
            if (Host is not null)
                await Host.DisposeAsync();
        }
    }

    /// <summary>Fulfils (or fails, for hashes it does not know) every incoming HTLC; never awaits the mailbox it is called from.</summary>
    private sealed class Settler(Func<ChannelManager> manager) : IChannelHtlcListener
    {
        public Dictionary<PaymentHash, Preimage> Preimages { get; } = [];

        public Task OnHtlcEventAsync(ChannelId channelId, ShortChannelId? shortChannelId, ChannelEvent htlcEvent)
        {
            if (htlcEvent is IncomingHtlcLocked locked)
            {
                _ = Preimages.TryGetValue(locked.PaymentHash, out var preimage)
                    ? manager().FulfillHtlcAsync(channelId, locked.Id, preimage)
                    : manager().FailHtlcAsync(channelId, locked.Id, new ByteVector(new byte[32]));
            }
            return Task.CompletedTask;
        }
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what)
    {
        using var cts = new CancellationTokenSource(Timeout);
        T last = default!;
        while (!cts.IsCancellationRequested)
        {
            last = await probe();
            if (condition(last))
                return last;
            await Task.Delay(100, CancellationToken.None);
        }
        Assert.Fail($"timed out waiting for {what}; last: {last}");
        return last;
    }

    private static async Task<JsonElement> WaitForChannelAsync(Node node, Func<JsonElement, bool> condition, string what) =>
        (await WaitForAsync(async () => (await node.RpcAsync("listpeerchannels")).GetProperty("channels"),
            c => c.GetArrayLength() == 1 && condition(c[0]), what))[0];

    private static (Preimage, PaymentHash) NewPayment()
    {
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        return (Preimage.FromSpan(bytes), PaymentHash.FromSpan(Sha256.Hash(bytes)));
    }

    private static async Task<OutgoingHtlcOutcome> PayAsync(Node from, ChannelId channel, long msat, PaymentHash hash)
    {
        var height = from.Host.Context.Status.BlockHeight;
        // Refused as not open until the channel is reestablished after a reconnection.
        var added = await WaitForAsync(
            () => from.Channels.AddHtlcAsync(channel, new MilliSatoshi(msat), hash, new CltvExpiry(height + 40),
                ByteVector.Zeros(UpdateAddHtlcMessage.OnionRoutingPacketLength)),
            r => r.Refusal != AddHtlcRefusal.ChannelNotNormal, "the channel to take an HTLC");
        Assert.True(added.Added, $"refused: {added.Refusal}");
        try
        {
            return await added.Outcome!.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"HTLC {added.Id} unresolved; log:\n{string.Join("\n", from.Log.Lines.TakeLast(60))}");
            throw;
        }
    }

    [SkippableFact]
    public async Task Fund_pay_both_ways_restart_and_close_mutually()
    {
        using var dir = new TempDirectory();
        using var chain = await DevChainProcess.StartAsync(Path.Combine(dir.Path, "devchain"));
        await chain.MineAsync(101);
        using var dirA = new TempDirectory();
        using var dirB = new TempDirectory();
        var portB = Chain.FakeBitcoind.FreePort();
        await using var a = new Node(dirA, [.. chain.NodeArgs, "--funding-confirms=1"]);
        await using var b = new Node(dirB, [.. chain.NodeArgs, "--funding-confirms=1", $"--addr=127.0.0.1:{portB}"]);
        await a.StartAsync();
        await b.StartAsync();
        var settlerA = new Settler(() => a.Channels);
        var settlerB = new Settler(() => b.Channels);
        a.Channels.AddHtlcListener(settlerA);
        b.Channels.AddHtlcListener(settlerB);

        // Fund A's wallet.
        var address = (await a.RpcAsync("newaddr")).GetProperty("bech32").GetString()!;
        await chain.CallAsync("sendtoaddress", [address, 0.01m]);
        await chain.MineAsync(1);
        await WaitForAsync(async () => (await a.RpcAsync("listfunds")).GetProperty("outputs"),
            o => o.EnumerateArray().Any(u => u.GetProperty("status").GetString() == "confirmed"), "A's funds");

        // fundchannel → CHANNELD_NORMAL on both sides.
        await a.RpcAsync("connect", $$"""{"id": "{{b.Id}}@127.0.0.1:{{portB}}"}""");
        var funded = await a.RpcAsync("fundchannel", $$"""{"id": "{{b.Id}}", "amount": 200000}""");
        var channelId = ChannelId.Parse(funded.GetProperty("channel_id").GetString()!);
        var fundingTxid = funded.GetProperty("txid").GetString()!;
        Assert.Equal(0, funded.GetProperty("outnum").GetInt32());
        await WaitForChannelAsync(b, c => c.GetProperty("state").GetString() == "CHANNELD_AWAITING_LOCKIN", "B to await lock-in");
        await chain.MineAsync(1);
        var onA = await WaitForChannelAsync(a, c => c.GetProperty("state").GetString() == "CHANNELD_NORMAL", "A normal");
        var onB = await WaitForChannelAsync(b, c => c.GetProperty("state").GetString() == "CHANNELD_NORMAL", "B normal");
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
        var (preimage1, hash1) = NewPayment();
        settlerB.Preimages[hash1] = preimage1;
        var outcome = await PayAsync(a, channelId, 20_000_000, hash1);
        Assert.Equal(preimage1, outcome.Preimage);
        var (preimage2, hash2) = NewPayment();
        settlerA.Preimages[hash2] = preimage2;
        outcome = await PayAsync(b, channelId, 3_000_000, hash2);
        Assert.Equal(preimage2, outcome.Preimage);
        var (_, unknown) = NewPayment();
        outcome = await PayAsync(a, channelId, 1_000_000, unknown);
        Assert.False(outcome.Fulfilled);
        Assert.IsType<UpdateFailHtlcMessage>(outcome.Failure);
        await WaitForChannelAsync(a, c => c.GetProperty("to_us_msat").GetInt64() == 183_000_000 && c.GetProperty("htlcs").GetArrayLength() == 0, "A's balance");
        await WaitForChannelAsync(b, c => c.GetProperty("to_us_msat").GetInt64() == 17_000_000 && c.GetProperty("htlcs").GetArrayLength() == 0, "B's balance");

        // Restart B: reestablish, still normal and usable.
        await b.DisposeAsync();
        await b.StartAsync();
        b.Channels.AddHtlcListener(settlerB);
        await a.RpcAsync("connect", $$"""{"id": "{{b.Id}}@127.0.0.1:{{portB}}"}""");
        await WaitForChannelAsync(b, c => c.GetProperty("state").GetString() == "CHANNELD_NORMAL" && c.GetProperty("connected").GetBoolean()
            && c.GetProperty("to_us_msat").GetInt64() == 17_000_000, "B normal after restart");
        var (preimage3, hash3) = NewPayment();
        settlerB.Preimages[hash3] = preimage3;
        outcome = await PayAsync(a, channelId, 2_000_000, hash3);
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
        using var dir = new TempDirectory();
        using var chain = await DevChainProcess.StartAsync(Path.Combine(dir.Path, "devchain"));
        await chain.MineAsync(101);
        using var dirA = new TempDirectory();
        using var dirB = new TempDirectory();
        await using var a = new Node(dirA, [.. chain.NodeArgs, "--funding-confirms=1"]);
        await using var b = new Node(dirB, [.. chain.NodeArgs, "--funding-confirms=1"]);
        await a.StartAsync();
        await b.StartAsync();
        var address = (await a.RpcAsync("newaddr")).GetProperty("bech32").GetString()!;
        await chain.CallAsync("sendtoaddress", [address, 0.01m]);
        await chain.MineAsync(1);
        await WaitForAsync(async () => (await a.RpcAsync("listfunds")).GetProperty("outputs"),
            o => o.EnumerateArray().Any(u => u.GetProperty("status").GetString() == "confirmed"), "A's funds");
        var portB = b.Host.Context.Status.Bindings[0].Port;
        await a.RpcAsync("connect", $$"""{"id": "{{b.Id}}@127.0.0.1:{{portB}}"}""");

        // Too small a channel is refused before anything is reserved or sent.
        using (var client = await RawRpcClient.ConnectAsync(a.Host.Context.Config.RpcSocketPath))
        {
            await client.SendAsync(RawRpcClient.Request(1, "fundchannel", $$"""{"id": "{{b.Id}}", "amount": 1000}"""));
            var response = await client.ReadAsync(Timeout);
            Assert.Equal(-32602, response.GetProperty("error").GetProperty("code").GetInt32());
        }

        var funded = await a.RpcAsync("fundchannel", $$"""{"id": "{{b.Id}}", "amount": 100000}""");
        await chain.MineAsync(1);
        await WaitForChannelAsync(a, c => c.GetProperty("state").GetString() == "CHANNELD_NORMAL", "A normal");
        await WaitForChannelAsync(b, c => c.GetProperty("state").GetString() == "CHANNELD_NORMAL", "B normal");

        // B goes away for good: close gives up after the timeout and broadcasts our commitment.
        await b.DisposeAsync();
        var closed = await a.RpcAsync("close", $$"""{"id": "{{b.Id}}", "unilateraltimeout": 1}""");
        Assert.Equal("unilateral", closed.GetProperty("type").GetString());
        var commitment = Fulgur.Bitcoin.Transactions.Transaction.ParseHex(closed.GetProperty("tx").GetString()!);
        Assert.Equal(funded.GetProperty("txid").GetString(), commitment.Inputs[0].PrevOut.TxId.ToString());
        await WaitForChannelAsync(a, c => c.GetProperty("state").GetString() == "AWAITING_UNILATERAL", "A awaiting unilateral");
        await chain.MineAsync(1);
        await WaitForChannelAsync(a, c => c.GetProperty("state").GetString() == "ONCHAIN", "A onchain");
    }
}
