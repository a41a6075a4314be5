using System.Globalization;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Sighash;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels;

namespace Fulgur.Protocol.Tests.Channels;

/// <summary>BOLT #3 Appendix B: the funding transaction, byte for byte.</summary>
public sealed class AppendixBTests
{
    private static Dictionary<string, string> Fields()
    {
        var fields = new Dictionary<string, string>();
        foreach (var (key, value) in Bolt3Spec.Pairs(Bolt3Spec.Section("# Appendix B", "# Appendix C")))
            fields.TryAdd(key, value);
        return fields;
    }

    [SkippableFact]
    public void Funding_witness_script_reference_test_vector()
    {
        var lines = Bolt3Spec.Section("# Appendix B", "# Appendix C");
        var f = Fields();
        var local = PublicKey.Parse(Hex.Decode(f["local_funding_pubkey"]));
        var remote = PublicKey.Parse(Hex.Decode(f["remote_funding_pubkey"]));
        var expected = lines.Select(l => l.Trim()).First(l => l.StartsWith("# funding witness script = ", StringComparison.Ordinal))
            ["# funding witness script = ".Length..];
        // Lexicographic order: the same script whichever key is passed first.
        Assert.Equal(expected, Bolt3Scripts.Funding(local, remote).ToHex());
        Assert.Equal(expected, Bolt3Scripts.Funding(remote, local).ToHex());
    }

    [SkippableFact]
    public void Funding_transaction_reference_test_vector()
    {
        var f = Fields();
        var local = PublicKey.Parse(Hex.Decode(f["local_funding_pubkey"]));
        var remote = PublicKey.Parse(Hex.Decode(f["remote_funding_pubkey"]));
        using var coinbaseKey = PrivateKey.Create(Bolt3Spec.PrivateKeyBytes(f["Block 1 coinbase privkey"]));
        var coinbase = Transaction.ParseHex(f["Block 1 coinbase transaction"]);
        var inputIndex = uint.Parse(f["input index"], CultureInfo.InvariantCulture);
        var spent = coinbase.Outputs[(int)inputIndex];
        Assert.Equal(TxId.Parse(f["input txid"]), coinbase.TxId);
        Assert.Equal(long.Parse(f["input satoshis"], CultureInfo.InvariantCulture), spent.Value.Value);

        Satoshi Amount(string key) => new(long.Parse(f[key], CultureInfo.InvariantCulture));
        var funding = new TxOut(Amount("funding satoshis"), Bolt3Scripts.FundingOutput(local, remote));
        var change = new TxOut(Amount("change satoshis"), StandardScripts.P2Wpkh(coinbaseKey.PublicKey));
        // "order determined by BIP69 in this case"
        var outputs = new[] { change, funding }.OrderBy(o => o.Value.Value).ToArray();
        var unsigned = new Transaction(2, [new TxIn(new OutPoint(coinbase.TxId, inputIndex))], outputs, 0);
        Assert.Equal(int.Parse(f["funding output"], CultureInfo.InvariantCulture), Array.IndexOf(outputs, funding));

        // A P2PKH input, signed with the original sighash.
        var signature = coinbaseKey.Sign(SignatureHash.ComputeLegacy(unsigned, 0, spent.ScriptPubKey, SigHashType.All));
        var scriptSig = new ScriptBuilder()
            .PushRaw(Bolt3Signatures.WitnessSignature(signature, SigHashType.All))
            .Push(coinbaseKey.PublicKey)
            .ToScript();
        var signed = unsigned.WithScriptSig(0, scriptSig);
        Assert.Equal(f["funding tx"], signed.ToHex());
    }
}
