using Fulgur.Bitcoin.Encoding;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Sighash;

/// <summary>
/// BIP143's per-transaction hashes (hashPrevouts, hashSequence, hashOutputs), computed once and shared by every
/// input's sighash, which keeps signing linear in the transaction size.
/// </summary>
public sealed class SegwitV0SighashCache
{
    private byte[]? _hashPrevouts;
    private byte[]? _hashSequence;
    private byte[]? _hashOutputs;

    public SegwitV0SighashCache(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        Transaction = transaction;
    }

    public Transaction Transaction { get; }

    internal byte[] HashPrevouts => _hashPrevouts ??= ComputeHashPrevouts();

    internal byte[] HashSequence => _hashSequence ??= ComputeHashSequence();

    internal byte[] HashOutputs => _hashOutputs ??= ComputeHashOutputs();

    private byte[] ComputeHashPrevouts()
    {
        var writer = new BitcoinWriter(OutPoint.SerializedLength * Transaction.Inputs.Length);
        foreach (var input in Transaction.Inputs)
            input.PrevOut.Write(writer);
        return Sha256.DoubleHash(writer.WrittenSpan);
    }

    private byte[] ComputeHashSequence()
    {
        var writer = new BitcoinWriter(4 * Transaction.Inputs.Length);
        foreach (var input in Transaction.Inputs)
            writer.WriteUInt32(input.Sequence);
        return Sha256.DoubleHash(writer.WrittenSpan);
    }

    private byte[] ComputeHashOutputs()
    {
        var writer = new BitcoinWriter(64 * Transaction.Outputs.Length);
        foreach (var output in Transaction.Outputs)
            SignatureHash.WriteOutput(writer, output);
        return Sha256.DoubleHash(writer.WrittenSpan);
    }
}
