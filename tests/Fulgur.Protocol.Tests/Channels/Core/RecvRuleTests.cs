using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Onion;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Tests.Channels.Core;

/// <summary>One test per receive-side rule: the peer's message violates BOLT 2 and the channel closes without throwing.</summary>
public sealed class RecvRuleTests
{
    private static UpdateAddHtlcMessage AddMessage(ChannelPair pair, ulong id, long amountMsat, uint expiry = 700_000) =>
        new(pair.A.Commitments.Params.ChannelId, id, new MilliSatoshi(amountMsat), ChannelPair.PreimageOf(1).Hash, new CltvExpiry(expiry),
            ChannelPair.Onion(1), null, TlvStream.Empty);

    private static ChannelStep ReceiveAtB(ChannelPair pair, IWireMessage m) => pair.B.Core.Receive(pair.B.State, m);

    private static void AssertCloses(ChannelStep step, string fragment)
    {
        Assert.NotNull(step.Failure);
        Assert.Equal(ChannelErrorKind.Close, step.Failure.Kind);
        Assert.Contains(fragment, step.Failure.Message, StringComparison.Ordinal);
        var closed = Assert.IsType<Closed>(step.NextState);
        Assert.NotNull(closed.Commitments);
    }

    [Fact]
    public void Recv_UpdateAddHtlc_SkippedId_Closes() =>
        AssertCloses(ReceiveAtB(NormalTests.OpenPair(), AddMessage(NormalTests.OpenPair(), 1, 1_000_000)), "expected 0");

    [Fact]
    public void Recv_UpdateAddHtlc_ZeroAmount_Closes() =>
        AssertCloses(ReceiveAtB(NormalTests.OpenPair(), AddMessage(NormalTests.OpenPair(), 0, 0)), "AmountBelowMinimum");

    [Fact]
    public void Recv_UpdateAddHtlc_BelowMinimum_Closes()
    {
        var config = ChannelConfig.Default(ChannelPair.Chain);
        var pair = new ChannelPair(configB: config with { Limits = config.Limits with { HtlcMinimum = new MilliSatoshi(5000) } });
        pair.Open(new Satoshi(1_000_000), new MilliSatoshi(0));
        AssertCloses(ReceiveAtB(pair, AddMessage(pair, 0, 4999)), "AmountBelowMinimum");
    }

    [Fact]
    public void Recv_UpdateAddHtlc_OverMaxInFlight_Closes()
    {
        var config = ChannelConfig.Default(ChannelPair.Chain);
        var limits = config.Limits with { MaxHtlcValueInFlight = MaxHtlcValueInFlight.From(new MilliSatoshi(10_000_000)) };
        var pair = new ChannelPair(configB: config with { Limits = limits });
        pair.Open(new Satoshi(1_000_000), new MilliSatoshi(0));
        pair.Apply(pair.B, ReceiveAtB(pair, AddMessage(pair, 0, 6_000_000)));
        AssertCloses(ReceiveAtB(pair, AddMessage(pair, 1, 6_000_000)), "MaxInFlightExceeded");
    }

    [Fact]
    public void Recv_UpdateAddHtlc_TooManyHtlcs_Closes()
    {
        var config = ChannelConfig.Default(ChannelPair.Chain);
        var pair = new ChannelPair(configB: config with { Limits = config.Limits with { MaxAcceptedHtlcs = 2 } });
        pair.Open(new Satoshi(1_000_000), new MilliSatoshi(0));
        pair.Apply(pair.B, ReceiveAtB(pair, AddMessage(pair, 0, 1_000_000)));
        pair.Apply(pair.B, ReceiveAtB(pair, AddMessage(pair, 1, 1_000_000)));
        AssertCloses(ReceiveAtB(pair, AddMessage(pair, 2, 1_000_000)), "TooManyHtlcs");
    }

    [Fact]
    public void Recv_UpdateAddHtlc_Unaffordable_Closes()
    {
        var pair = NormalTests.OpenPair();
        // A has 800,000 sat and must keep B's 10,000 sat reserve plus the commitment fee.
        AssertCloses(ReceiveAtB(pair, AddMessage(pair, 0, 795_000_000)), "CapacityExceeded");
    }

    [Fact]
    public void Recv_UpdateAddHtlc_ExpiryTooLarge_Closes()
    {
        var pair = NormalTests.OpenPair();
        AssertCloses(ReceiveAtB(pair, AddMessage(pair, 0, 1_000_000, 500_000_000)), "InvalidExpiry");
    }

    [Fact]
    public void Recv_UpdateFulfillHtlc_UnknownId_Closes()
    {
        var pair = NormalTests.OpenPair();
        var m = new UpdateFulfillHtlcMessage(pair.A.Commitments.Params.ChannelId, 5, ChannelPair.PreimageOf(1));
        AssertCloses(pair.A.Core.Receive(pair.A.State, m), "unknown or uncommitted");
    }

    [Fact]
    public void Recv_UpdateFulfillHtlc_WrongPreimage_Closes()
    {
        var pair = NormalTests.OpenPair();
        var id = pair.Add(pair.A, 5_000_000, 1);
        pair.CommitmentDance();
        var m = new UpdateFulfillHtlcMessage(pair.A.Commitments.Params.ChannelId, id, ChannelPair.PreimageOf(2));
        AssertCloses(pair.A.Core.Receive(pair.A.State, m), "preimage does not match");
    }

