using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Tests.Transactions;

public sealed class StandardnessTests
{
    private static readonly PublicKey Key = PublicKey.Parse(Hex.Decode("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"));

    [Theory]
    [InlineData("76a914000000000000000000000000000000000000000088ac", "pubkeyhash")]
    [InlineData("a914000000000000000000000000000000000000000087", "scripthash")]
    [InlineData("00140000000000000000000000000000000000000000", "witness_v0_keyhash")]
    [InlineData("00200000000000000000000000000000000000000000000000000000000000000000", "witness_v0_scripthash")]
    [InlineData("51200000000000000000000000000000000000000000000000000000000000000000", "witness_v1_taproot")]
    [InlineData("51024e73", "anchor")]
    [InlineData("5202aaaa", "witness_unknown")]
    [InlineData("0011000000000000000000000000000000000000", "nonstandard")]
    [InlineData("6a0548656c6c6f", "nulldata")]
    [InlineData("6a", "nulldata")]
    [InlineData("6a61", "nonstandard")]
    [InlineData("2102" + "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798" + "ac", "pubkey")]
    [InlineData("51", "nonstandard")]
    [InlineData("", "nonstandard")]
    public void Scripts_are_classified_with_bitcoind_names(string hex, string name) =>
        Assert.Equal(name, OutputTypes.Classify(Script.FromHex(hex)).CoreName());

    [Fact]
    public void Multisig_is_recognised_with_its_counts()
    {
        var script = StandardScripts.Multisig(2, [Key, Key, Key]);
        Assert.Equal(OutputType.Multisig, OutputTypes.Classify(script));
        Assert.True(OutputTypes.TryGetMultisig(script, out var m, out var n));
        Assert.Equal((2, 3), (m, n));
        Assert.False(OutputTypes.IsMultisig(Script.FromHex("0051ae")));
    }

    private static Transaction Spend(params TxOut[] outputs) =>
        new(2, [new TxIn(new OutPoint(TxId.Parse(new string('b', 64)), 0))], outputs, 0);

    [Fact]
    public void Standard_transactions_pass_and_each_rule_has_its_reason()
    {
        var policy = StandardnessPolicy.Default;
        var good = new TxOut(new Satoshi(1000), StandardScripts.P2Wpkh(Key));
        Assert.True(StandardnessRules.TryCheck(Spend(good), policy, out _));
        Assert.True(StandardnessRules.TryCheck(Spend(good, new TxOut(Satoshi.Zero, StandardScripts.OpReturn(new byte[80]))), policy, out _));

        string Reason(Transaction tx)
        {
            Assert.False(StandardnessRules.TryCheck(tx, policy, out var reason));
            return reason;
        }

        Assert.Equal("version", Reason(Spend(good).WithVersion(4)));
        Assert.Equal("version", Reason(Spend(good).WithVersion(0)));
        Assert.Equal("dust", Reason(Spend(good with { Value = new Satoshi(293) })));
        Assert.Equal("scriptpubkey", Reason(Spend(new TxOut(new Satoshi(1000), Script.FromHex("51")))));
        Assert.Equal("scriptpubkey", Reason(Spend(new TxOut(Satoshi.Zero, StandardScripts.OpReturn(new byte[81])))));
        Assert.Equal("multi-op-return", Reason(Spend(new TxOut(Satoshi.Zero, StandardScripts.OpReturn([1])), new TxOut(Satoshi.Zero, StandardScripts.OpReturn([2])))));
        Assert.Equal("scriptsig-not-pushonly", Reason(Spend(good).WithScriptSig(0, Script.FromHex("61"))));
        Assert.Equal("scriptsig-size", Reason(Spend(good).WithScriptSig(0, new ScriptBuilder().PushRaw(new byte[520]).PushRaw(new byte[520]).PushRaw(new byte[520]).PushRaw(new byte[100]).ToScript())));
        Assert.Equal("scriptpubkey", Reason(Spend(new TxOut(new Satoshi(1000), StandardScripts.Multisig(1, [Key, Key, Key, Key])))));
        Assert.False(StandardnessRules.TryCheck(Spend(new TxOut(new Satoshi(1000), StandardScripts.Multisig(1, [Key]))), policy with { PermitBareMultisig = false }, out var bare));
        Assert.Equal("bare-multisig", bare);
    }
}
