using CsCheck;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Tests.Channels;

public sealed class ClosingTransactionBuilderTests
{
    private static readonly OutPoint FundingOutPoint =
        new(TxId.Parse("8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be"), 0);
    private static readonly Script LocalScript = StandardScripts.P2WpkhFromHash(new byte[20]);
    private static readonly Script RemoteScript = StandardScripts.P2WshFromHash(Sha256.Hash([7]));

    [Fact]
    public void Legacy_closing_pays_the_fee_from_the_funder_and_removes_dust()
    {
        Assert.True(ClosingTransactionBuilder.TryBuildLegacy(
            FundingOutPoint, new MilliSatoshi(6_000_000_500), new MilliSatoshi(4_000_000_000), LocalScript, RemoteScript,
            localIsFunder: true, new Satoshi(1000), new Satoshi(546), out var closing, out var error));
        Assert.Equal(ClosingError.None, error);
        var tx = closing.Transaction;
        Assert.Equal(2u, tx.Version);
        Assert.Equal(0u, tx.LockTime);
        Assert.Equal(0xFFFFFFFFu, tx.Inputs[0].Sequence);
        Assert.Equal(FundingOutPoint, tx.Inputs[0].PrevOut);
        Assert.Equal(new Satoshi(5_999_000), tx.Outputs[closing.LocalOutputIndex].Value);
        Assert.Equal(new Satoshi(4_000_000), tx.Outputs[closing.RemoteOutputIndex].Value);
        // Smallest first.
        Assert.Equal(0, closing.RemoteOutputIndex);

        Assert.True(ClosingTransactionBuilder.TryBuildLegacy(
            FundingOutPoint, new MilliSatoshi(9_999_500_000), new MilliSatoshi(500_000), LocalScript, RemoteScript,
            localIsFunder: false, new Satoshi(0), new Satoshi(546), out closing, out _));
        Assert.Single(closing.Transaction.Outputs);
        Assert.Equal(-1, closing.RemoteOutputIndex);
    }

    [Fact]
    public void Legacy_closing_refuses_a_fee_the_funder_cannot_pay()
    {
        Assert.False(ClosingTransactionBuilder.TryBuildLegacy(
            FundingOutPoint, new MilliSatoshi(999_999), new MilliSatoshi(4_000_000_000), LocalScript, RemoteScript,
            localIsFunder: true, new Satoshi(1000), new Satoshi(546), out var closing, out var error));
        Assert.Null(closing);
        Assert.Equal(ClosingError.FeeExceedsBalance, error);
        Assert.False(ClosingTransactionBuilder.TryBuildLegacy(
            FundingOutPoint, new MilliSatoshi(100_000), new MilliSatoshi(100_000), LocalScript, RemoteScript,
            localIsFunder: true, new Satoshi(10), new Satoshi(546), out _, out error));
        Assert.Equal(ClosingError.NoOutputs, error);
        Assert.False(ClosingTransactionBuilder.TryBuildLegacy(
            FundingOutPoint, new MilliSatoshi(100_000_000), new MilliSatoshi(100_000), LocalScript, RemoteScript,
            localIsFunder: true, new Satoshi(-1), new Satoshi(546), out _, out error));
        Assert.Equal(ClosingError.FeeExceedsBalance, error);
    }

    [Fact]
    public void Simple_close_pays_the_fee_from_the_closer_with_its_locktime_and_sequence()
    {
        Assert.True(ClosingTransactionBuilder.TryBuild(
            FundingOutPoint, new MilliSatoshi(3_000_000_999), new MilliSatoshi(7_000_000_000), LocalScript, RemoteScript,
            new Satoshi(500), locktime: 800_000, localIsCloser: true, out var closing, out _));
        var tx = closing.Transaction;
        Assert.Equal(800_000u, tx.LockTime);
        Assert.Equal(0xFFFFFFFDu, tx.Inputs[0].Sequence);
        Assert.Equal(new Satoshi(2_999_500), tx.Outputs[closing.LocalOutputIndex].Value);
        Assert.Equal(new Satoshi(7_000_000), tx.Outputs[closing.RemoteOutputIndex].Value);

        // The closee omitted; the closer on the remote side.
        Assert.True(ClosingTransactionBuilder.TryBuild(
            FundingOutPoint, new MilliSatoshi(3_000_000_000), new MilliSatoshi(7_000_000_000), RemoteScript, null,
            new Satoshi(500), locktime: 0, localIsCloser: false, out closing, out _));
        Assert.Equal(-1, closing.LocalOutputIndex);
        Assert.Equal(new Satoshi(2_999_500), closing.Transaction.Outputs[closing.RemoteOutputIndex].Value);
    }

