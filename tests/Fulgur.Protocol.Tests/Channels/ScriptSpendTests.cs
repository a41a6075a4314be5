using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Scripts.Interpreter;
using Fulgur.Bitcoin.Sighash;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Tests.Channels;

/// <summary>
/// Every spending path BOLT 3 describes, run through the script interpreter under bitcoind's standard flags: the
/// commitment's funding spend, HTLC-success/timeout transactions, and each output of a commitment.
/// </summary>
public sealed class ScriptSpendTests
{
    private static readonly ChannelKeys Local = TestChannelKeys.Create(3);
    private static readonly ChannelKeys Remote = TestChannelKeys.Create(4);
    private static readonly CommitmentNumber Number = new(21);
    private static readonly Preimage OfferedPreimage = Preimage.FromSpan(Sha256.Hash([1]));
    private static readonly Preimage ReceivedPreimage = Preimage.FromSpan(Sha256.Hash([2]));
    private const ushort Delay = 144;
    private const uint OfferedExpiry = 600;
    private const uint ReceivedExpiry = 610;

    private static CommitmentTransaction Commitment(CommitmentFormat format)
    {
        var funding = new OutPoint(TxId.Parse("8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be"), 0);
        var (parameters, _) = CommitmentParameters.ForChannel(
            funding, new Satoshi(10_000_000), Local.Basepoints, Remote.Basepoints, localIsOpener: true, new Satoshi(546),
            new Satoshi(546), new ToSelfDelay(Delay), new ToSelfDelay(Delay), format);
        var keys = CommitmentKeys.Derive(Local.Basepoints, Remote.Basepoints, Local.PerCommitmentPoint(Number));
        var spec = new CommitmentSpec(new MilliSatoshi(6_000_000_000), new MilliSatoshi(3_800_000_000), new FeeRate(2000),
        [
            new CommitmentHtlc(HtlcDirection.Offered, 0, new MilliSatoshi(100_000_000), OfferedPreimage.Hash, new(OfferedExpiry)),
            new CommitmentHtlc(HtlcDirection.Received, 0, new MilliSatoshi(100_000_000), ReceivedPreimage.Hash, new(ReceivedExpiry)),
        ]);
        return CommitmentBuilder.Build(parameters, keys, Number, spec);
    }

    private static void AssertSpends(Transaction spending, TxOut spent)
    {
        var ok = ScriptVerifier.VerifyInput(spending, 0, spent, ScriptVerifyFlagSets.Standard, out var error);
        Assert.True(ok, $"script failed: {error}");
    }

    private static void AssertFails(Transaction spending, TxOut spent) =>
        Assert.False(ScriptVerifier.VerifyInput(spending, 0, spent, ScriptVerifyFlagSets.Standard, out _));

    /// <summary>A one-input, one-output transaction spending <paramref name="index"/> of <paramref name="commitment"/>.</summary>
    private static Transaction Spend(CommitmentTransaction commitment, int index, uint sequence = 0, uint locktime = 0) =>
        new(2, [new TxIn(new OutPoint(commitment.Transaction.TxId, (uint)index), sequence)],
            [new TxOut(commitment.Transaction.Outputs[index].Value - new Satoshi(300), StandardScripts.P2WpkhFromHash(new byte[20]))],
            locktime);

    private static EcdsaSignature Sign(Transaction tx, Script scriptCode, Satoshi amount, PrivateKey key) =>
        key.Sign(SignatureHash.ComputeSegwitV0(tx, 0, scriptCode, amount, SigHashType.All));

