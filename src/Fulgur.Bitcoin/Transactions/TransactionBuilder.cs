using Fulgur.Bitcoin.Scripts;

namespace Fulgur.Bitcoin.Transactions;

/// <summary>
/// A mutable draft of a transaction, for wallets and tests that add inputs and outputs step by step and then sign:
/// <code>
/// var tx = new TransactionBuilder { Version = 2 }
///     .AddInput(new OutPoint(fundingTxId, 0))
///     .AddOutput(Satoshi.FromBtc(0.1m), StandardScripts.P2Wpkh(key))
///     .ToTransaction();
/// </code>
/// </summary>
public sealed class TransactionBuilder
{
    public TransactionBuilder()
    {
    }

    /// <summary>Starts from an existing transaction (its inputs, outputs, version and locktime).</summary>
    public TransactionBuilder(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        Version = transaction.Version;
        LockTime = transaction.LockTime;
        Inputs.AddRange(transaction.Inputs);
        Outputs.AddRange(transaction.Outputs);
    }

    public uint Version { get; set; } = 2;

    public uint LockTime { get; set; }

    public List<TxIn> Inputs { get; } = [];

    public List<TxOut> Outputs { get; } = [];

    public TransactionBuilder AddInput(OutPoint prevOut, uint sequence = TxIn.SequenceFinal)
    {
        Inputs.Add(new TxIn(prevOut, sequence));
        return this;
    }

    public TransactionBuilder AddInput(TxIn input)
    {
        Inputs.Add(input);
        return this;
    }

    public TransactionBuilder AddOutput(Satoshi value, Script scriptPubKey)
    {
        Outputs.Add(new TxOut(value, scriptPubKey));
        return this;
    }

    public TransactionBuilder AddOutput(TxOut output)
    {
        Outputs.Add(output);
        return this;
    }

    public TransactionBuilder SetWitness(int inputIndex, Witness witness)
    {
        Inputs[inputIndex] = Inputs[inputIndex] with { Witness = witness };
        return this;
    }

    public TransactionBuilder SetScriptSig(int inputIndex, Script scriptSig)
    {
        Inputs[inputIndex] = Inputs[inputIndex] with { ScriptSig = scriptSig };
        return this;
    }

    public Transaction ToTransaction() => new(Version, Inputs, Outputs, LockTime);
}
