using CsCheck;
using Fulgur.Bitcoin.Addresses;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Scripts.Interpreter;
using Fulgur.Bitcoin.Sighash;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Tests.Scripts.Interpreter;

/// <summary>Spends built and signed with Fulgur's own types, checked by the interpreter: the wallet and sweep paths.</summary>
public sealed class InterpreterTests
{
    private static readonly PrivateKey Alice = PrivateKey.Create(Enumerable.Repeat((byte)0x11, 32).ToArray());
    private static readonly PrivateKey Bob = PrivateKey.Create(Enumerable.Repeat((byte)0x22, 32).ToArray());
    private static readonly TxId Funding = TxId.Parse("8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be");

    [Fact]
    public void Signed_p2wpkh_spend_verifies_and_a_wrong_amount_does_not()
    {
        var spent = new TxOut(new Satoshi(100_000), StandardScripts.P2Wpkh(Alice.PublicKey));
        var tx = new TransactionBuilder().AddInput(new OutPoint(Funding, 1)).AddOutput(new Satoshi(99_000), StandardScripts.P2Wpkh(Bob.PublicKey)).ToTransaction();
        Assert.True(spent.ScriptPubKey.TryGetKeyHash(out var keyHash));
        var signature = TransactionSignature.SignSegwitV0(Alice, tx, 0, StandardScripts.P2WpkhScriptCode(keyHash), spent.Value, SigHashType.All);
        var signed = tx.WithWitness(0, Witness.Create(signature.ToBytes(), Alice.PublicKey.ToCompressed()));

        Assert.True(ScriptVerifier.VerifyInput(signed, 0, spent, ScriptVerifyFlagSets.Standard, out var error), error.Message());
        Assert.False(ScriptVerifier.VerifyInput(signed, 0, spent with { Value = new Satoshi(100_001) }, ScriptVerifyFlagSets.Standard, out error));
        Assert.Equal(ScriptError.SigNullFail, error);
        Assert.False(ScriptVerifier.VerifyInput(signed, 0, spent with { Value = new Satoshi(100_001) }, ScriptVerifyFlagSets.Consensus, out error));
        Assert.Equal(ScriptError.EvalFalse, error);
        Assert.True(TransactionSignature.TryParse(signature.ToBytes(), out var parsed));
        Assert.Equal(SigHashType.All, parsed.HashType);
    }

    [Fact]
    public void Signed_p2pkh_spend_verifies()
    {
        var spent = new TxOut(new Satoshi(5000), StandardScripts.P2Pkh(Alice.PublicKey));
        var tx = new TransactionBuilder().AddInput(new OutPoint(Funding, 2)).AddOutput(new Satoshi(4000), Script.Empty).ToTransaction();
        var signature = TransactionSignature.SignLegacy(Alice, tx, 0, spent.ScriptPubKey, SigHashType.All);
        var signed = tx.WithScriptSig(0, new ScriptBuilder().PushRaw(signature.ToBytes()).Push(Alice.PublicKey).ToScript());
        Assert.True(ScriptVerifier.VerifyInput(signed, 0, spent, ScriptVerifyFlagSets.Standard, out var error), error.Message());
        var wrongKey = signed.WithScriptSig(0, new ScriptBuilder().PushRaw(signature.ToBytes()).Push(Bob.PublicKey).ToScript());
        Assert.False(ScriptVerifier.VerifyInput(wrongKey, 0, spent, ScriptVerifyFlagSets.Standard, out error));
        Assert.Equal(ScriptError.EqualVerify, error);
    }

