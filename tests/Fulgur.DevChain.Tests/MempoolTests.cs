using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Transactions;
using Fulgur.DevChain.Rpc;

namespace Fulgur.DevChain.Tests;

/// <summary>Every mempool refusal, with bitcoind's code and message, and nothing stored when refused.</summary>
public sealed class MempoolTests : IDisposable
{
    private readonly ChainFixture _f = new(matureBlocks: 110);

    public void Dispose() => _f.Dispose();

    private void AssertRefused(Transaction tx, int code, string message)
    {
        var before = _f.Chain.Pool.Count;
        var e = _f.CallFails("sendrawtransaction", tx.ToHex());
        Assert.Equal(code, e.Code);
        Assert.Equal(message, e.Message);
        Assert.Equal(before, _f.Chain.Pool.Count);
        Assert.False(_f.Chain.Pool.Contains(tx.TxId));
    }

    [Fact]
    public void ValidSpend_Accepted_ThenMined()
    {
        var (op, output) = _f.Coinbase(1);
        var tx = _f.Spend(op, output);
        Assert.Equal(tx.TxId.ToString(), _f.Call("sendrawtransaction", tx.ToHex())!.GetValue<string>());
        Assert.True(_f.Chain.Pool.Contains(tx.TxId));
        // Sending it again while in the mempool just returns the txid, as bitcoind does.
        Assert.Equal(tx.TxId.ToString(), _f.Call("sendrawtransaction", tx.ToHex())!.GetValue<string>());
        _f.Chain.Generate(1, _f.KeyScript);
        Assert.Equal(0, _f.Chain.Pool.Count);
        Assert.True(_f.Chain.Active.TryFindTransaction(tx.TxId, out _, out var height));
        Assert.Equal(_f.Chain.Active.Height, height);
        AssertRefused(tx, RpcErrorCode.VerifyAlreadyInChain, "Transaction already in block chain");
    }

    [Theory]
    [InlineData("")]
    [InlineData("zz")]
    [InlineData("0200000001")]
    [InlineData("00")]
    public void MalformedRawTransaction_DecodeFailed(string hex)
    {
        var e = _f.CallFails("sendrawtransaction", hex);
        Assert.Equal(RpcErrorCode.DeserializationError, e.Code);
        Assert.Equal("TX decode failed. Make sure the tx has at least one input.", e.Message);
    }

    [Fact]
    public void MissingInput_Minus25()
    {
        var (_, output) = _f.Coinbase(1);
        var tx = _f.Spend(new OutPoint(TxId.Parse(new string('a', 64)), 0), output);
        AssertRefused(tx, RpcErrorCode.VerifyError, "bad-txns-inputs-missingorspent");
        var result = _f.Call("testmempoolaccept", (object)new[] { tx.ToHex() })!.AsArray()[0]!;
        Assert.False(result["allowed"]!.GetValue<bool>());
        Assert.Equal("missing-inputs", result["reject-reason"]!.GetValue<string>());
    }

    [Fact]
    public void SpentInput_Minus25()
    {
        var (op, output) = _f.Coinbase(1);
        _f.Call("sendrawtransaction", _f.Spend(op, output).ToHex());
        _f.Chain.Generate(1, _f.KeyScript);
        AssertRefused(_f.Spend(op, output, fee: 2_000), RpcErrorCode.VerifyError, "bad-txns-inputs-missingorspent");
    }

    [Fact]
    public void DoubleSpendInMempool_Conflict()
    {
        var (op, output) = _f.Coinbase(1);
        _f.Call("sendrawtransaction", _f.Spend(op, output).ToHex());
        AssertRefused(_f.Spend(op, output, fee: 5_000), RpcErrorCode.VerifyRejected, "txn-mempool-conflict");
    }

    [Fact]
    public void BadSignature_MandatoryScriptFailure()
    {
        var (op, output) = _f.Coinbase(1);
        var tx = _f.Spend(op, output);
        var sig = tx.Inputs[0].Witness[0].ToArray();
        sig[10] ^= 0x01;
        var bad = tx.WithWitness(0, Witness.Create(sig, tx.Inputs[0].Witness[1].ToArray()));
        AssertRefused(bad, RpcErrorCode.VerifyRejected,
            "mandatory-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation)");
    }