    [Fact]
    public void Simple_close_op_return_output_is_zero()
    {
        var opReturn = StandardScripts.OpReturn([1, 2, 3]);
        Assert.True(ClosingTransactionBuilder.TryBuild(
            FundingOutPoint, new MilliSatoshi(3_000_000), new MilliSatoshi(7_000_000_000), opReturn, RemoteScript,
            new Satoshi(500), locktime: 0, localIsCloser: true, out var closing, out _));
        Assert.Equal(Satoshi.Zero, closing.Transaction.Outputs[closing.LocalOutputIndex].Value);
        Assert.Equal(0, closing.LocalOutputIndex);
    }

    [Fact]
    public void Closing_outputs_never_exceed_funding_minus_fee_and_are_sorted()
    {
        var gen = Gen.Select(Gen.Long[0, 10_000_000_000], Gen.Long[0, 100_000], Gen.Bool, Gen.Long[0, 2000]);
        gen.Sample((localMsat, feeSat, localIsFunder, dust) =>
        {
            var local = new MilliSatoshi(localMsat);
            var remote = new MilliSatoshi(10_000_000_000 - localMsat);
            var fee = new Satoshi(feeSat);
            if (!ClosingTransactionBuilder.TryBuildLegacy(FundingOutPoint, local, remote, LocalScript, RemoteScript, localIsFunder, fee,
                new Satoshi(dust), out var closing, out var error))
                return error != ClosingError.None;
            var outputs = closing.Transaction.Outputs;
            return outputs.Sum(o => o.Value.Value) <= 10_000_000 - feeSat
                && outputs.All(o => o.Value.Value >= dust)
                && (outputs.Length < 2 || outputs[0].Value <= outputs[1].Value);
        });
    }

    [Fact]
    public void Closing_signatures_verify_against_the_funding_script()
    {
        using var a = PrivateKey.Generate();
        using var b = PrivateKey.Generate();
        var fundingScript = Bolt3Scripts.Funding(a.PublicKey, b.PublicKey);
        Assert.True(ClosingTransactionBuilder.TryBuild(
            FundingOutPoint, new MilliSatoshi(3_000_000_000), new MilliSatoshi(7_000_000_000), LocalScript, RemoteScript,
            new Satoshi(500), locktime: 0, localIsCloser: true, out var closing, out _));
        var amount = new Satoshi(10_000_000);
        var sigA = Bolt3Signatures.SignFundingSpend(closing.Transaction, fundingScript, amount, a);
        var sigB = Bolt3Signatures.SignFundingSpend(closing.Transaction, fundingScript, amount, b);
        Assert.True(Bolt3Signatures.VerifyFundingSpend(closing.Transaction, fundingScript, amount, a.PublicKey, sigA));
        Assert.False(Bolt3Signatures.VerifyFundingSpend(closing.Transaction, fundingScript, amount + new Satoshi(1), a.PublicKey, sigA));
        var signed = Bolt3Signatures.WithFundingWitness(closing.Transaction, a.PublicKey, sigA, b.PublicKey, sigB);
        var (first, _) = Bolt3Scripts.SortKeys(a.PublicKey, b.PublicKey);
        var firstSig = first == a.PublicKey ? sigA : sigB;
        Assert.Equal(Bolt3Signatures.WitnessSignature(firstSig, Bitcoin.Sighash.SigHashType.All), signed.Inputs[0].Witness[1].ToArray());
    }
}
