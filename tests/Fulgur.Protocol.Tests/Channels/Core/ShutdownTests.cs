using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Scripts.Interpreter;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Types;
using Fulgur.Bitcoin;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Tests.Channels.Core;

public sealed class ShutdownTests
{
    private static ByteVector Script(byte tag) => new(StandardScripts.P2WpkhFromHash(Hash160.Hash([tag])).Bytes);

    [Fact]
    public void Shutdown_WithPendingHtlc_WaitsThenNegotiatesValidClosingTransaction()
    {
        var pair = NormalTests.OpenPair();
        var id = pair.Add(pair.A, 10_000_000, 1);
        pair.CommitmentDance();
        pair.Apply(pair.B, pair.B.Core.Shutdown(pair.B.State, Script(2)));
        pair.DeliverAll();
        Assert.Single(pair.A.Events.OfType<ShutdownRequested>());
        pair.Apply(pair.A, pair.A.Core.Shutdown(pair.A.State, Script(1)));
        pair.DeliverAll();
        Assert.IsType<ShuttingDown>(pair.A.State);
        // No new HTLCs during shutdown.
        pair.A.Core.AddHtlc(pair.A.State, new MilliSatoshi(1_000_000), ChannelPair.PreimageOf(3).Hash, new CltvExpiry(700_000), ChannelPair.Onion(1),
            out _, out var refusal);
        Assert.Equal(AddHtlcRefusal.ChannelNotNormal, refusal);
        pair.Apply(pair.B, pair.B.Core.FulfillHtlc(pair.B.State, id, ChannelPair.PreimageOf(1)));
        pair.CommitmentDance();
        pair.DeliverAll();
        var a = Assert.IsType<Closed>(pair.A.State);
        var b = Assert.IsType<Closed>(pair.B.State);
        Assert.NotNull(a.ClosingTransaction);
        Assert.Equal(a.ClosingTransaction.TxId, b.ClosingTransaction!.TxId);
        Assert.True(ScriptVerifier.VerifyInput(a.ClosingTransaction, 0, pair.FundingOutput!, ScriptVerifyFlagSets.Standard, out var error), error.ToString());
        Assert.Single(pair.A.Events.OfType<ClosingTransactionReady>());
        Assert.Equal(2, a.ClosingTransaction.Outputs.Length);
    }

    [Fact]
    public void Shutdown_WithUnsignedUpdates_IsRefused()
    {
        var pair = NormalTests.OpenPair();
        pair.Add(pair.A, 10_000_000, 1);
        Assert.Equal(ChannelErrorKind.Ignore, pair.A.Core.Shutdown(pair.A.State, Script(1)).Failure?.Kind);
    }

    [Theory]
    [InlineData("0014" + "0000000000000000000000000000000000000000", true)]
    [InlineData("0020" + "0000000000000000000000000000000000000000000000000000000000000000", true)]
    [InlineData("76a914" + "0000000000000000000000000000000000000000" + "88ac", false)]
    [InlineData("a914" + "0000000000000000000000000000000000000000" + "87", false)]
    [InlineData("5120" + "0000000000000000000000000000000000000000000000000000000000000000", true)]
    [InlineData("0015" + "000000000000000000000000000000000000000000", false)]
    [InlineData("6a04deadbeef", false)]
    [InlineData("", false)]
    public void ShutdownScript_Forms(string hex, bool valid) =>
        Assert.Equal(valid, ChannelCore.IsValidShutdownScript(Hex.Decode(hex)));

    [Fact]
    public void Shutdown_InvalidScriptFromPeer_Warns()
    {
        var pair = NormalTests.OpenPair();
        var step = pair.A.Core.Receive(pair.A.State, new Fulgur.Protocol.Wire.Messages.ShutdownMessage(pair.A.Commitments.Params.ChannelId, new ByteVector([0x6a])));
        Assert.Equal(ChannelErrorKind.WarnAndDisconnect, step.Failure?.Kind);
    }

    private static ChannelPair Negotiating(out ClosingSignedMessage firstProposal)
    {
        var pair = NormalTests.OpenPair();
        pair.Apply(pair.A, pair.A.Core.Shutdown(pair.A.State, Script(1)));
        pair.DeliverAll();
        pair.Apply(pair.B, pair.B.Core.Shutdown(pair.B.State, Script(2)));
        pair.DeliverOne(pair.A);
        Assert.IsType<Negotiating>(pair.A.State);
        firstProposal = Assert.IsType<ClosingSignedMessage>(pair.B.Inbox.Dequeue());
        return pair;
    }

