using CsCheck;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Tests.Channels;

public sealed class CommitmentBuilderTests
{
    private static readonly ChannelKeys Local = TestChannelKeys.Create(1);
    private static readonly ChannelKeys Remote = TestChannelKeys.Create(2);
    private static readonly Satoshi Funding = new(10_000_000);

    private static CommitmentParameters Parameters(bool localIsFunder, Satoshi dustLimit, CommitmentFormat format) => new(
        new OutPoint(TxId.Parse("8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be"), 0),
        Funding,
        Local.Basepoints.FundingPubkey,
        Remote.Basepoints.FundingPubkey,
        localIsFunder,
        dustLimit,
        new ToSelfDelay(144),
        CommitmentObscurer.FromPaymentBasepoints(Local.Basepoints.PaymentBasepoint, Remote.Basepoints.PaymentBasepoint),
        format);

    private static CommitmentKeys Keys(CommitmentNumber number) =>
        CommitmentKeys.Derive(Local.Basepoints, Remote.Basepoints, Local.PerCommitmentPoint(number));

    private static CommitmentTransaction Build(CommitmentFormat format, CommitmentSpec spec, CommitmentNumber number = default) =>
        CommitmentBuilder.Build(Parameters(true, new Satoshi(546), format), Keys(number), number, spec);

    private static bool TryBuild(
        bool localIsFunder, Satoshi dust, CommitmentFormat format, CommitmentSpec spec,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CommitmentTransaction? commitment, out CommitmentError error) =>
        CommitmentBuilder.TryBuild(Parameters(localIsFunder, dust, format), Keys(new CommitmentNumber(5)), new CommitmentNumber(5), spec,
            out commitment, out error);

    /// <summary>A random consistent state: HTLCs and two balances that add up to the funding amount.</summary>
    private static readonly Gen<(CommitmentSpec Spec, bool LocalIsFunder, Satoshi DustLimit, CommitmentFormat Format)> StateGen =
        from htlcs in Gen.Select(Gen.Bool, Gen.Long[1, 3_000_000], Gen.Byte, Gen.UInt[400, 520]).Array[0, 12]
        from feerate in Gen.OneOf(Gen.UInt[0, 3000], Gen.UInt[0, 15_000_000])
        from dust in Gen.Long[294, 5000]
        from localIsFunder in Gen.Bool
        from anchors in Gen.Bool
        from split in Gen.Double[0, 1]
        let htlcList = htlcs.Select((h, i) => new CommitmentHtlc(
            h.Item1 ? HtlcDirection.Offered : HtlcDirection.Received, (ulong)i, new MilliSatoshi(h.Item2 * 10 + h.Item3),
            PaymentHash.FromSpan(Sha256.Hash([h.Item3])), new CltvExpiry(h.Item4))).ToList()
        let rest = Funding.Value * 1000 - htlcList.Sum(h => h.Amount.Value)
        let toLocal = (long)(rest * split)
        let spec = new CommitmentSpec(new MilliSatoshi(toLocal), new MilliSatoshi(rest - toLocal), new FeeRate(feerate), htlcList)
        select (spec, localIsFunder, new Satoshi(dust), anchors ? CommitmentFormat.AnchorOutputs : CommitmentFormat.StaticRemoteKey);