    [Theory]
    [InlineData(CommitmentFormat.StaticRemoteKey)]
    [InlineData(CommitmentFormat.AnchorOutputs)]
    public void Signed_commitment_and_htlc_transactions_pass_the_interpreter(CommitmentFormat format)
    {
        var commitment = Commitment(format);
        var p = commitment.Parameters;
        var signed = Bolt3Signatures.WithWitness(commitment, Bolt3Signatures.Sign(commitment, Local.FundingKey),
            Bolt3Signatures.Sign(commitment, Remote.FundingKey));
        AssertSpends(signed, new TxOut(p.FundingAmount, Bolt3Scripts.FundingOutput(p.LocalFundingPubkey, p.RemoteFundingPubkey)));
        // Signatures swapped are refused.
        var swapped = Bolt3Signatures.WithWitness(commitment, Bolt3Signatures.Sign(commitment, Remote.FundingKey),
            Bolt3Signatures.Sign(commitment, Local.FundingKey));
        AssertFails(swapped, new TxOut(p.FundingAmount, Bolt3Scripts.FundingOutput(p.LocalFundingPubkey, p.RemoteFundingPubkey)));

        var point = commitment.Keys.PerCommitmentPoint;
        using var localHtlc = Local.HtlcKey(point);
        using var remoteHtlc = Remote.HtlcKey(point);
        var htlcTxs = HtlcTransactions.Build(commitment);
        Assert.Equal(2, htlcTxs.Count);
        foreach (var htlcTx in htlcTxs)
        {
            var remoteSig = Bolt3Signatures.Sign(htlcTx, remoteHtlc, htlcTx.RemoteSigHashType);
            var localSig = Bolt3Signatures.Sign(htlcTx, localHtlc, HtlcTransaction.LocalSigHashType);
            Preimage? preimage = htlcTx.Kind == HtlcTransactionKind.Success ? ReceivedPreimage : null;
            var tx = htlcTx.WithWitness(remoteSig, localSig, preimage);
            AssertSpends(tx, commitment.Transaction.Outputs[htlcTx.CommitmentOutputIndex]);
            if (htlcTx.Kind == HtlcTransactionKind.Timeout)
            {
                Assert.Equal(OfferedExpiry, tx.LockTime);
                // Before the expiry the HTLC-timeout is not valid.
                AssertFails(tx.WithLockTime(OfferedExpiry - 1), commitment.Transaction.Outputs[htlcTx.CommitmentOutputIndex]);
            }
        }
    }

    [Theory]
    [InlineData(CommitmentFormat.StaticRemoteKey)]
    [InlineData(CommitmentFormat.AnchorOutputs)]
    public void The_to_local_sweep_spends_after_the_delay_at_the_feerate(CommitmentFormat format)
    {
        var commitment = Commitment(format);
        var index = commitment.IndexOf(CommitmentOutputKind.ToLocal);
        var spent = commitment.Transaction.Outputs[index];
        var destination = StandardScripts.P2WpkhFromHash(new byte[20]);
        var signer = new Fulgur.Protocol.Channels.Core.ChannelKeysSigner(Local);
        var feerate = new FeeRate(2_500);
        Assert.True(ToLocalSweep.TryBuild(commitment, destination, feerate,
            (tx, script, amount) => signer.SignDelayedSpend(tx, 0, script, amount, commitment.Keys.PerCommitmentPoint), out var sweep, out var error), error);
        Assert.Equal(new OutPoint(commitment.Transaction.TxId, (uint)index), sweep.Inputs[0].PrevOut);
        Assert.Equal(Delay, sweep.Inputs[0].Sequence);
        Assert.Equal(2u, sweep.Version);
        Assert.Equal(destination, sweep.Outputs[0].ScriptPubKey);
        AssertSpends(sweep, spent);
        // The fee is the feerate over the real weight (the signature may be a byte shorter than the estimate).
        var fee = spent.Value - sweep.Outputs[0].Value;
        Assert.InRange(fee.Value, feerate.FeeForWeight(sweep.Weight).Value, feerate.FeeForWeight(sweep.Weight + 2).Value);
        // With a smaller nSequence the script refuses it: CSV.
        var early = sweep.WithInput(0, sweep.Inputs[0] with { Sequence = Delay - 1u });
        AssertFails(early, spent);
        // An output worth less than its fee is not swept.
        Assert.False(ToLocalSweep.TryBuild(commitment, destination, new FeeRate(100_000_000),
            (tx, script, amount) => signer.SignDelayedSpend(tx, 0, script, amount, commitment.Keys.PerCommitmentPoint), out _, out _));
    }