    [Fact]
    public void ClosingSigned_BadSignature_Closes()
    {
        var pair = Negotiating(out var proposal);
        var bad = proposal with { Signature = pair.B.Commitments.LocalCommitSignature };
        Assert.Equal(ChannelErrorKind.Close, pair.B.Core.Receive(pair.B.State, bad).Failure?.Kind);
    }

    /// <summary>A's closing_signed at <paramref name="fee"/>, signed with A's funding key, and A's state updated as if it sent it.</summary>
    private static ClosingSignedMessage ProposalFromA(ChannelPair pair, Satoshi fee, ClosingFeeRange range)
    {
        var a = (Negotiating)pair.A.State;
        var spec = a.Commitments.SpecFor(local: true);
        Assert.True(ClosingTransactionBuilder.TryBuildLegacy(
            a.Commitments.Params.FundingOutPoint, spec.ToLocal, spec.ToRemote, Fulgur.Bitcoin.Scripts.Script.FromBytes(a.LocalScript.Span),
            Fulgur.Bitcoin.Scripts.Script.FromBytes(a.RemoteScript.Span), true, fee, new Satoshi(546), out var closing, out _));
        using var keys = TestChannelKeys.Create(11);
        var sig = Bolt3Signatures.SignFundingSpend(closing.Transaction, a.Commitments.Params.CommitmentParameters.Local.FundingScript,
            a.Commitments.Params.FundingAmount, keys.FundingKey);
        pair.A.State = a with { LastSentFee = fee };
        return new ClosingSignedMessage(a.Commitments.Params.ChannelId, fee, sig, range);
    }

    [Fact]
    public void ClosingSigned_OutOfRangeFee_IsCounteredInTheOverlap_ThenConverges()
    {
        var pair = Negotiating(out var proposal);
        var ours = proposal.FeeSatoshis;
        pair.B.Inbox.Enqueue(ProposalFromA(pair, new Satoshi(ours.Value * 3), new ClosingFeeRange(ours, new Satoshi(ours.Value * 4))));
        pair.DeliverOne(pair.B);
        var counter = Assert.IsType<ClosingSignedMessage>(pair.A.Inbox.Peek());
        Assert.Equal(ours, counter.FeeSatoshis);
        pair.DeliverAll();
        var closedA = Assert.IsType<Closed>(pair.A.State);
        var closedB = Assert.IsType<Closed>(pair.B.State);
        Assert.Equal(closedA.ClosingTransaction!.TxId, closedB.ClosingTransaction!.TxId);
        Assert.True(ScriptVerifier.VerifyInput(closedB.ClosingTransaction, 0, pair.FundingOutput!, ScriptVerifyFlagSets.Standard, out var error), error.ToString());
    }

    [Fact]
    public void ClosingSigned_NoOverlap_Closes()
    {
        var pair = Negotiating(out var proposal);
        var ours = proposal.FeeSatoshis.Value;
        var m = ProposalFromA(pair, new Satoshi(ours * 10), new ClosingFeeRange(new Satoshi(ours * 10), new Satoshi(ours * 20)));
        var step = pair.B.Core.Receive(pair.B.State, m);
        Assert.Equal(ChannelErrorKind.Close, step.Failure?.Kind);
        Assert.Contains("overlap", step.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UpdateAdd_AfterPeerShutdown_Closes()
    {
        var pair = NormalTests.OpenPair();
        pair.Apply(pair.A, pair.A.Core.Shutdown(pair.A.State, Script(1)));
        pair.DeliverAll();
        var m = new UpdateAddHtlcMessage(pair.A.Commitments.Params.ChannelId, 0, new MilliSatoshi(1_000_000), ChannelPair.PreimageOf(1).Hash,
            new CltvExpiry(700_000), ChannelPair.Onion(1), null, Fulgur.Protocol.Wire.Tlv.TlvStream.Empty);
        Assert.Equal(ChannelErrorKind.Close, pair.B.Core.Receive(pair.B.State, m).Failure?.Kind);
    }

    [Fact]
    public void Reconnect_DuringNegotiation_RestartsAndCloses()
    {
        var pair = Negotiating(out _);
        pair.Reconnect();
        pair.DeliverAll();
        var closed = Assert.IsType<Closed>(pair.B.State);
        Assert.True(ScriptVerifier.VerifyInput(closed.ClosingTransaction!, 0, pair.FundingOutput!, ScriptVerifyFlagSets.Standard, out var error), error.ToString());
    }
}