    [Fact]
    public void Output_values_always_sum_to_funding_minus_fee()
    {
        StateGen.Sample(t =>
        {
            var (spec, localIsFunder, dust, format) = t;
            var funderBalance = (localIsFunder ? spec.ToLocal : spec.ToRemote).Value;
            if (!TryBuild(localIsFunder, dust, format, spec, out var commitment, out var error))
            {
                // Refused only when an anchor funder cannot even pay for the anchors.
                return error == CommitmentError.FunderCannotPayAnchors && format == CommitmentFormat.AnchorOutputs
                    && funderBalance < 660_000;
            }
            var outputs = commitment.Transaction.Outputs;

            // The fee: base fee (and anchors, which are outputs) from the funder, trimmed HTLCs, balances below dust,
            // and the millisatoshi parts rounded away.
            var trimmed = commitment.TrimmedHtlcs.Sum(h => h.Amount.Value);
            var charge = commitment.BaseFee.Value * 1000 + (format == CommitmentFormat.AnchorOutputs ? 660_000 : 0);
            var funder = (localIsFunder ? spec.ToLocal : spec.ToRemote).Value;
            var other = (localIsFunder ? spec.ToRemote : spec.ToLocal).Value;
            var funderAfter = Math.Max(0, funder - charge);
            long Kept(long msat) => msat / 1000 >= dust.Value ? msat / 1000 * 1000 : 0;
            var anchors = commitment.Outputs.Count(o => o.Kind is CommitmentOutputKind.LocalAnchor or CommitmentOutputKind.RemoteAnchor);
            var anchorsMsat = anchors * 330_000L;
            var htlcKept = commitment.Outputs.Where(o => o.IsHtlc).Sum(o => o.Htlc!.Amount.Value / 1000 * 1000);
            var sum = outputs.Sum(o => o.Value.Value);
            if (sum * 1000 != Kept(funderAfter) + Kept(other) + anchorsMsat + htlcKept)
                return false;
            if (commitment.Fee.Value != Funding.Value - sum)
                return false;
            // Nothing is created: fee + outputs = funding with a non-negative fee; a funder able to pay leaves every
            // trimmed HTLC to the fee.
            if (commitment.Fee < Satoshi.Zero)
                return false;
            if (funder >= charge && commitment.Fee.Value * 1000 < trimmed / 1000 * 1000 + commitment.BaseFee.Value * 1000)
                return false;
            // When the funder can pay, the actual fee is at least the base fee.
            if (funder >= charge != (commitment.FunderShortfall == MilliSatoshi.Zero))
                return false;
            if (funder >= charge && commitment.Fee < commitment.BaseFee)
                return false;
            // Trimming follows the rule, and every untrimmed HTLC has exactly one output.
            foreach (var htlc in spec.Htlcs)
            {
                var isTrimmed = Bolt3Fees.IsTrimmed(htlc, spec.Feerate, dust, format);
                if (isTrimmed != commitment.TrimmedHtlcs.Contains(htlc))
                    return false;
                if (commitment.Outputs.Count(o => o.Htlc == htlc) != (isTrimmed ? 0 : 1))
                    return false;
            }
            // The base fee counts exactly the untrimmed HTLCs.
            return commitment.BaseFee == Bolt3Fees.CommitmentFee(spec.Feerate, spec.Htlcs.Count - commitment.TrimmedHtlcs.Count, format);
        }, iter: 300);
    }

    [Fact]
    public void Outputs_are_in_bip69_and_cltv_order_and_match_their_scripts()
    {
        StateGen.Sample(t =>
        {
            var (spec, localIsFunder, dust, format) = t;
            if (!TryBuild(localIsFunder, dust, format, spec, out var commitment, out _))
                return true;
            for (var i = 1; i < commitment.Outputs.Count; i++)
            {
                var a = commitment.Outputs[i - 1];
                var b = commitment.Outputs[i];
                if (a.TxOut.Value > b.TxOut.Value)
                    return false;
                if (a.TxOut.Value == b.TxOut.Value)
                {
                    var c = a.TxOut.ScriptPubKey.Bytes.SequenceCompareTo(b.TxOut.ScriptPubKey.Bytes);
                    if (c > 0 || (c == 0 && a.Htlc!.CltvExpiry > b.Htlc!.CltvExpiry))
                        return false;
                }
            }
            for (var i = 0; i < commitment.Outputs.Count; i++)
            {
                var output = commitment.Outputs[i];
                if (!ReferenceEquals(output.TxOut, commitment.Transaction.Outputs[i]))
                    return false;
                if (output.WitnessScript is { } script && StandardScripts.P2Wsh(script) != output.TxOut.ScriptPubKey)
                    return false;
            }
            // One HTLC transaction per HTLC output, each spending its output.
            var htlcTxs = HtlcTransactions.Build(commitment);
            return htlcTxs.Count == commitment.HtlcOutputs.Count()
                && htlcTxs.All(h =>
                    h.Transaction.Inputs[0].PrevOut == new OutPoint(commitment.Transaction.TxId, (uint)h.CommitmentOutputIndex));
        }, iter: 200);
    }

