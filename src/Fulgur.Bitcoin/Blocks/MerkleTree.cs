using Fulgur.Bitcoin.Encoding;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Blocks;

/// <summary>
/// Bitcoin's merkle tree (bitcoind's ComputeMerkleRoot): leaves are hashed pairwise with double-SHA256, and an odd
/// last node is paired with itself.
/// </summary>
public static class MerkleTree
{
    /// <summary>
    /// The root over <paramref name="leaves"/> (zero for none). <paramref name="mutated"/> reports two identical
    /// adjacent nodes at any level, the CVE-2012-2459 duplication that lets two different transaction lists share a
    /// root; bitcoind rejects such blocks as "bad-txns-duplicate".
    /// </summary>
    public static Hash256 ComputeRoot(IReadOnlyList<Hash256> leaves, out bool mutated)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        mutated = false;
        if (leaves.Count == 0)
            return Hash256.Zero;
        var level = leaves.ToList();
        Span<byte> pair = stackalloc byte[64];
        while (level.Count > 1)
        {
            for (var i = 0; i + 1 < level.Count; i += 2)
            {
                if (level[i] == level[i + 1])
                    mutated = true;
            }
            if (level.Count % 2 == 1)
                level.Add(level[^1]);
            var next = new List<Hash256>(level.Count / 2);
            for (var i = 0; i < level.Count; i += 2)
            {
                level[i].WriteTo(pair);
                level[i + 1].WriteTo(pair[32..]);
                next.Add(Hash256.DoubleSha256(pair));
            }
            level = next;
        }
        return level[0];
    }

    /// <summary>The header's merkle root: the tree over txids.</summary>
    public static Hash256 BlockMerkleRoot(IReadOnlyList<Transaction> transactions, out bool mutated)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        return ComputeRoot(transactions.Select(t => t.TxId.Hash).ToList(), out mutated);
    }

    /// <summary>
    /// BIP141: the witness root hash is the tree over wtxids, where "the wtxid of coinbase transaction is assumed to be
    /// 0x0000....0000".
    /// </summary>
    public static Hash256 WitnessMerkleRoot(IReadOnlyList<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var leaves = transactions.Select((t, i) => i == 0 ? Hash256.Zero : t.WTxId.Hash).ToList();
        return ComputeRoot(leaves, out _);
    }
}
