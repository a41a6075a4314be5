using System.Text.Json;
using Fulgur.Crypto;
using Fulgur.Node.Channels;
using Fulgur.Node.Rpc.Commands;
using Fulgur.Node.Tests.Gossip;
using Fulgur.Node.Tests.Support;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Onion;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Tests.Channels;

/// <summary>
/// Channel tests run their in-process nodes as <see cref="GossipNode"/>s (a restartable NodeHost with its RPC socket
/// and log) and reach the channel manager's internal HTLC API through this.
/// </summary>
internal static class ChannelNodeExtensions
{
    extension(GossipNode node)
    {
        public ChannelManager Channels => node.Host.Component<ChannelManager>();
    }
}

/// <summary>Fulfils (or fails, for hashes it does not know) every incoming HTLC; never awaits the mailbox it is called from.</summary>
internal sealed class Settler(Func<ChannelManager> manager) : IChannelHtlcListener
{
    private readonly Lock _lock = new();
    private readonly Dictionary<PaymentHash, Preimage> _preimages = [];

    public void Know(Preimage preimage)
    {
        lock (_lock)
            _preimages[preimage.Hash] = preimage;
    }

    public Task OnHtlcEventAsync(ChannelId channelId, ShortChannelId? shortChannelId, ChannelEvent htlcEvent)
    {
        if (htlcEvent is IncomingHtlcLocked locked)
        {
            Preimage? preimage;
            lock (_lock)
                preimage = _preimages.GetValueOrDefault(locked.PaymentHash);
            _ = preimage is { } known
                ? manager().FulfillHtlcAsync(channelId, locked.Id, known)
                : manager().FailHtlcAsync(channelId, locked.Id, new ByteVector(new byte[32]));
        }
        return Task.CompletedTask;
    }
}

/// <summary>Waiting, funding and paying helpers shared by the channel process tests.</summary>
internal static class ChannelTests
{
    public static readonly TimeSpan Timeout = DevChainProcess.Timeout;

    public static Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.WaitForAsync(probe, condition, what, timeout ?? Timeout, TimeSpan.FromMilliseconds(50));

    public static async Task<JsonElement> WaitForChannelAsync(ChannelEnd node, Func<JsonElement, bool> condition, string what) =>
        (await WaitForAsync(async () => (await node.RpcAsync("listpeerchannels")).GetProperty("channels"),
            c => c.GetArrayLength() == 1 && condition(c[0]), what))[0];

    public static (Preimage Preimage, PaymentHash Hash) NewPayment()
    {
        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        return (Preimage.FromSpan(bytes), PaymentHash.FromSpan(Sha256.Hash(bytes)));
    }

    /// <summary>Offers an HTLC (waiting until the channel takes one) and returns its outcome.</summary>
    public static async Task<HtlcAddResult> AddAsync(GossipNode from, ChannelId channel, long msat, PaymentHash hash, ByteVector? onion = null,
        CltvExpiry? expiry = null)
    {
        var height = from.Host.Context.Status.BlockHeight;
        // Refused as not open until the channel is reestablished after a reconnection.
        var added = await WaitForAsync(
            () => from.Channels.AddHtlcAsync(channel, new MilliSatoshi(msat), hash, expiry ?? new CltvExpiry(height + 40),
                onion ?? ByteVector.Zeros(UpdateAddHtlcMessage.OnionRoutingPacketLength)),
            r => r.Refusal != AddHtlcRefusal.ChannelNotNormal, "the channel to take an HTLC");
        Assert.True(added.Added, $"refused: {added.Refusal}");
        return added;
    }