    [Fact]
    public void InsufficientFee_MinRelayFeeNotMet()
    {
        var (op, output) = _f.Coinbase(1);
        var tx = _f.Spend(op, output, fee: 50);
        AssertRefused(tx, RpcErrorCode.VerifyRejected, $"min relay fee not met, 50 < {tx.VirtualSize}");
    }

    [Fact]
    public void OutputsAboveInputs_InBelowOut()
    {
        var (op, output) = _f.Coinbase(1);
        AssertRefused(_f.Spend(op, output, fee: -1), RpcErrorCode.VerifyRejected, "bad-txns-in-belowout, value in (50.00) < value out (50.00000001)");
    }

    [Fact]
    public void ImmatureCoinbase_PrematureSpend()
    {
        var height = _f.Chain.Active.Height - 5;
        var (op, output) = _f.Coinbase(height);
        AssertRefused(_f.Spend(op, output), RpcErrorCode.VerifyRejected, "bad-txns-premature-spend-of-coinbase, tried to spend coinbase at depth 6");
    }

    [Fact]
    public void FutureLocktime_NonFinal()
    {
        var (op, output) = _f.Coinbase(1);
        var tip = (uint)_f.Chain.Active.Height;
        AssertRefused(_f.Spend(op, output, sequence: TxIn.SequenceFinal - 1, lockTime: tip + 2), RpcErrorCode.VerifyRejected, "non-final");
        // The next block's height is final.
        Assert.NotNull(_f.Call("sendrawtransaction", _f.Spend(op, output, sequence: TxIn.SequenceFinal - 1, lockTime: tip).ToHex()));
    }

    [Fact]
    public void RelativeLock_NonBip68Final()
    {
        var (op, output) = _f.Coinbase(1);
        var parent = _f.Spend(op, output);
        _f.Call("sendrawtransaction", parent.ToHex());
        _f.Chain.Generate(1, _f.KeyScript);
        // BIP68: spendable once 5 blocks have confirmed the parent (parent has 1 confirmation now).
        var child = _f.Spend(new OutPoint(parent.TxId, 0), parent.Outputs[0], sequence: 5);
        AssertRefused(child, RpcErrorCode.VerifyRejected, "non-BIP68-final");
        _f.Chain.Generate(3, _f.KeyScript);
        AssertRefused(child, RpcErrorCode.VerifyRejected, "non-BIP68-final");
        _f.Chain.Generate(1, _f.KeyScript);
        Assert.NotNull(_f.Call("sendrawtransaction", child.ToHex()));
    }

    [Fact]
    public void ChildOfMempoolParent_Accepted_AndMinedInOrder()
    {
        var (op, output) = _f.Coinbase(2);
        var parent = _f.Spend(op, output);
        var child = _f.Spend(new OutPoint(parent.TxId, 0), parent.Outputs[0], fee: 50_000);
        _f.Call("sendrawtransaction", parent.ToHex());
        _f.Call("sendrawtransaction", child.ToHex());
        var hash = _f.Chain.Generate(1, _f.KeyScript)[0];
        var block = _f.Chain.Active.Tip.Block;
        Assert.Equal(hash, block.Hash);
        Assert.Equal([parent.TxId, child.TxId], block.Transactions.Skip(1).Select(t => t.TxId));
    }

    [Fact]
    public void TestMempoolAccept_ReportsFeesWithoutKeeping()
    {
        var (op, output) = _f.Coinbase(1);
        var tx = _f.Spend(op, output, fee: 2_000);
        var result = _f.Call("testmempoolaccept", (object)new[] { tx.ToHex() })!.AsArray()[0]!;
        Assert.True(result["allowed"]!.GetValue<bool>());
        Assert.Equal(0.00002m, result["fees"]!["base"]!.GetValue<decimal>());
        Assert.Equal(0, _f.Chain.Pool.Count);
    }
}
