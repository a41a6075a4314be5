using System.Text.Json;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Types;
using Fulgur.TestKit;

namespace Fulgur.Protocol.Tests.Channels;

/// <summary>
/// BOLT #3 Appendix F: the <c>option_anchors</c> commitment and HTLC transactions, byte for byte. The cases reuse
/// Appendix C's keys and HTLCs; the JSON block is read from the spec at test time.
/// </summary>
public sealed class AppendixFTests
{
    private const string Missing = "(shared/ missing)";

    private sealed record HtlcDesc(string RemoteSigHex, string ResolutionTxHex);

    private sealed record AnchorCase(
        string Name, long LocalBalance, long RemoteBalance, long DustLimitSatoshis, uint FeePerKw, bool UseTestHtlcs,
        IReadOnlyList<HtlcDesc> HtlcDescs, string ExpectedCommitmentTxHex, string RemoteSigHex);

    private static List<AnchorCase> LoadCases()
    {
        var lines = Bolt3Spec.Section("# Appendix F", "# Appendix G");
        var start = lines.ToList().FindIndex(l => l.StartsWith("```", StringComparison.Ordinal));
        var end = lines.ToList().FindIndex(start + 1, l => l.StartsWith("```", StringComparison.Ordinal));
        var json = string.Join('\n', lines.Skip(start + 1).Take(end - start - 1));
        var cases = JsonSerializer.Deserialize<List<AnchorCase>>(json);
        Assert.NotNull(cases);
        return cases;
    }

    public static TheoryData<string> Cases() =>
        SharedData.TryPath(Bolt3Spec.Path, out _) is null
            ? new TheoryData<string>(Missing)
            : new TheoryData<string>(LoadCases().Select(c => c.Name));

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Anchor_commitment_and_htlc_transactions_reference_test_vector(string name)
    {
        Skip.If(name == Missing, "shared/ not found: set FULGUR_SHARED");
        var c = LoadCases().Single(x => x.Name == name);
        var v = CommitmentVectors.Load();

        // Appendix C's HTLC selection applies: none, HTLCs 0-4, or 1, 5 and 6 for the "same amount" case.
        int[] indices = !c.UseTestHtlcs ? []
            : c.Name.Contains("same amount and preimage", StringComparison.Ordinal) ? [1, 5, 6]
            : [0, 1, 2, 3, 4];
        var htlcs = indices.Select(i => v.Htlcs[i].ToCommitmentHtlc()).ToList();
        var feerate = new FeeRate(c.FeePerKw);
        var spec = new CommitmentSpec(new MilliSatoshi(c.LocalBalance), new MilliSatoshi(c.RemoteBalance), feerate, htlcs);
        Assert.Equal(v.FundingAmount.Value * 1000, spec.Total.Value);
        var parameters = v.Parameters(CommitmentFormat.AnchorOutputs) with { LocalDustLimit = new Satoshi(c.DustLimitSatoshis) };

        var commitment = CommitmentBuilder.Build(parameters, v.LocalKeys, v.Number, spec);
        using var localFundingKey = v.LocalFundingKey;
        using var remoteFundingKey = v.RemoteFundingKey;
        var remoteSignature = Bolt3Signatures.Sign(commitment, remoteFundingKey);
        var localSignature = Bolt3Signatures.Sign(commitment, localFundingKey);
        Assert.Equal(c.RemoteSigHex, Hex.Encode(remoteSignature.ToDer()));
        Assert.Equal(c.ExpectedCommitmentTxHex, Bolt3Signatures.WithWitness(commitment, localSignature, remoteSignature).ToHex());

        var htlcTxs = HtlcTransactions.Build(commitment);
        Assert.Equal(c.HtlcDescs.Count, htlcTxs.Count);
        using var localPaymentSecret = v.LocalPaymentBasepointSecret;
        using var remotePaymentSecret = v.RemotePaymentBasepointSecret;
        using var localHtlcKey = KeyDerivation.DerivePrivateKey(localPaymentSecret, v.LocalPerCommitmentPoint);
        using var remoteHtlcKey = KeyDerivation.DerivePrivateKey(remotePaymentSecret, v.LocalPerCommitmentPoint);
        for (var i = 0; i < htlcTxs.Count; i++)
        {
            var htlcTx = htlcTxs[i];
            // BOLT #3: "`txin[0]` sequence: `0` (set to `1` for `option_anchors`)" and zero-fee HTLC transactions.
            Assert.Equal(1u, htlcTx.Transaction.Inputs[0].Sequence);
            Assert.Equal(htlcTx.InputAmount, htlcTx.Transaction.Outputs[0].Value);
            var remoteHtlcSignature = Bolt3Signatures.Sign(htlcTx, remoteHtlcKey, htlcTx.RemoteSigHashType);
            var localHtlcSignature = Bolt3Signatures.Sign(htlcTx, localHtlcKey, HtlcTransaction.LocalSigHashType);
            Assert.Equal(c.HtlcDescs[i].RemoteSigHex, Hex.Encode(remoteHtlcSignature.ToDer()));
            var preimage = htlcTx.Kind == HtlcTransactionKind.Success ? v.Htlcs[(int)htlcTx.Htlc.Id].Preimage : (Preimage?)null;
            Assert.Equal(c.HtlcDescs[i].ResolutionTxHex, htlcTx.WithWitness(remoteHtlcSignature, localHtlcSignature, preimage).ToHex());
        }
    }
}
