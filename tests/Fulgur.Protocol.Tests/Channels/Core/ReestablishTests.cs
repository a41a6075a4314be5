using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Tests.Channels.Core;

public sealed class ReestablishTests
{
    [Fact]
    public void Reconnect_WhenIdle_SendsNothingMore()
    {
        var pair = NormalTests.OpenPair();
        pair.Reconnect();
        pair.AssertConsistent();
        var id = pair.Add(pair.A, 1_000_000, 1);
        pair.CommitmentDance();
        pair.AssertConsistent();
        Assert.Equal(0UL, id);
    }

    [Fact]
    public void Reconnect_BeforeChannelReadyArrived_ResendsChannelReady()
    {
        var pair = new ChannelPair();
        pair.Apply(pair.A, pair.A.Core.Open(pair.ConfigA, new ChannelId(Bytes32.FromSpan(Fulgur.Crypto.Sha256.Hash([1]))), new Fulgur.Bitcoin.Satoshi(1_000_000),
            new MilliSatoshi(0), new Fulgur.Bitcoin.Fees.FeeRate(2500)));
        pair.DeliverAll();
        var request = pair.A.Events.OfType<FundingRequested>().Single();
        pair.Apply(pair.A, pair.A.Core.FundingCreated(pair.A.State, new Fulgur.Bitcoin.Transactions.OutPoint(Fulgur.Bitcoin.Transactions.TxId.Zero, 0)));
        pair.DeliverAll();
        pair.Apply(pair.A, pair.A.Core.FundingConfirmed(pair.A.State));
        pair.Apply(pair.B, pair.B.Core.FundingConfirmed(pair.B.State));
        pair.Reconnect();
        Assert.IsType<Normal>(pair.A.State);
        Assert.IsType<Normal>(pair.B.State);
        Assert.NotNull(request);
    }

    [Fact]
    public void Reconnect_LostUncommittedUpdates_AreResent()
    {
        var pair = NormalTests.OpenPair();
        pair.Add(pair.A, 1_000_000, 1);
        pair.Add(pair.A, 2_000_000, 2);
        pair.DeliverAll();
        pair.Reconnect();
        Assert.Equal(2, pair.B.Commitments.Htlcs.Count);
        pair.CommitmentDance();
        pair.AssertConsistent();
        Assert.Equal(2, pair.B.Events.OfType<IncomingHtlcLocked>().Count());
    }

    [Fact]
    public void Reconnect_LostCommitmentSigned_IsRetransmittedWithUpdatesInOrder()
    {
        var pair = NormalTests.OpenPair();
        pair.Add(pair.A, 1_000_000, 1);
        pair.Add(pair.A, 2_000_000, 2);
        pair.Apply(pair.A, pair.A.Core.Sign(pair.A.State));
        // Nothing reaches B.
        pair.Reconnect();
        pair.CommitmentDance();
        pair.AssertConsistent();
        Assert.Equal([0UL, 1UL], pair.B.Events.OfType<IncomingHtlcLocked>().Select(e => e.Id));
    }

    [Fact]
    public void Reconnect_LostRevokeAndAck_IsRetransmitted()
    {
        var pair = NormalTests.OpenPair();
        pair.Add(pair.A, 1_000_000, 1);
        pair.Apply(pair.A, pair.A.Core.Sign(pair.A.State));
        pair.DeliverOne(pair.B);
        pair.DeliverOne(pair.B);
        Assert.IsType<RevokeAndAckMessage>(pair.A.Inbox.Peek());
        pair.Reconnect();
        Assert.False(pair.A.Commitments.AwaitingRevocation);
        pair.CommitmentDance();
        pair.AssertConsistent();
    }

    [Fact]
    public void Reconnect_AfterCrashBetweenPersistAndSend_Recovers()
    {
        var pair = NormalTests.OpenPair();
        pair.Add(pair.B, 3_000_000, 5);
        pair.Apply(pair.B, pair.B.Core.Sign(pair.B.State));
        pair.A.Inbox.Clear(); // B persisted, then crashed before sending.
        pair.Reconnect(restoreB: true);
        pair.CommitmentDance();
        pair.AssertConsistent();
        Assert.Single(pair.A.Events.OfType<IncomingHtlcLocked>());
    }

    [Fact]
    public void Reestablish_WrongLastSecret_Closes()
    {
        var pair = NormalTests.OpenPair();
        pair.Add(pair.A, 1_000_000, 1);
        pair.CommitmentDance();
        var ours = pair.B.Core.Reestablish(pair.B.State)!;
        var bad = ours with { YourLastPerCommitmentSecret = PerCommitmentSecretOf(99) };
        var step = pair.A.Core.Receive(pair.A.State, bad);
        Assert.Equal(ChannelErrorKind.Close, step.Failure?.Kind);
    }

    [Fact]
    public void Reestablish_PeerAhead_ClosesWithoutBroadcasting()
    {
        var pair = NormalTests.OpenPair();
        var ours = pair.B.Core.Reestablish(pair.B.State)!;
        var ahead = ours with { NextRevocationNumber = new Fulgur.Protocol.Channels.CommitmentNumber(5) };
        var step = pair.A.Core.Receive(pair.A.State, ahead);
        Assert.Equal(ChannelErrorKind.Close, step.Failure?.Kind);
        Assert.Null(Assert.IsType<Closed>(step.NextState).Commitments);
    }

    private static Fulgur.Protocol.Channels.PerCommitmentSecret PerCommitmentSecretOf(byte b) =>
        Fulgur.Protocol.Channels.PerCommitmentSecret.Create(Fulgur.Crypto.Sha256.Hash([b]));

    [Fact]
    public void Reconnect_WithFeeUpdateInFlight_Converges()
    {
        var pair = NormalTests.OpenPair();
        pair.Apply(pair.A, pair.A.Core.UpdateFee(pair.A.State, new Fulgur.Bitcoin.Fees.FeeRate(4000)));
        pair.Add(pair.B, 2_000_000, 9);
        pair.DeliverAll();
        pair.Reconnect();
        pair.CommitmentDance();
        pair.AssertConsistent();
        Assert.Equal(new Fulgur.Bitcoin.Fees.FeeRate(4000), pair.B.Commitments.Feerate);
    }
}