    [Fact]
    public void Recv_UpdateFulfillHtlc_BeforeCommitted_Closes()
    {
        var pair = NormalTests.OpenPair();
        var id = pair.Add(pair.A, 5_000_000, 1);
        var m = new UpdateFulfillHtlcMessage(pair.A.Commitments.Params.ChannelId, id, ChannelPair.PreimageOf(1));
        AssertCloses(pair.A.Core.Receive(pair.A.State, m), "uncommitted");
    }

    [Fact]
    public void Recv_UpdateFailMalformed_WithoutBadOnion_Closes()
    {
        var pair = NormalTests.OpenPair();
        var id = pair.Add(pair.A, 5_000_000, 1);
        pair.CommitmentDance();
        var m = new UpdateFailMalformedHtlcMessage(pair.A.Commitments.Params.ChannelId, id, Bytes32.Zero, FailureCode.TemporaryNodeFailure);
        AssertCloses(pair.A.Core.Receive(pair.A.State, m), "BADONION");
    }

    [Fact]
    public void Recv_UpdateFee_FromFundee_Closes()
    {
        var pair = NormalTests.OpenPair();
        var m = new UpdateFeeMessage(pair.A.Commitments.Params.ChannelId, new FeeRate(3000));
        AssertCloses(pair.A.Core.Receive(pair.A.State, m), "from the fundee");
    }

    [Theory]
    [InlineData(252)]
    [InlineData(1_000_001)]
    public void Recv_UpdateFee_OutOfRange_Closes(long feerate)
    {
        var pair = NormalTests.OpenPair();
        AssertCloses(ReceiveAtB(pair, new UpdateFeeMessage(pair.A.Commitments.Params.ChannelId, new FeeRate(feerate))), "out of range");
    }

    [Fact]
    public void Recv_UpdateFee_Unaffordable_Closes()
    {
        var pair = NormalTests.OpenPair(1_000_000, 990_000_000);
        var m = new UpdateFeeMessage(pair.A.Commitments.Params.ChannelId, new FeeRate(100_000));
        AssertCloses(ReceiveAtB(pair, m), "cannot afford");
    }

    [Fact]
    public void Recv_CommitmentSigned_Empty_Closes()
    {
        var pair = NormalTests.OpenPair();
        var m = new CommitmentSignedMessage(pair.A.Commitments.Params.ChannelId, pair.B.Commitments.LocalCommitSignature, []);
        AssertCloses(ReceiveAtB(pair, m), "without updates");
    }

    [Fact]
    public void CommitmentSigned_BadSignature_Closes()
    {
        var pair = NormalTests.OpenPair();
        pair.Add(pair.A, 5_000_000, 1);
        pair.DeliverAll();
        var step = pair.A.Core.Sign(pair.A.State);
        var good = Assert.IsType<CommitmentSignedMessage>(Assert.Single(step.Outbound));
        using var other = PrivateKey.Create(Sha256.Hash([42]));
        var bad = good with { Signature = other.Sign(Sha256.Hash([1])) };
        AssertCloses(ReceiveAtB(pair, bad), "invalid signature");
    }

    [Fact]
    public void CommitmentSigned_BadHtlcSignature_Closes()
    {
        var pair = NormalTests.OpenPair();
        pair.Add(pair.A, 5_000_000, 1);
        pair.DeliverAll();
        var good = Assert.IsType<CommitmentSignedMessage>(Assert.Single(pair.A.Core.Sign(pair.A.State).Outbound));
        Assert.Single(good.HtlcSignatures);
        var bad = good with { HtlcSignatures = [good.Signature] };
        AssertCloses(ReceiveAtB(pair, bad), "invalid HTLC signature");
        var missing = good with { HtlcSignatures = [] };
        AssertCloses(ReceiveAtB(pair, missing), "HTLC signatures for 1 outputs");
    }

    [Fact]
    public void RevokeAndAck_WrongSecret_Closes()
    {
        var pair = NormalTests.OpenPair();
        pair.Add(pair.A, 5_000_000, 1);
        pair.Apply(pair.A, pair.A.Core.Sign(pair.A.State));
        pair.DeliverOne(pair.B);
        pair.DeliverOne(pair.B);
        var good = Assert.IsType<RevokeAndAckMessage>(pair.A.Inbox.Dequeue());
        var bad = good with { PerCommitmentSecret = PerCommitmentSecret.Create(Sha256.Hash([7])) };
        AssertCloses(pair.A.Core.Receive(pair.A.State, bad), "does not match");
    }

    [Fact]
    public void RevokeAndAck_Unexpected_Closes()
    {
        var pair = NormalTests.OpenPair();
        var m = new RevokeAndAckMessage(pair.A.Commitments.Params.ChannelId, PerCommitmentSecret.Create(Sha256.Hash([7])), pair.A.Commitments.RemoteCommitPoint);
        AssertCloses(pair.A.Core.Receive(pair.A.State, m), "unexpected");
    }

    [Fact]
    public void Recv_UnexpectedMessage_WarnsWithoutThrowing()
    {
        var pair = NormalTests.OpenPair();
        var step = pair.A.Core.Receive(pair.A.State, new FundingSignedMessage(pair.A.Commitments.Params.ChannelId, pair.A.Commitments.LocalCommitSignature));
        Assert.Equal(ChannelErrorKind.WarnAndDisconnect, step.Failure?.Kind);
        Assert.Same(pair.A.State, step.NextState);
    }
}