    [Fact]
    public void Both_sides_sign_and_verify_each_others_commitment()
    {
        var number = new CommitmentNumber(3);
        var spec = new CommitmentSpec(new MilliSatoshi(6_000_000_000), new MilliSatoshi(3_900_000_000), new FeeRate(2500),
        [
            new CommitmentHtlc(HtlcDirection.Offered, 0, new MilliSatoshi(50_000_000), PaymentHash.FromSpan(new byte[32]), new(600)),
            new CommitmentHtlc(HtlcDirection.Received, 0, new MilliSatoshi(50_000_000), PaymentHash.FromSpan(Sha256.Hash([1])), new(610)),
        ]);
        // Our commitment, as we and they build it.
        var ours = Build(CommitmentFormat.StaticRemoteKey, spec, number);
        // Their commitment: their basepoints first, their point, the mirrored spec.
        var theirParameters = Parameters(true, new Satoshi(546), CommitmentFormat.StaticRemoteKey) with
        {
            LocalFundingPubkey = Remote.Basepoints.FundingPubkey,
            RemoteFundingPubkey = Local.Basepoints.FundingPubkey,
            LocalIsFunder = false,
        };
        var theirKeys = CommitmentKeys.Derive(Remote.Basepoints, Local.Basepoints, Remote.PerCommitmentPoint(number));
        var theirs = CommitmentBuilder.Build(theirParameters, theirKeys, number, spec.Mirror());

        // Same obscured number, same funding script on both.
        Assert.Equal(ours.Transaction.LockTime, theirs.Transaction.LockTime);
        Assert.Equal(ours.Parameters.FundingScript, theirs.Parameters.FundingScript);

        var ourSigForThem = Bolt3Signatures.Sign(theirs, Local.FundingKey);
        Assert.True(Bolt3Signatures.Verify(theirs, Local.Basepoints.FundingPubkey, ourSigForThem));
        Assert.False(Bolt3Signatures.Verify(ours, Local.Basepoints.FundingPubkey, ourSigForThem));

        // HTLC signatures we send for their HTLC transactions verify with our HTLC key for their point.
        using var ourHtlcKeyForThem = Local.HtlcKey(Remote.PerCommitmentPoint(number));
        foreach (var htlcTx in HtlcTransactions.Build(theirs))
        {
            var sig = Bolt3Signatures.Sign(htlcTx, ourHtlcKeyForThem, htlcTx.RemoteSigHashType);
            Assert.True(Bolt3Signatures.Verify(htlcTx, theirs.Keys.RemoteHtlcKey, sig, htlcTx.RemoteSigHashType));
        }

        // The signed commitment carries the witness 0 <sig1> <sig2> <funding script>.
        var signed = Bolt3Signatures.WithWitness(theirs, Bolt3Signatures.Sign(theirs, Remote.FundingKey), ourSigForThem);
        var witness = signed.Inputs[0].Witness;
        Assert.Equal(4, witness.Count);
        Assert.True(witness[0].IsEmpty);
        Assert.Equal(theirs.Parameters.FundingScript.ToBytes(), witness[3].ToArray());
    }

    [Fact]
    public void Funder_that_cannot_pay_the_fee_gets_no_output()
    {
        var spec = new CommitmentSpec(new MilliSatoshi(1_000_000), new MilliSatoshi(9_999_000_000), new FeeRate(10_000), []);
        var commitment = Build(CommitmentFormat.StaticRemoteKey, spec);
        var output = Assert.Single(commitment.Outputs);
        Assert.Equal(CommitmentOutputKind.ToRemote, output.Kind);
        Assert.Equal(new Satoshi(1000), commitment.Fee);
        Assert.Equal(new MilliSatoshi(10_000L * 724 - 1_000_000), commitment.FunderShortfall);
    }

    [Fact]
    public void Anchors_are_added_only_for_existing_balances_or_htlcs()
    {
        var spec = new CommitmentSpec(new MilliSatoshi(10_000_000_000), MilliSatoshi.Zero, new FeeRate(253), []);
        var commitment = Build(CommitmentFormat.AnchorOutputs, spec);
        Assert.Equal(
            [CommitmentOutputKind.LocalAnchor, CommitmentOutputKind.ToLocal],
            commitment.Outputs.Select(o => o.Kind).ToArray());
        Assert.Equal(-1, commitment.IndexOf(CommitmentOutputKind.RemoteAnchor));
    }

