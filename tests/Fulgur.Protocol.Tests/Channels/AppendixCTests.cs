using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels;
using Fulgur.TestKit;

namespace Fulgur.Protocol.Tests.Channels;

/// <summary>BOLT #3 Appendix C: every commitment and HTLC transaction, byte for byte, with both sides' signatures.</summary>
public sealed class AppendixCTests
{
    private const string Missing = "(shared/ missing)";

    /// <summary>The case names, read from the spec; one placeholder (skipped) when shared/ is absent.</summary>
    public static TheoryData<string> Cases()
    {
        if (SharedData.TryPath(Bolt3Spec.Path, out _) is null)
            return new TheoryData<string>(Missing);
        return new TheoryData<string>(CommitmentVectors.Load().Cases.Select(c => c.Name));
    }

    private static (CommitmentVectors Vectors, CommitmentCase Case) Load(string name)
    {
        Skip.If(name == Missing, "shared/ not found: set FULGUR_SHARED");
        var vectors = CommitmentVectors.Load();
        return (vectors, vectors.Cases.Single(c => c.Name == name));
    }

    [SkippableFact]
    public void Appendix_c_has_all_sixteen_cases()
    {
        var vectors = CommitmentVectors.Load();
        Assert.Equal(16, vectors.Cases.Count);
        Assert.Equal(7, vectors.Htlcs.Count);
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Commitment_transaction_reference_test_vector(string name)
    {
        var (v, c) = Load(name);
        var spec = v.SpecFor(c);
        // The balances exclude in-flight HTLCs: together they are the funding amount.
        Assert.Equal(v.FundingAmount.Value * 1000, spec.Total.Value);

        var commitment = CommitmentBuilder.Build(v.Parameters(), v.LocalKeys, v.Number, spec);

        if (c.BaseFee is { } baseFee)
            Assert.Equal(baseFee, commitment.BaseFee.Value);
        if (c.ActualFee is { } actualFee)
            Assert.Equal(actualFee, commitment.Fee.Value);

        // The listed outputs, with amounts and witness scripts (the last case lists its HTLC outputs only).
        var listsBalances = c.Outputs.Any(o => !o.What.StartsWith("HTLC", StringComparison.Ordinal));
        Assert.Equal(c.Outputs.Count, listsBalances ? commitment.Outputs.Count : commitment.HtlcOutputs.Count());
        foreach (var expected in c.Outputs)
        {
            var output = Assert.Single(commitment.Outputs, o => Describe(o) == expected.What);
            Assert.Equal(expected.Amount, output.TxOut.Value.Value);
            if (expected.Script.StartsWith("P2WPKH(", StringComparison.Ordinal))
            {
                var key = PublicKey.Parse(Hex.Decode(expected.Script["P2WPKH(".Length..^1]));
                Assert.Null(output.WitnessScript);
                Assert.Equal(StandardScripts.P2Wpkh(key), output.TxOut.ScriptPubKey);
            }
            else
            {
                Assert.Equal(expected.Script, output.WitnessScript!.ToHex());
                Assert.Equal(StandardScripts.P2Wsh(output.WitnessScript), output.TxOut.ScriptPubKey);
            }
        }

        using var localFundingKey = v.LocalFundingKey;
        using var remoteFundingKey = v.RemoteFundingKey;
        var remoteSignature = Bolt3Signatures.Sign(commitment, remoteFundingKey);
        var localSignature = Bolt3Signatures.Sign(commitment, localFundingKey);
        Assert.Equal(c.RemoteSignature, Hex.Encode(remoteSignature.ToDer()));
        Assert.Equal(c.LocalSignature, Hex.Encode(localSignature.ToDer()));
        Assert.True(Bolt3Signatures.Verify(commitment, remoteFundingKey.PublicKey, remoteSignature));
        Assert.False(Bolt3Signatures.Verify(commitment, localFundingKey.PublicKey, remoteSignature));

        var signed = Bolt3Signatures.WithWitness(commitment, localSignature, remoteSignature);
        Assert.Equal(c.CommitTxHex, signed.ToHex());
        // The signed transaction parses back to itself and keeps the unsigned txid.
        Assert.True(Transaction.TryParseHex(c.CommitTxHex, out var parsed, out _));
        Assert.Equal(commitment.Transaction.TxId, parsed.TxId);
        Assert.True(commitment.Parameters.Obscurer.TryRecover(parsed.LockTime, parsed.Inputs[0].Sequence, out var number));
        Assert.Equal(v.Number, number);
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Htlc_transactions_reference_test_vector(string name)
    {
        var (v, c) = Load(name);
        var commitment = CommitmentBuilder.Build(v.Parameters(), v.LocalKeys, v.Number, v.SpecFor(c));
        var htlcTxs = HtlcTransactions.Build(commitment);
        Assert.Equal(c.NumHtlcs, htlcTxs.Count);
        Assert.Equal(c.HtlcTxs.Count, htlcTxs.Count);

        var point = v.LocalPerCommitmentPoint;
        using var localPaymentSecret = v.LocalPaymentBasepointSecret;
        using var remotePaymentSecret = v.RemotePaymentBasepointSecret;
        // "We use the same values for the HTLC basepoints": the HTLC basepoint secrets are the payment basepoint secrets.
        using var localHtlcKey = KeyDerivation.DerivePrivateKey(localPaymentSecret, point);
        using var remoteHtlcKey = KeyDerivation.DerivePrivateKey(remotePaymentSecret, point);
        Assert.Equal(commitment.Keys.LocalHtlcKey, localHtlcKey.PublicKey);
        Assert.Equal(commitment.Keys.RemoteHtlcKey, remoteHtlcKey.PublicKey);

        for (var i = 0; i < htlcTxs.Count; i++)
        {
            var expected = c.HtlcTxs[i];
            var htlcTx = htlcTxs[i];
            Assert.Equal(expected.Kind, htlcTx.Kind);
            Assert.Equal((ulong)expected.HtlcIndex, htlcTx.Htlc.Id);

            var remoteSignature = Bolt3Signatures.Sign(htlcTx, remoteHtlcKey, htlcTx.RemoteSigHashType);
            var localSignature = Bolt3Signatures.Sign(htlcTx, localHtlcKey, HtlcTransaction.LocalSigHashType);
            Assert.Equal(expected.RemoteSignature, Hex.Encode(remoteSignature.ToDer()));
            Assert.Equal(expected.LocalSignature, Hex.Encode(localSignature.ToDer()));
            Assert.True(Bolt3Signatures.Verify(htlcTx, remoteHtlcKey.PublicKey, remoteSignature, htlcTx.RemoteSigHashType));

            var preimage = htlcTx.Kind == HtlcTransactionKind.Success ? v.Htlcs[expected.HtlcIndex].Preimage : (Types.Preimage?)null;
            Assert.Equal(expected.TxHex, htlcTx.WithWitness(remoteSignature, localSignature, preimage).ToHex());
        }
    }

    [SkippableFact]
    public void Htlc_success_witness_requires_the_matching_preimage()
    {
        var v = CommitmentVectors.Load();
        var c = v.Cases.First(x => x.NumHtlcs == 5);
        var commitment = CommitmentBuilder.Build(v.Parameters(), v.LocalKeys, v.Number, v.SpecFor(c));
        var htlcTxs = HtlcTransactions.Build(commitment);
        var success = htlcTxs.First(h => h.Kind == HtlcTransactionKind.Success);
        var timeout = htlcTxs.First(h => h.Kind == HtlcTransactionKind.Timeout);
        using var key = PrivateKey.Generate();
        var sig = Bolt3Signatures.Sign(success, key, HtlcTransaction.LocalSigHashType);
        var wrong = v.Htlcs.First(h => h.Preimage.Hash != success.Htlc.PaymentHash).Preimage;
        Assert.Throws<ArgumentException>(() => success.WithWitness(sig, sig, null));
        Assert.Throws<ArgumentException>(() => success.WithWitness(sig, sig, wrong));
        Assert.Throws<ArgumentException>(() => timeout.WithWitness(sig, sig, wrong));
    }

    private static string Describe(CommitmentOutput output) => output.Kind switch
    {
        CommitmentOutputKind.OfferedHtlc => $"HTLC #{output.Htlc!.Id} offered",
        CommitmentOutputKind.ReceivedHtlc => $"HTLC #{output.Htlc!.Id} received",
        CommitmentOutputKind.ToLocal => "to_local",
        CommitmentOutputKind.ToRemote => "to_remote",
        var kind => kind.ToString(),
    };
}
