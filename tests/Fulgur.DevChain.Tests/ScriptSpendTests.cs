using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Sighash;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.DevChain.Rpc;

namespace Fulgur.DevChain.Tests;

/// <summary>The Lightning-shaped scripts the mempool must verify: P2WSH with CSV (to_local) and CLTV, and 2-of-2 multisig.</summary>
public sealed class ScriptSpendTests : IDisposable
{
    private readonly ChainFixture _f = new(matureBlocks: 101);
    private readonly PrivateKey _other = PrivateKey.Create(Enumerable.Repeat((byte)0x22, 32).ToArray());

    public void Dispose()
    {
        _other.Dispose();
        _f.Dispose();
    }

    /// <summary>Pays the coinbase at height 1 to P2WSH(<paramref name="witnessScript"/>) and mines it.</summary>
    private (OutPoint OutPoint, TxOut Output) Fund(Script witnessScript)
    {
        var (op, output) = _f.Coinbase(1);
        var funding = _f.Spend(op, output, payTo: StandardScripts.P2Wsh(witnessScript));
        _f.Call("sendrawtransaction", funding.ToHex());
        _f.Chain.Generate(1, _f.KeyScript);
        return (new OutPoint(funding.TxId, 0), funding.Outputs[0]);
    }

    private static Transaction Unsigned(OutPoint outPoint, TxOut spent, uint sequence, uint lockTime = 0) =>
        new TransactionBuilder { Version = 2, LockTime = lockTime }
            .AddInput(outPoint, sequence)
            .AddOutput(spent.Value - new Satoshi(1_000), StandardScripts.P2WpkhFromHash(new byte[20]))
            .ToTransaction();

    private static byte[] Sign(PrivateKey key, Transaction tx, Script witnessScript, TxOut spent) =>
        TransactionSignature.SignSegwitV0(key, tx, 0, witnessScript, spent.Value, SigHashType.All).ToBytes();

    [Fact]
    public void ToLocalStyleCsv_WaitsForTheDelay()
    {
        var script = new ScriptBuilder().Push(3).Op(Opcode.CheckSequenceVerify).Op(Opcode.Drop).Push(_f.Key.PublicKey).Op(Opcode.CheckSig).ToScript();
        var (op, spent) = Fund(script);
        var tx = Unsigned(op, spent, sequence: 3);
        tx = tx.WithWitness(0, Witness.Create(Sign(_f.Key, tx, script, spent), script.ToBytes()));
        Assert.Equal("non-BIP68-final", _f.CallFails("sendrawtransaction", tx.ToHex()).Message);
        _f.Chain.Generate(2, _f.KeyScript);

        // A sequence below the script's delay passes BIP68 now but fails OP_CHECKSEQUENCEVERIFY.
        var early = Unsigned(op, spent, sequence: 2);
        early = early.WithWitness(0, Witness.Create(Sign(_f.Key, early, script, spent), script.ToBytes()));
        var e = _f.CallFails("sendrawtransaction", early.ToHex());
        Assert.Equal(RpcErrorCode.VerifyRejected, e.Code);
        Assert.Equal("mandatory-script-verify-flag-failed (Locktime requirement not satisfied)", e.Message);

        Assert.Equal(tx.TxId.ToString(), _f.Call("sendrawtransaction", tx.ToHex())!.GetValue<string>());
    }

    [Fact]
    public void Cltv_WaitsForTheHeight()
    {
        var target = _f.Chain.Active.Height + 5;
        var script = new ScriptBuilder().Push(target).Op(Opcode.CheckLockTimeVerify).Op(Opcode.Drop).Push(_f.Key.PublicKey).Op(Opcode.CheckSig).ToScript();
        var (op, spent) = Fund(script);
        var tx = Unsigned(op, spent, TxIn.SequenceFinal - 1, lockTime: (uint)target);
        tx = tx.WithWitness(0, Witness.Create(Sign(_f.Key, tx, script, spent), script.ToBytes()));
        Assert.Equal("non-final", _f.CallFails("sendrawtransaction", tx.ToHex()).Message);
        _f.Chain.Generate(target - _f.Chain.Active.Height, _f.KeyScript);
        Assert.NotNull(_f.Call("sendrawtransaction", tx.ToHex()));
    }