    [Fact]
    public void Fee_example_from_the_spec()
    {
        // BOLT #3 "Fee Calculation" example: feerate 5000, dust 546, offered 5000 and 1000 sat, received 7000 and 800 sat.
        var feerate = new FeeRate(5000);
        Assert.Equal(new Satoshi(3315), Bolt3Fees.HtlcTimeoutFee(feerate, CommitmentFormat.StaticRemoteKey));
        Assert.Equal(new Satoshi(3515), Bolt3Fees.HtlcSuccessFee(feerate, CommitmentFormat.StaticRemoteKey));
        var hash = PaymentHash.FromSpan(new byte[32]);
        var spec = new CommitmentSpec(new MilliSatoshi(4_000_000_000), new MilliSatoshi(5_986_200_000), feerate,
        [
            new CommitmentHtlc(HtlcDirection.Offered, 0, new MilliSatoshi(5_000_000), hash, new CltvExpiry(500)),
            new CommitmentHtlc(HtlcDirection.Offered, 1, new MilliSatoshi(1_000_000), hash, new CltvExpiry(500)),
            new CommitmentHtlc(HtlcDirection.Received, 0, new MilliSatoshi(7_000_000), hash, new CltvExpiry(500)),
            new CommitmentHtlc(HtlcDirection.Received, 1, new MilliSatoshi(800_000), hash, new CltvExpiry(500)),
        ]);
        var commitment = Build(CommitmentFormat.StaticRemoteKey, spec);
        // "The base commitment transaction fee is 5340 satoshi; the actual fee [...] is 7140 satoshi."
        Assert.Equal(new Satoshi(5340), commitment.BaseFee);
        Assert.Equal(new Satoshi(7140), commitment.Fee);
        Assert.Equal(2, commitment.TrimmedHtlcs.Count);
        var timeout = HtlcTransactions.Build(commitment).Single(h => h.Kind == HtlcTransactionKind.Timeout);
        Assert.Equal(new Satoshi(5000 - 3315), timeout.Transaction.Outputs[0].Value);
        Assert.Equal(500u, timeout.Transaction.LockTime);
    }

    [Fact]
    public void Inconsistent_states_are_refused_with_an_error()
    {
        var parameters = Parameters(true, new Satoshi(546), CommitmentFormat.StaticRemoteKey);
        var negative = new CommitmentSpec(new MilliSatoshi(-1), new MilliSatoshi(10_000_000_001), new FeeRate(253), []);
        Assert.False(CommitmentBuilder.TryBuild(parameters, Keys(default), default, negative, out var commitment, out var error));
        Assert.Null(commitment);
        Assert.Equal(CommitmentError.NegativeAmount, error);
        Assert.Throws<ArgumentException>(() => CommitmentBuilder.Build(parameters, Keys(default), default, negative));

        var short1 = new CommitmentSpec(new MilliSatoshi(1), new MilliSatoshi(1), new FeeRate(253), []);
        Assert.False(CommitmentBuilder.TryBuild(parameters, Keys(default), default, short1, out _, out error));
        Assert.Equal(CommitmentError.AmountsDoNotMatchFunding, error);

        var broke = new CommitmentSpec(MilliSatoshi.Zero, new MilliSatoshi(10_000_000_000), new FeeRate(253), []);
        var anchors = Parameters(true, new Satoshi(546), CommitmentFormat.AnchorOutputs);
        Assert.False(CommitmentBuilder.TryBuild(anchors, Keys(default), default, broke, out _, out error));
        Assert.Equal(CommitmentError.FunderCannotPayAnchors, error);
    }

    [Fact]
    public void Mirror_swaps_balances_and_directions()
    {
        var hash = PaymentHash.FromSpan(new byte[32]);
        var spec = new CommitmentSpec(new MilliSatoshi(1), new MilliSatoshi(2), new FeeRate(3),
            [new CommitmentHtlc(HtlcDirection.Offered, 4, new MilliSatoshi(5), hash, new CltvExpiry(6))]);
        var mirror = spec.Mirror();
        Assert.Equal(new MilliSatoshi(2), mirror.ToLocal);
        Assert.Equal(new MilliSatoshi(1), mirror.ToRemote);
        Assert.Equal(HtlcDirection.Received, mirror.Htlcs[0].Direction);
        Assert.Equal(spec.Total, mirror.Total);
        Assert.Equal(spec.Htlcs[0], mirror.Mirror().Htlcs[0]);
    }

