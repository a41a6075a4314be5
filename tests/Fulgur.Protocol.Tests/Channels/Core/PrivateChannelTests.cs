using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Tests.Channels.Core;

/// <summary>The <c>announce_channel</c> bit of <c>channel_flags</c>: sent by the funder, kept by both sides, persisted.</summary>
public sealed class PrivateChannelTests
{
    private static readonly ChannelId TemporaryId = new(Bytes32.FromSpan(Sha256.Hash([1])));

    /// <summary>Opens A→B up to Normal with the given flag (as <see cref="ChannelPair.Open"/> does).</summary>
    private static ChannelPair OpenPair(bool announce)
    {
        var pair = new ChannelPair();
        pair.Apply(pair.A, pair.A.Core.Open(pair.ConfigA, TemporaryId, new Satoshi(1_000_000), MilliSatoshi.Zero, new FeeRate(2500), announce));
        pair.DeliverAll();
        var request = pair.A.Events.OfType<FundingRequested>().Single();
        var fundingTx = new Transaction(2, [new TxIn(new OutPoint(TxId.Zero, 0), 0xffffffff)], [new TxOut(request.Amount, request.ScriptPubKey)], 0);
        pair.Apply(pair.A, pair.A.Core.FundingCreated(pair.A.State, new OutPoint(fundingTx.TxId, 0)));
        pair.DeliverAll();
        pair.Apply(pair.A, pair.A.Core.FundingConfirmed(pair.A.State));
        pair.Apply(pair.B, pair.B.Core.FundingConfirmed(pair.B.State));
        pair.DeliverAll();
        Assert.IsType<Normal>(pair.A.State);
        Assert.IsType<Normal>(pair.B.State);
        return pair;
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public void Open_SetsAnnounceChannelBit_FromTheFlag(bool announce, byte flags)
    {
        var pair = new ChannelPair();
        var step = pair.A.Core.Open(pair.ConfigA, TemporaryId, new Satoshi(1_000_000), MilliSatoshi.Zero, new FeeRate(2500), announce);
        var open = Assert.IsType<OpenChannelMessage>(Assert.Single(step.Outbound));
        Assert.Equal(flags, open.ChannelFlags);
        Assert.Equal(announce, open.AnnounceChannel);
    }

    [Fact]
    public void Open_DefaultsToAnnounced()
    {
        var pair = new ChannelPair();
        var step = pair.A.Core.Open(pair.ConfigA, TemporaryId, new Satoshi(1_000_000), MilliSatoshi.Zero, new FeeRate(2500));
        Assert.True(Assert.IsType<OpenChannelMessage>(Assert.Single(step.Outbound)).AnnounceChannel);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BothSides_KeepTheFlag_InTheirParams(bool announce)
    {
        var pair = OpenPair(announce);
        Assert.Equal(announce, pair.A.Commitments.Params.Announce);
        // The fundee takes it from the funder's open_channel.
        Assert.Equal(announce, pair.B.Commitments.Params.Announce);
    }

    [Fact]
    public void Serializer_RoundTripsThePrivateFlag_InEveryPhase()
    {
        var pair = OpenPair(announce: false);
        var c = pair.B.Commitments;
        ChannelState[] states =
        [
            pair.A.State,
            pair.B.State,
            new AwaitingChannelReady(c, false),
            new ShuttingDown(c, new ByteVector([0, 20]), null),
            new Negotiating(c, new([1]), new([2]), new Satoshi(5), null),
            new Closed(c, "failed", null),
        ];
        foreach (var state in states)
        {
            var bytes = ChannelStateSerializer.Serialize(state);
            Assert.Equal(ChannelStateSerializer.Version, bytes[0]);
            var back = ChannelStateSerializer.Deserialize(bytes);
            Assert.False(back.CommitmentsOrNull()!.Params.Announce);
            Assert.Equal(bytes, ChannelStateSerializer.Serialize(back));
        }
        var announced = OpenPair(announce: true);
        Assert.True(ChannelStateSerializer.Deserialize(ChannelStateSerializer.Serialize(announced.A.State)).CommitmentsOrNull()!.Params.Announce);
    }

    [Fact]
    public void Serializer_LoadsAVersion1Record_AsAnnounced()
    {
        // A record written before the flag was stored: version 1, the commitments without the trailing flag byte (a
        // Normal state ends with its commitments).
        var pair = OpenPair(announce: false);
        var current = ChannelStateSerializer.Serialize(pair.A.State);
        var old = current[..^1];
        old[0] = ChannelStateSerializer.VersionWithoutAnnounce;
        Assert.True(ChannelStateSerializer.TryDeserialize(old, out var state));
        var normal = Assert.IsType<Normal>(state);
        Assert.True(normal.Commitments.Params.Announce);
        Assert.Equal(pair.A.Commitments.Params with { Announce = true }, normal.Commitments.Params);
        Assert.Equal(pair.A.Commitments.LocalBalance, normal.Commitments.LocalBalance);
        // A version 1 record with the version 2 layout (one byte too many) and a version 2 record without it are refused.
        var mixed = (byte[])current.Clone();
        mixed[0] = ChannelStateSerializer.VersionWithoutAnnounce;
        Assert.False(ChannelStateSerializer.TryDeserialize(mixed, out _));
        var truncated = current[..^1];
        Assert.False(ChannelStateSerializer.TryDeserialize(truncated, out _));
        // A flag byte other than 0 or 1 is malformed.
        var bad = (byte[])current.Clone();
        bad[^1] = 2;
        Assert.False(ChannelStateSerializer.TryDeserialize(bad, out _));
    }
}