    /// <summary>
    /// BOLT 3's to_local script: OP_IF revocationpubkey OP_ELSE to_self_delay OP_CHECKSEQUENCEVERIFY OP_DROP
    /// local_delayedpubkey OP_ENDIF OP_CHECKSIG, swept on the delayed path (empty OP_IF argument).
    /// </summary>
    [Theory]
    [InlineData(144u, 2u, ScriptError.Ok)]
    [InlineData(200u, 2u, ScriptError.Ok)]
    [InlineData(143u, 2u, ScriptError.UnsatisfiedLockTime)]
    [InlineData(144u, 1u, ScriptError.UnsatisfiedLockTime)] // BIP68 needs version 2
    [InlineData(TxIn.SequenceFinal, 2u, ScriptError.UnsatisfiedLockTime)] // relative locktime disabled
    public void To_local_delayed_sweep_enforces_the_csv_delay(uint sequence, uint version, ScriptError expected)
    {
        var toLocal = new ScriptBuilder()
            .Op(Opcode.If).Push(Bob.PublicKey)
            .Op(Opcode.Else).Push(144).Op(Opcode.CheckSequenceVerify).Op(Opcode.Drop).Push(Alice.PublicKey)
            .Op(Opcode.EndIf).Op(Opcode.CheckSig)
            .ToScript();
        var spent = new TxOut(new Satoshi(50_000), StandardScripts.P2Wsh(toLocal));
        var tx = new TransactionBuilder { Version = version }.AddInput(new OutPoint(Funding, 0), sequence)
            .AddOutput(new Satoshi(49_000), StandardScripts.P2Wpkh(Alice.PublicKey)).ToTransaction();
        var signature = TransactionSignature.SignSegwitV0(Alice, tx, 0, toLocal, spent.Value, SigHashType.All);
        var signed = tx.WithWitness(0, Witness.Create(signature.ToBytes(), [], toLocal.ToBytes()));

        ScriptVerifier.VerifyInput(signed, 0, spent, ScriptVerifyFlagSets.Standard, out var error);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Revocation_path_needs_a_minimal_true_under_minimalif()
    {
        var toLocal = new ScriptBuilder()
            .Op(Opcode.If).Push(Bob.PublicKey)
            .Op(Opcode.Else).Push(144).Op(Opcode.CheckSequenceVerify).Op(Opcode.Drop).Push(Alice.PublicKey)
            .Op(Opcode.EndIf).Op(Opcode.CheckSig)
            .ToScript();
        var spent = new TxOut(new Satoshi(50_000), StandardScripts.P2Wsh(toLocal));
        var tx = new TransactionBuilder().AddInput(new OutPoint(Funding, 0)).AddOutput(new Satoshi(49_000), Script.Empty).ToTransaction();
        var signature = TransactionSignature.SignSegwitV0(Bob, tx, 0, toLocal, spent.Value, SigHashType.All).ToBytes();

        Assert.True(ScriptVerifier.VerifyInput(tx.WithWitness(0, Witness.Create(signature, [1], toLocal.ToBytes())), 0, spent,
            ScriptVerifyFlagSets.Standard, out var error), error.Message());
        Assert.False(ScriptVerifier.VerifyInput(tx.WithWitness(0, Witness.Create(signature, [2], toLocal.ToBytes())), 0, spent,
            ScriptVerifyFlagSets.Standard, out error));
        Assert.Equal(ScriptError.MinimalIf, error);
        Assert.True(ScriptVerifier.VerifyInput(tx.WithWitness(0, Witness.Create(signature, [2], toLocal.ToBytes())), 0, spent,
            ScriptVerifyFlagSets.Consensus, out _));
    }

    [Theory]
    [InlineData(500u, 0xfffffffeu, ScriptError.Ok)]
    [InlineData(499u, 0xfffffffeu, ScriptError.UnsatisfiedLockTime)]
    [InlineData(500u, TxIn.SequenceFinal, ScriptError.UnsatisfiedLockTime)] // a final input disables nLockTime
    [InlineData(500_000_000u, 0xfffffffeu, ScriptError.UnsatisfiedLockTime)] // time vs height
    public void Cltv_compares_against_the_transaction_locktime(uint lockTime, uint sequence, ScriptError expected)
    {
        var script = new ScriptBuilder().Push(500).Op(Opcode.CheckLockTimeVerify).Op(Opcode.Drop).Push(Alice.PublicKey).Op(Opcode.CheckSig).ToScript();
        var spent = new TxOut(new Satoshi(10_000), StandardScripts.P2Wsh(script));
        var tx = new TransactionBuilder { LockTime = lockTime }.AddInput(new OutPoint(Funding, 3), sequence)
            .AddOutput(new Satoshi(9_000), Script.Empty).ToTransaction();
        var signature = TransactionSignature.SignSegwitV0(Alice, tx, 0, script, spent.Value, SigHashType.All);
        ScriptVerifier.VerifyInput(tx.WithWitness(0, Witness.Create(signature.ToBytes(), script.ToBytes())), 0, spent, ScriptVerifyFlagSets.Standard, out var error);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Two_of_two_funding_spend_needs_both_signatures_in_key_order()
    {
        var funding = StandardScripts.Multisig(2, [Alice.PublicKey, Bob.PublicKey]);
        var spent = new TxOut(new Satoshi(1_000_000), StandardScripts.P2Wsh(funding));
        var tx = new TransactionBuilder().AddInput(new OutPoint(Funding, 0)).AddOutput(new Satoshi(990_000), Script.Empty).ToTransaction();
        var a = TransactionSignature.SignSegwitV0(Alice, tx, 0, funding, spent.Value, SigHashType.All).ToBytes();
        var b = TransactionSignature.SignSegwitV0(Bob, tx, 0, funding, spent.Value, SigHashType.All).ToBytes();

        Assert.True(ScriptVerifier.VerifyInput(tx.WithWitness(0, Witness.Create([], a, b, funding.ToBytes())), 0, spent, ScriptVerifyFlagSets.Standard, out var error), error.Message());
        Assert.False(ScriptVerifier.VerifyInput(tx.WithWitness(0, Witness.Create([], b, a, funding.ToBytes())), 0, spent, ScriptVerifyFlagSets.Standard, out error));
        Assert.Equal(ScriptError.SigNullFail, error);
        Assert.False(ScriptVerifier.VerifyInput(tx.WithWitness(0, Witness.Create([1], a, b, funding.ToBytes())), 0, spent, ScriptVerifyFlagSets.Standard, out error));
        Assert.Equal(ScriptError.SigNullDummy, error);
        Assert.False(ScriptVerifier.VerifyInput(tx.WithWitness(0, Witness.Create([], a, b, StandardScripts.Multisig(2, [Bob.PublicKey, Alice.PublicKey]).ToBytes())), 0, spent, ScriptVerifyFlagSets.Standard, out error));
        Assert.Equal(ScriptError.WitnessProgramMismatch, error);
        Assert.False(ScriptVerifier.VerifyInput(tx.WithWitness(0, Witness.Empty), 0, spent, ScriptVerifyFlagSets.Standard, out error));
        Assert.Equal(ScriptError.WitnessProgramWitnessEmpty, error);
    }

    [Fact]
    public void A_witness_on_a_legacy_output_is_unexpected()
    {
        var spent = new TxOut(new Satoshi(1), Script.FromHex("51"));
        var tx = new TransactionBuilder().AddInput(new OutPoint(Funding, 0)).AddOutput(new Satoshi(1), Script.Empty)
            .SetWitness(0, Witness.Create([1])).ToTransaction();
        Assert.False(ScriptVerifier.VerifyInput(tx, 0, spent, ScriptVerifyFlagSets.Standard, out var error));
        Assert.Equal(ScriptError.WitnessUnexpected, error);
    }

    [Fact]
    public void Taproot_spends_are_reported_as_unsupported_not_accepted()
    {
        var spent = new TxOut(new Satoshi(1), StandardScripts.P2Tr(Enumerable.Repeat((byte)7, 32).ToArray()));
        var tx = new TransactionBuilder().AddInput(new OutPoint(Funding, 0)).AddOutput(new Satoshi(1), Script.Empty)
            .SetWitness(0, Witness.Create(new byte[64])).ToTransaction();
        Assert.False(ScriptVerifier.VerifyInput(tx, 0, spent, ScriptVerifyFlagSets.Standard | ScriptVerifyFlags.Taproot, out var error));
        Assert.Equal(ScriptError.TaprootUnsupported, error);
        // Without the TAPROOT flag a v1 program is an unknown witness version and succeeds, as in bitcoind.
        Assert.True(ScriptVerifier.VerifyInput(tx, 0, spent, ScriptVerifyFlagSets.Standard, out _));
    }

    [Fact]
    public void Random_scripts_and_stacks_never_throw()
    {
        var checker = new TransactionSignatureChecker(
            new TransactionBuilder().AddInput(new OutPoint(Funding, 0)).AddOutput(new Satoshi(1), Script.Empty).ToTransaction(), 0, new Satoshi(1));
        Gen.Select(Gen.Byte.Array[0, 60], Gen.Byte.Array[0, 8].Array[0, 5], Gen.Int[0, 1 << 18],
            (script, stack, flags) => (script, stack, flags)).Sample(t =>
        {
            foreach (var version in new[] { SigVersion.Base, SigVersion.WitnessV0 })
                ScriptInterpreter.EvalScript([.. t.stack], Script.FromBytes(t.script), (ScriptVerifyFlags)t.flags, checker, version, out _);
            ScriptVerifier.Verify(Script.FromBytes(t.script), Script.FromBytes(t.script), Witness.Create(t.stack), (ScriptVerifyFlags)t.flags, checker, out _);
        }, iter: 5000);
    }

    [Fact]
    public void Addresses_spend_to_the_scripts_the_interpreter_checks()
    {
        var address = Address.Format(StandardScripts.P2Wpkh(Alice.PublicKey), Network.Regtest);
        Assert.True(Address.TryParse(address, Network.Regtest, out var script, out _));
        Assert.True(script.IsP2Wpkh);
    }
}
