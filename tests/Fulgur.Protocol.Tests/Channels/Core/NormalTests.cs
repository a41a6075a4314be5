using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Tests.Channels.Core;

public sealed class NormalTests
{
    internal static ChannelPair OpenPair(long fundingSat = 1_000_000, long pushMsat = 200_000_000)
    {
        var pair = new ChannelPair();
        pair.Open(new Satoshi(fundingSat), new MilliSatoshi(pushMsat));
        return pair;
    }

    [Fact]
    public void Open_ReachesNormal_WithSignedFirstCommitments()
    {
        var pair = OpenPair();
        Assert.Equal(new MilliSatoshi(800_000_000), pair.A.Commitments.LocalBalance);
        Assert.Equal(new MilliSatoshi(200_000_000), pair.B.Commitments.LocalBalance);
        Assert.Equal(pair.A.Commitments.Params.ChannelId, pair.B.Commitments.Params.ChannelId);
        Assert.Single(pair.A.Events.OfType<FundingSafeToBroadcast>());
        Assert.Single(pair.A.Events.OfType<ChannelBecameReady>());
        Assert.Single(pair.B.Events.OfType<ChannelBecameReady>());
        pair.AssertConsistent();
    }

    [Fact]
    public void AddAndFulfill_FromFunder_MovesBalance()
    {
        var pair = OpenPair();
        var id = pair.Add(pair.A, 50_000_000, 1);
        pair.CommitmentDance();
        pair.AssertConsistent();
        var locked = Assert.Single(pair.B.Events.OfType<IncomingHtlcLocked>());
        Assert.Equal(id, locked.Id);
        Assert.Equal(2, pair.A.Commitments.SpecFor(local: true).Htlcs.Count + 1);

        pair.Apply(pair.B, pair.B.Core.FulfillHtlc(pair.B.State, id, ChannelPair.PreimageOf(1)));
        pair.CommitmentDance();
        pair.AssertConsistent();
        Assert.Equal(ChannelPair.PreimageOf(1), Assert.Single(pair.A.Events.OfType<OutgoingHtlcFulfilled>()).Preimage);
        Assert.Empty(pair.A.Commitments.Htlcs);
        Assert.Equal(new MilliSatoshi(750_000_000), pair.A.Commitments.LocalBalance);
        Assert.Equal(new MilliSatoshi(250_000_000), pair.B.Commitments.LocalBalance);
    }

    [Fact]
    public void AddAndFail_FromFundee_ReturnsBalance()
    {
        var pair = OpenPair();
        var id = pair.Add(pair.B, 30_000_000, 2);
        pair.CommitmentDance();
        pair.Apply(pair.A, pair.A.Core.FailHtlc(pair.A.State, id, new ByteVector(new byte[] { 1, 2, 3 })));
        pair.CommitmentDance();
        pair.AssertConsistent();
        Assert.Equal(id, Assert.Single(pair.B.Events.OfType<OutgoingHtlcFailed>()).Id);
        Assert.Equal(new MilliSatoshi(200_000_000), pair.B.Commitments.LocalBalance);
    }

    [Fact]
    public void ManyHtlcs_BothDirections_AgreeAfterEachDance()
    {
        var pair = OpenPair(5_000_000, 2_000_000_000);
        var fromA = Enumerable.Range(0, 6).Select(i => pair.Add(pair.A, 1_000_000 + (i * 40_000_000L), 100 + i)).ToList();
        var fromB = Enumerable.Range(0, 5).Select(i => pair.Add(pair.B, 700_000 + (i * 30_000_000L), 200 + i)).ToList();
        pair.CommitmentDance();
        pair.AssertConsistent();
        Assert.Equal(11, pair.A.Commitments.SpecFor(local: true).Htlcs.Count);
        for (var i = 0; i < fromA.Count; i++)
        {
            pair.Apply(pair.B, i % 2 == 0
                ? pair.B.Core.FulfillHtlc(pair.B.State, fromA[i], ChannelPair.PreimageOf(100 + i))
                : pair.B.Core.FailHtlc(pair.B.State, fromA[i], new ByteVector(new byte[] { 9 })));
        }
        for (var i = 0; i < fromB.Count; i++)
            pair.Apply(pair.A, pair.A.Core.FulfillHtlc(pair.A.State, fromB[i], ChannelPair.PreimageOf(200 + i)));
        pair.CommitmentDance();
        pair.AssertConsistent();
        Assert.Empty(pair.A.Commitments.Htlcs);
        Assert.Empty(pair.B.Commitments.Htlcs);
        Assert.Equal(MilliSatoshi.FromSatoshi(5_000_000), pair.A.Commitments.LocalBalance + pair.B.Commitments.LocalBalance);
    }

    [Fact]
    public void DustHtlc_IsTrimmedButTracked()
    {
        var pair = OpenPair();
        pair.Add(pair.A, 100_000, 7);
        pair.CommitmentDance();
        pair.AssertConsistent();
        Assert.Single(pair.B.Commitments.SpecFor(local: true).Htlcs);
        Assert.Empty(pair.B.Commitments.LocalHtlcSignatures);
    }

    [Fact]
    public void UpdateFee_FromFunder_AppliesToBothCommitments()
    {
        var pair = OpenPair();
        pair.Add(pair.A, 40_000_000, 3);
        pair.Apply(pair.A, pair.A.Core.UpdateFee(pair.A.State, new FeeRate(5000)));
        pair.CommitmentDance();
        pair.AssertConsistent();
        Assert.Equal(new FeeRate(5000), pair.A.Commitments.Feerate);
        Assert.Equal(new FeeRate(5000), pair.B.Commitments.Feerate);
    }

    [Fact]
    public void UpdateFee_ByFundee_IsRefusedLocally()
    {
        var pair = OpenPair();
        var step = pair.B.Core.UpdateFee(pair.B.State, new FeeRate(5000));
        Assert.Equal(ChannelErrorKind.Ignore, step.Failure?.Kind);
    }

    [Fact]
    public void AddHtlc_OverCapacity_IsRefusedWithReason()
    {
        var pair = OpenPair();
        var step = pair.B.Core.AddHtlc(pair.B.State, new MilliSatoshi(199_000_000), ChannelPair.PreimageOf(1).Hash, new CltvExpiry(700_000),
            ChannelPair.Onion(1), out _, out var refusal);
        Assert.Equal(AddHtlcRefusal.CapacityExceeded, refusal);
        Assert.NotNull(step.Failure);
        Assert.Same(pair.B.State, step.NextState);
    }

    [Fact]
    public void Sign_WithNothingToSign_IsIgnored()
    {
        var pair = OpenPair();
        Assert.Equal(ChannelErrorKind.Ignore, pair.A.Core.Sign(pair.A.State).Failure?.Kind);
    }

    [Fact]
    public void Fulfill_BeforeIrrevocablyCommitted_IsRefused()
    {
        var pair = OpenPair();
        var id = pair.Add(pair.A, 5_000_000, 4);
        pair.DeliverAll();
        Assert.Equal(ChannelErrorKind.Ignore, pair.B.Core.FulfillHtlc(pair.B.State, id, ChannelPair.PreimageOf(4)).Failure?.Kind);
    }
}
