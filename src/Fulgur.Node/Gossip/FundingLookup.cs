using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Node.Chain;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Gossip;

/// <summary>A channel's funding output as the chain shows it: where it is, its value and script.</summary>
public sealed record FundingOutput(OutPoint OutPoint, Satoshi Value, Script Script);

/// <summary>Finds the output a <c>short_channel_id</c> points at, when it exists and is unspent.</summary>
public interface IFundingLookup
{
    /// <summary>The unspent output, or null when the block, transaction or output does not exist or is spent.</summary>
    Task<FundingOutput?> FindUnspentAsync(ShortChannelId scid, CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="IFundingLookup"/> over bitcoind's RPC: the block at the scid's height gives the transaction id, and
/// <c>gettxout</c> says whether the output is unspent. Blocks' transaction ids are cached (a few hundred blocks).
/// </summary>
internal sealed class BitcoindFundingLookup(BitcoindClient client) : IFundingLookup
{
    private const int CachedBlocks = 256;
    private readonly Dictionary<uint, TxId[]> _blocks = [];
    private readonly Queue<uint> _cacheOrder = new();
    private readonly Lock _lock = new();

    public async Task<FundingOutput?> FindUnspentAsync(ShortChannelId scid, CancellationToken cancellationToken)
    {
        var txids = await BlockTxIdsAsync(scid.BlockHeight, cancellationToken).ConfigureAwait(false);
        if (txids is null || scid.TransactionIndex >= txids.Length)
            return null;
        var outPoint = new OutPoint(txids[scid.TransactionIndex], scid.OutputIndex);
        var info = await client.GetTxOutAsync(outPoint, cancellationToken).ConfigureAwait(false);
        if (info is null)
            return null;
        return new FundingOutput(outPoint, info.Value, Script.FromHex(info.ScriptPubKeyHex));
    }

    private async Task<TxId[]?> BlockTxIdsAsync(uint height, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_blocks.TryGetValue(height, out var cached))
                return cached;
        }
        var hash = await client.GetBlockHashAsync(new BlockHeight(height), cancellationToken).ConfigureAwait(false);
        if (hash is not { } h)
            return null;
        var block = await client.GetBlockAsync(h, cancellationToken).ConfigureAwait(false);
        var txids = block.Transactions.Select(t => t.TxId).ToArray();
        lock (_lock)
        {
            if (_blocks.TryAdd(height, txids))
            {
                _cacheOrder.Enqueue(height);
                if (_cacheOrder.Count > CachedBlocks)
                    _blocks.Remove(_cacheOrder.Dequeue());
            }
        }
        return txids;
    }
}
