using System.Numerics;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Transactions;

namespace Fulgur.DevChain.Chain;

/// <summary>One block of the active chain with what connecting it changed, so it can be disconnected again.</summary>
internal sealed class ChainEntry(Block block, int height, BigInteger chainWork, long medianTimePast, IReadOnlyList<KeyValuePair<OutPoint, Coin>> spentCoins)
{
    public Block Block { get; } = block;

    public BlockHash Hash { get; } = block.Hash;

    public int Height { get; } = height;

    /// <summary>Total work of the chain up to and including this block (bitcoind's nChainWork).</summary>
    public BigInteger ChainWork { get; } = chainWork;

    /// <summary>BIP113: the median of the last 11 block times, this block included.</summary>
    public long MedianTimePast { get; } = medianTimePast;

    /// <summary>The coins this block spent (bitcoind's undo data), in spending order.</summary>
    public IReadOnlyList<KeyValuePair<OutPoint, Coin>> SpentCoins { get; } = spentCoins;
}