    [Theory]
    [InlineData(CommitmentFormat.StaticRemoteKey)]
    [InlineData(CommitmentFormat.AnchorOutputs)]
    public void Both_peers_build_identical_commitments_and_accept_each_others_signatures(CommitmentFormat format)
    {
        var funding = new OutPoint(TxId.Parse("8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be"), 1);
        var (aLocal, aRemote) = CommitmentParameters.ForChannel(
            funding, Funding, Local.Basepoints, Remote.Basepoints, localIsOpener: true, new Satoshi(546), new Satoshi(600),
            new ToSelfDelay(144), new ToSelfDelay(720), format);
        var (bLocal, bRemote) = CommitmentParameters.ForChannel(
            funding, Funding, Remote.Basepoints, Local.Basepoints, localIsOpener: false, new Satoshi(600), new Satoshi(546),
            new ToSelfDelay(720), new ToSelfDelay(144), format);
        Assert.Equal(aLocal, bRemote);
        Assert.Equal(aRemote, bLocal);

        var number = new CommitmentNumber(11);
        var hash = PaymentHash.FromSpan(Sha256.Hash([9]));
        var specA = new CommitmentSpec(new MilliSatoshi(5_000_000_000), new MilliSatoshi(4_800_000_000), new FeeRate(1000),
        [
            new CommitmentHtlc(HtlcDirection.Offered, 0, new MilliSatoshi(100_000_000), hash, new CltvExpiry(700)),
            new CommitmentHtlc(HtlcDirection.Received, 0, new MilliSatoshi(100_000_000), hash, new CltvExpiry(701)),
        ]);
        // B's commitment as B builds it and as A builds it for B.
        var pointB = Remote.PerCommitmentPoint(number);
        var keysB = CommitmentKeys.Derive(Remote.Basepoints, Local.Basepoints, pointB);
        var byB = CommitmentBuilder.Build(bLocal, keysB, number, specA.Mirror());
        var byA = CommitmentBuilder.Build(aRemote, keysB, number, specA.Mirror());
        Assert.Equal(byB.Transaction, byA.Transaction);

        // A signs B's commitment and its HTLC transactions (commitment_signed); B checks them.
        var commitmentSig = Bolt3Signatures.Sign(byA, Local.FundingKey);
        using var aHtlcKey = Local.HtlcKey(pointB);
        var htlcSigs = Bolt3Signatures.SignHtlcs(byA, aHtlcKey);
        Assert.Equal(2, htlcSigs.Count);
        Assert.True(Bolt3Signatures.Verify(byB, Local.Basepoints.FundingPubkey, commitmentSig));
        Assert.Equal(-1, Bolt3Signatures.FindInvalidHtlcSignature(byB, htlcSigs));
        Assert.Equal(0, Bolt3Signatures.FindInvalidHtlcSignature(byB, [htlcSigs[1], htlcSigs[0]]));
        Assert.Equal(1, Bolt3Signatures.FindInvalidHtlcSignature(byB, [htlcSigs[0]]));
        Assert.Equal(2, Bolt3Signatures.FindInvalidHtlcSignature(byB, [htlcSigs[0], htlcSigs[1], htlcSigs[1]]));

        // The fee helper agrees with the builder.
        Assert.Equal(byB.BaseFee, Bolt3Fees.CommitmentFee(specA.Mirror(), bLocal.LocalDustLimit, format));
    }

    [Theory]
    [InlineData(CommitmentFormat.StaticRemoteKey)]
    [InlineData(CommitmentFormat.AnchorOutputs)]
    public void Expected_weight_of_a_full_commitment_is_the_spec_formula(CommitmentFormat format)
    {
        // Appendix A's expected weight assumes both balances and (with anchors) both anchors are present.
        var hash = PaymentHash.FromSpan(new byte[32]);
        for (var htlcs = 0; htlcs < 4; htlcs++)
        {
            var list = Enumerable.Range(0, htlcs)
                .Select(i => new CommitmentHtlc(HtlcDirection.Offered, (ulong)i, new MilliSatoshi(100_000_000), hash, new CltvExpiry(500)))
                .ToList();
            var spec = new CommitmentSpec(new MilliSatoshi(5_000_000_000), new MilliSatoshi(5_000_000_000 - htlcs * 100_000_000L),
                FeeRate.Floor, list);
            var commitment = Build(format, spec);
            // Appendix A counts the anchor commitment's output count as "count_tx_out: 3 byte": 2 bytes (8 weight) more
            // than the 1-byte CompactSize a handful of outputs takes.
            var baseWeight = format == CommitmentFormat.AnchorOutputs ? Bolt3Fees.AnchorCommitmentWeight - 8 : Bolt3Fees.CommitmentWeight;
            Assert.Equal(baseWeight + Bolt3Fees.HtlcOutputWeight * htlcs, Bolt3Fees.ExpectedFundingSpendWeight(commitment.Transaction));
            // The signed transaction is at most that heavy (real signatures are 71-73 bytes).
            var signed = Bolt3Signatures.WithWitness(commitment, Bolt3Signatures.Sign(commitment, Local.FundingKey),
                Bolt3Signatures.Sign(commitment, Remote.FundingKey));
            Assert.InRange(signed.Weight, Bolt3Fees.ExpectedFundingSpendWeight(commitment.Transaction) - 4,
                Bolt3Fees.ExpectedFundingSpendWeight(commitment.Transaction));
        }
    }
}