    [Fact]
    public void TwoOfTwoMultisig_NeedsBothSignatures()
    {
        var keys = new[] { _f.Key.PublicKey, _other.PublicKey }.OrderBy(k => k.ToHex(), StringComparer.Ordinal).ToArray();
        var script = StandardScripts.Multisig(2, keys);
        var (op, spent) = Fund(script);
        var tx = Unsigned(op, spent, TxIn.SequenceFinal);
        var sigs = keys.Select(k => Sign(k == _f.Key.PublicKey ? _f.Key : _other, tx, script, spent)).ToArray();
        var oneSig = tx.WithWitness(0, Witness.Create([], sigs[0], sigs[0], script.ToBytes()));
        Assert.StartsWith("mandatory-script-verify-flag-failed", _f.CallFails("sendrawtransaction", oneSig.ToHex()).Message);
        var good = tx.WithWitness(0, Witness.Create([], sigs[0], sigs[1], script.ToBytes()));
        Assert.NotNull(_f.Call("sendrawtransaction", good.ToHex()));
    }

    [Fact]
    public void OversizedP2WshStackItem_WitnessNonstandard()
    {
        // OP_DROP OP_TRUE: any first item satisfies it, but an 81-byte item is above bitcoind's 80-byte policy limit.
        var script = new ScriptBuilder().Op(Opcode.Drop).Op(Opcode.Op1).ToScript();
        var (op, spent) = Fund(script);
        var tx = Unsigned(op, spent, TxIn.SequenceFinal);
        var big = tx.WithWitness(0, Witness.Create(new byte[81], script.ToBytes()));
        Assert.Equal("bad-witness-nonstandard", _f.CallFails("sendrawtransaction", big.ToHex()).Message);
        var fine = tx.WithWitness(0, Witness.Create(new byte[80], script.ToBytes()));
        Assert.NotNull(_f.Call("sendrawtransaction", fine.ToHex()));
    }

    [Fact]
    public void BurnAboveMaxBurnAmount_Refused()
    {
        var (op, output) = _f.Coinbase(1);
        var tx = new TransactionBuilder()
            .AddInput(op)
            .AddOutput(new Satoshi(1_000), StandardScripts.OpReturn([1, 2, 3]))
            .AddOutput(output.Value - new Satoshi(3_000), _f.KeyScript)
            .ToTransaction();
        output.ScriptPubKey.TryGetKeyHash(out var keyHash);
        var sig = TransactionSignature.SignSegwitV0(_f.Key, tx, 0, StandardScripts.P2WpkhScriptCode(keyHash), output.Value, SigHashType.All);
        tx = tx.WithWitness(0, Witness.Create(sig.ToBytes(), _f.Key.PublicKey.ToCompressed()));
        var e = _f.CallFails("sendrawtransaction", tx.ToHex());
        Assert.Equal(RpcErrorCode.VerifyError, e.Code);
        Assert.Equal("Unspendable output exceeds maximum configured by user (maxburnamount)", e.Message);
        Assert.NotNull(_f.Call("sendrawtransaction", tx.ToHex(), 0.10m, 0.00001m));
    }

    [Fact]
    public void TaprootSpend_Refused_NotPassedUnchecked()
    {
        var (op, output) = _f.Coinbase(1);
        var funding = _f.Spend(op, output, payTo: StandardScripts.P2Tr(_f.Key.PublicKey.Compressed[1..]));
        _f.Call("sendrawtransaction", funding.ToHex());
        _f.Chain.Generate(1, _f.KeyScript);
        var spend = Unsigned(new OutPoint(funding.TxId, 0), funding.Outputs[0], TxIn.SequenceFinal)
            .WithWitness(0, Witness.Create(new byte[64]));
        Assert.Equal(
            "mandatory-script-verify-flag-failed (Taproot spends are not validated by this node)",
            _f.CallFails("sendrawtransaction", spend.ToHex()).Message);
    }
}