    [Theory]
    [InlineData(CommitmentFormat.StaticRemoteKey)]
    [InlineData(CommitmentFormat.AnchorOutputs)]
    public void To_local_is_delayed_for_the_owner_and_open_to_the_revocation_key(CommitmentFormat format)
    {
        var commitment = Commitment(format);
        var index = commitment.IndexOf(CommitmentOutputKind.ToLocal);
        var output = commitment.Outputs[index];
        var script = output.WitnessScript!;
        using var delayedKey = Local.DelayedPaymentKey(commitment.Keys.PerCommitmentPoint);

        var delayed = Spend(commitment, index, sequence: Delay);
        var delayedSig = Sign(delayed, script, output.TxOut.Value, delayedKey);
        AssertSpends(delayed.WithWitness(0, Bolt3Witnesses.ToLocalDelayed(delayedSig, script)), output.TxOut);
        var early = Spend(commitment, index, sequence: Delay - 1);
        var earlySig = Sign(early, script, output.TxOut.Value, delayedKey);
        AssertFails(early.WithWitness(0, Bolt3Witnesses.ToLocalDelayed(earlySig, script)), output.TxOut);

        // Once the owner revealed the per-commitment secret, the peer holds the revocation key.
        using var revocationKey = Remote.RevocationKey(Local.PerCommitmentSecrets.SecretFor(Number));
        var penalty = Spend(commitment, index);
        var penaltySig = Sign(penalty, script, output.TxOut.Value, revocationKey);
        AssertSpends(penalty.WithWitness(0, Bolt3Witnesses.ToLocalRevoked(penaltySig, script)), output.TxOut);
    }

    [Theory]
    [InlineData(CommitmentFormat.StaticRemoteKey)]
    [InlineData(CommitmentFormat.AnchorOutputs)]
    public void To_remote_pays_the_peer_payment_basepoint(CommitmentFormat format)
    {
        var commitment = Commitment(format);
        var index = commitment.IndexOf(CommitmentOutputKind.ToRemote);
        var output = commitment.Outputs[index];
        var key = Remote.PaymentBasepointSecret;
        if (format == CommitmentFormat.AnchorOutputs)
        {
            var script = output.WitnessScript!;
            var tx = Spend(commitment, index, sequence: 1);
            var sig = Sign(tx, script, output.TxOut.Value, key);
            AssertSpends(tx.WithWitness(0, Bolt3Witnesses.ToRemoteAnchored(sig, script)), output.TxOut);
            var early = Spend(commitment, index, sequence: 0);
            AssertFails(early.WithWitness(0, Bolt3Witnesses.ToRemoteAnchored(Sign(early, script, output.TxOut.Value, key), script)),
                output.TxOut);
        }
        else
        {
            var tx = Spend(commitment, index);
            var scriptCode = StandardScripts.P2WpkhScriptCode(Hash160.Hash(key.PublicKey.Compressed));
            AssertSpends(tx.WithWitness(0, Bolt3Witnesses.ToRemote(Sign(tx, scriptCode, output.TxOut.Value, key), key.PublicKey)),
                output.TxOut);
        }
    }

    [Fact]
    public void Anchors_are_spendable_by_their_owner_at_once_and_by_anyone_after_16_blocks()
    {
        var commitment = Commitment(CommitmentFormat.AnchorOutputs);
        var owners = new[] { (CommitmentOutputKind.LocalAnchor, Local.FundingKey), (CommitmentOutputKind.RemoteAnchor, Remote.FundingKey) };
        foreach (var (kind, key) in owners)
        {
            var index = commitment.IndexOf(kind);
            var output = commitment.Outputs[index];
            Assert.Equal(Bolt3Fees.AnchorAmount, output.TxOut.Value);
            var script = output.WitnessScript!;
            var owner = new Transaction(2, [new TxIn(new OutPoint(commitment.Transaction.TxId, (uint)index), 0)],
                [new TxOut(Satoshi.Zero, StandardScripts.OpReturn([]))], 0);
            var sig = Sign(owner, script, output.TxOut.Value, key);
            AssertSpends(owner.WithWitness(0, Bolt3Witnesses.Anchor(sig, script)), output.TxOut);
            var sweep = owner.WithInput(0, owner.Inputs[0] with { Sequence = 16 });
            AssertSpends(sweep.WithWitness(0, Bolt3Witnesses.AnchorSweep(script)), output.TxOut);
            var early = owner.WithInput(0, owner.Inputs[0] with { Sequence = 15 });
            AssertFails(early.WithWitness(0, Bolt3Witnesses.AnchorSweep(script)), output.TxOut);
        }
    }

