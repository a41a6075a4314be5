using System.Text.Json;
using System.Text.Json.Nodes;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Sighash;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.DevChain.Rpc;

namespace Fulgur.DevChain.Tests;

/// <summary>An in-process devchain in a temporary directory, a test key with mature coinbases, and an RPC caller.</summary>
internal sealed class ChainFixture : IDisposable
{
    private long _time = 1_700_000_000;

    public ChainFixture(int matureBlocks = 0)
    {
        Directory.CreateDirectory(DataDirectory);
        Chain = RegtestChain.Open(DataDirectory, () => Interlocked.Increment(ref _time));
        Rpc = new ChainRpc(Chain, () => StopRequested = true);
        if (matureBlocks > 0)
            Chain.Generate(matureBlocks, KeyScript);
    }

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "devchain-test-" + Guid.NewGuid().ToString("N"));

    public RegtestChain Chain { get; private set; }

    public ChainRpc Rpc { get; private set; }

    public bool StopRequested { get; private set; }

    public PrivateKey Key { get; } = PrivateKey.Create(Enumerable.Repeat((byte)0x11, 32).ToArray());

    public Script KeyScript => StandardScripts.P2Wpkh(Key.PublicKey);

    public void Restart()
    {
        Chain.Dispose();
        Chain = RegtestChain.Open(DataDirectory, () => Interlocked.Increment(ref _time));
        Rpc = new ChainRpc(Chain, () => StopRequested = true);
    }

    /// <summary>The coinbase output of the block at <paramref name="height"/> (paid to <see cref="KeyScript"/>).</summary>
    public (OutPoint OutPoint, TxOut Output) Coinbase(int height)
    {
        var tx = Chain.Active[height].Block.Transactions[0];
        return (new OutPoint(tx.TxId, 0), tx.Outputs[0]);
    }

    /// <summary>A signed P2WPKH spend of <paramref name="spent"/> paying value minus fee back to the key.</summary>
    public Transaction Spend(
        OutPoint outPoint, TxOut spent, long fee = 1_000, uint sequence = TxIn.SequenceFinal, uint lockTime = 0, uint version = 2,
        Script? payTo = null)
    {
        var tx = new TransactionBuilder { Version = version, LockTime = lockTime }
            .AddInput(outPoint, sequence)
            .AddOutput(spent.Value - new Satoshi(fee), payTo ?? KeyScript)
            .ToTransaction();
        spent.ScriptPubKey.TryGetKeyHash(out var keyHash);
        var sig = TransactionSignature.SignSegwitV0(Key, tx, 0, StandardScripts.P2WpkhScriptCode(keyHash), spent.Value, SigHashType.All);
        return tx.WithWitness(0, Witness.Create(sig.ToBytes(), Key.PublicKey.ToCompressed()));
    }

    public JsonNode? Call(string method, params object?[] args)
    {
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(args));
        return Rpc.Call(method, doc.RootElement.Clone());
    }

    /// <summary>The RPC error a call fails with.</summary>
    public RpcException CallFails(string method, params object?[] args) =>
        Assert.Throws<RpcException>(() => Call(method, args));

    public void Dispose()
    {
        Chain.Dispose();
        Key.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
