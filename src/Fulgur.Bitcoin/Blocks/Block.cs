using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin.Encoding;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Blocks;

/// <summary>A block: its header and transactions, the first being the coinbase.</summary>
public sealed class Block
{
    public Block(BlockHeader header, IEnumerable<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(header);
        Header = header;
        Transactions = [.. transactions];
    }

    public BlockHeader Header { get; }

    public ImmutableArray<Transaction> Transactions { get; }

    public BlockHash Hash => Header.Hash;

    /// <summary>The merkle root the transactions give (to compare with <see cref="BlockHeader.MerkleRoot"/>).</summary>
    public Hash256 ComputeMerkleRoot(out bool mutated) => MerkleTree.BlockMerkleRoot(Transactions, out mutated);

    /// <summary>BIP141 block weight: base size · 3 + total size.</summary>
    public long Weight => (long)ToBytes(includeWitness: false).Length * (Transaction.WitnessScaleFactor - 1) + ToBytes().Length;

    public byte[] ToBytes(bool includeWitness = true)
    {
        var writer = new BitcoinWriter(1024);
        Header.Write(writer);
        writer.WriteCompactSize((ulong)Transactions.Length);
        foreach (var tx in Transactions)
            tx.Write(writer, includeWitness);
        return writer.ToArray();
    }

    public string ToHex() => Hex.Encode(ToBytes());

    /// <summary>Parses a whole serialized block (as getblock verbosity 0 returns); trailing bytes are an error.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out Block? block, [NotNullWhen(false)] out string? error)
    {
        block = null;
        var reader = new BitcoinReader(bytes);
        // A transaction is at least 60 bytes (10 without inputs and outputs), which bounds the count early.
        if (!BlockHeader.TryRead(ref reader, out var header) || !reader.TryReadCount(10, out var count))
        {
            error = reader.Error ?? "malformed block";
            return false;
        }
        var transactions = new Transaction[count];
        for (var i = 0; i < count; i++)
        {
            if (!Transaction.TryRead(ref reader, out var tx))
            {
                error = $"transaction {i}: {reader.Error ?? "malformed"}";
                return false;
            }
            transactions[i] = tx;
        }
        if (!reader.IsAtEnd)
        {
            error = $"{reader.Remaining} trailing bytes after the block";
            return false;
        }
        block = new Block(header, transactions);
        error = null;
        return true;
    }
}