    public static async Task<OutgoingHtlcOutcome> PayAsync(GossipNode from, ChannelId channel, long msat, PaymentHash hash)
    {
        var added = await AddAsync(from, channel, msat, hash);
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

    /// <summary>A one-hop payment onion for <paramref name="destination"/> (BOLT 4 final-hop payload with the invoice's secret).</summary>
    public static ByteVector FinalOnion(Crypto.PublicKey destination, PaymentHash hash, PaymentSecret secret, MilliSatoshi amount, CltvExpiry expiry)
    {
        using var session = Crypto.PrivateKey.Generate();
        var payload = HopPayload.ForFinalNode(amount, expiry, new PaymentData(secret, amount)).ToArray();
        return new ByteVector(SphinxBuilder.Build(session, [new SphinxHop(destination, payload)], hash.ToArray()).Packet.ToArray());
    }

    /// <summary>
    /// Pays an invoice of <paramref name="to"/> (made with <paramref name="preimage"/>) over the channel with a real
    /// onion, so that the receiving node's HTLC switch settles it whatever else listens.
    /// </summary>
    public static async Task<OutgoingHtlcOutcome> PayInvoiceAsync(GossipNode from, GossipNode to, ChannelId channel, long msat, Preimage preimage)
    {
        var invoice = await to.RpcAsync("invoice",
            $$"""{"amount_msat": {{msat}}, "label": "{{preimage.Hash}}", "description": "test", "preimage": "{{preimage}}"}""");
        Assert.True(PaymentSecret.TryParse(invoice.GetProperty("payment_secret").GetString()!, out var secret));
        var expiry = new CltvExpiry(from.Host.Context.Status.BlockHeight + 40);
        var onion = FinalOnion(to.Host.Identity.NodeId, preimage.Hash, secret, new MilliSatoshi(msat), expiry);
        var added = await AddAsync(from, channel, msat, preimage.Hash, onion, expiry);
        return await added.Outcome!.WaitAsync(Timeout);
    }

    /// <summary>Sends 0.01 BTC to the node's wallet and waits until it is confirmed there.</summary>
    public static async Task FundWalletAsync(ChannelDevChain chain, ChannelEnd node, decimal btc = 0.01m)
    {
        var address = (await node.RpcAsync("newaddr")).GetProperty("bech32").GetString()!;
        await chain.CallAsync("sendtoaddress", [address, btc]);
        await chain.MineAsync(1);
        await WaitForAsync(async () => (await node.RpcAsync("listfunds")).GetProperty("outputs"),
            o => o.EnumerateArray().Any(u => u.GetProperty("status").GetString() == "confirmed"), "the wallet's funds");
    }

    /// <summary>
    /// Connects, funds a channel of <paramref name="satoshi"/> from <paramref name="funder"/>, mines it once the fundee
    /// awaits lock-in and waits until both sides are normal; returns fundchannel's answer and both sides' listpeerchannels.
    /// </summary>
    public static async Task<OpenedChannel> OpenChannelAsync(ChannelDevChain chain, ChannelEnd funder, ChannelEnd fundee, long satoshi,
        string? feerate = null)
    {
        await funder.RpcAsync("connect", $$"""{"id": "{{fundee.Id}}@127.0.0.1:{{fundee.Port}}"}""");
        var extra = feerate is null ? "" : $$""", "feerate": "{{feerate}}" """;
        var funded = await funder.RpcAsync("fundchannel", $$"""{"id": "{{fundee.Id}}", "amount": {{satoshi}}{{extra}}}""");
        var channelId = ChannelId.Parse(funded.GetProperty("channel_id").GetString()!);
        await WaitForChannelAsync(fundee, c => c.GetProperty("state").GetString() == "CHANNELD_AWAITING_LOCKIN", "the fundee to await lock-in");
        await chain.MineAsync(1);
        var onFunder = await WaitForChannelAsync(funder, c => c.GetProperty("state").GetString() == "CHANNELD_NORMAL", "the funder normal");
        var onFundee = await WaitForChannelAsync(fundee, c => c.GetProperty("state").GetString() == "CHANNELD_NORMAL", "the fundee normal");
        return new OpenedChannel(channelId, funded, onFunder, onFundee);
    }
}

/// <summary>A channel just opened: its id, fundchannel's answer, and the funder's and fundee's listpeerchannels entries once normal.</summary>
internal sealed record OpenedChannel(ChannelId Id, JsonElement Funded, JsonElement OnFunder, JsonElement OnFundee);