    [Theory]
    [InlineData(CommitmentFormat.StaticRemoteKey)]
    [InlineData(CommitmentFormat.AnchorOutputs)]
    public void Htlc_outputs_give_the_peer_preimage_timeout_and_revocation_paths(CommitmentFormat format)
    {
        var commitment = Commitment(format);
        var point = commitment.Keys.PerCommitmentPoint;
        using var remoteHtlc = Remote.HtlcKey(point);
        using var revocationKey = Remote.RevocationKey(Local.PerCommitmentSecrets.SecretFor(Number));
        // BOLT #3: "Note that if `option_anchors` applies, the nSequence field of the spending input must be `1`."
        var sequence = format == CommitmentFormat.AnchorOutputs ? 1u : 0u;

        var offeredIndex = commitment.IndexOf(CommitmentOutputKind.OfferedHtlc);
        var offered = commitment.Outputs[offeredIndex];
        var tx = Spend(commitment, offeredIndex, sequence);
        var sig = Sign(tx, offered.WitnessScript!, offered.TxOut.Value, remoteHtlc);
        AssertSpends(tx.WithWitness(0, Bolt3Witnesses.OfferedHtlcSuccess(sig, OfferedPreimage, offered.WitnessScript!)), offered.TxOut);
        AssertFails(tx.WithWitness(0, Bolt3Witnesses.OfferedHtlcSuccess(sig, ReceivedPreimage, offered.WitnessScript!)), offered.TxOut);
        var revoked = Bolt3Witnesses.HtlcRevoked(
            Sign(tx, offered.WitnessScript!, offered.TxOut.Value, revocationKey), revocationKey.PublicKey, offered.WitnessScript!);
        AssertSpends(tx.WithWitness(0, revoked), offered.TxOut);

        var receivedIndex = commitment.IndexOf(CommitmentOutputKind.ReceivedHtlc);
        var received = commitment.Outputs[receivedIndex];
        var timeout = Spend(commitment, receivedIndex, sequence, locktime: ReceivedExpiry);
        var timeoutSig = Sign(timeout, received.WitnessScript!, received.TxOut.Value, remoteHtlc);
        AssertSpends(timeout.WithWitness(0, Bolt3Witnesses.ReceivedHtlcTimeout(timeoutSig, received.WitnessScript!)), received.TxOut);
        var early = timeout.WithLockTime(ReceivedExpiry - 1);
        var earlySig = Sign(early, received.WitnessScript!, received.TxOut.Value, remoteHtlc);
        AssertFails(early.WithWitness(0, Bolt3Witnesses.ReceivedHtlcTimeout(earlySig, received.WitnessScript!)), received.TxOut);
        var penalty = Spend(commitment, receivedIndex, sequence);
        var penaltyWitness = Bolt3Witnesses.HtlcRevoked(
            Sign(penalty, received.WitnessScript!, received.TxOut.Value, revocationKey), revocationKey.PublicKey, received.WitnessScript!);
        AssertSpends(penalty.WithWitness(0, penaltyWitness), received.TxOut);
    }

    [Fact]
    public void Htlc_transaction_outputs_are_delayed_for_the_owner()
    {
        var commitment = Commitment(CommitmentFormat.StaticRemoteKey);
        var htlcTx = HtlcTransactions.Build(commitment)[0];
        var output = htlcTx.Transaction.Outputs[0];
        Assert.Equal(StandardScripts.P2Wsh(htlcTx.OutputScript), output.ScriptPubKey);
        using var delayedKey = Local.DelayedPaymentKey(commitment.Keys.PerCommitmentPoint);
        var sweep = new Transaction(2, [new TxIn(new OutPoint(htlcTx.Transaction.TxId, 0), Delay)],
            [new TxOut(output.Value - new Satoshi(300), StandardScripts.P2WpkhFromHash(new byte[20]))], 0);
        var sig = Sign(sweep, htlcTx.OutputScript, output.Value, delayedKey);
        AssertSpends(sweep.WithWitness(0, Bolt3Witnesses.ToLocalDelayed(sig, htlcTx.OutputScript)), output);
    }
}
