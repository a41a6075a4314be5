using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Node.Logging;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Chain;

/// <summary>What became of a broadcast.</summary>
public sealed record BroadcastResult(TxId TxId, bool Accepted, string? Error)
{
    public static BroadcastResult Ok(TxId txid) => new(txid, true, null);
}

/// <summary>Sends our transactions and keeps them in the mempool (LDK's broadcaster edge).</summary>
public interface IBroadcaster
{
    Task<BroadcastResult> BroadcastAsync(Transaction transaction, CancellationToken cancellationToken);
}

/// <summary>
/// Sends our transactions and, as a chain listener, sends each still-unconfirmed one again every
/// <see cref="RebroadcastInterval"/> blocks (a mempool may have dropped it) until it confirms, or until another
/// transaction spending one of its inputs confirms (it is then conflicted and forgotten).
/// </summary>
public sealed class Broadcaster(ITransactionSender sender, Logger log) : IBroadcaster, IChainListener
{
    public const int RebroadcastInterval = 6;

    private readonly Lock _lock = new();
    private readonly Dictionary<TxId, Pending> _pending = [];
    // Ours confirmed in recent blocks, by height: a reorg that removes the block puts them back to rebroadcast.
    private readonly Dictionary<BlockHeight, List<Transaction>> _confirmed = [];

    public IReadOnlyCollection<TxId> Unconfirmed
    {
        get { lock (_lock) return [.. _pending.Keys]; }
    }

    public async Task<BroadcastResult> BroadcastAsync(Transaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var txid = transaction.TxId;
        var pending = new Pending(transaction);
        lock (_lock)
            _pending[txid] = pending;
        try
        {
            await sender.SendRawTransactionAsync(transaction, cancellationToken).ConfigureAwait(false);
            log.Info($"broadcast {txid}");
            return BroadcastResult.Ok(txid);
        }
        catch (BitcoindRpcException e) when (e.Code == BitcoindErrorCodes.VerifyAlreadyInChain)
        {
            return BroadcastResult.Ok(txid);
        }
        catch (BitcoindRpcException e)
        {
            lock (_lock)
                _pending.Remove(txid);
            log.Unusual($"broadcast of {txid} refused: {e.RpcMessage} ({e.Code})");
            return new BroadcastResult(txid, false, $"{e.RpcMessage} (bitcoind error {e.Code})");
        }
        catch (BitcoindUnavailableException e)
        {
            // Kept, and sent again with the next block the backend reports.
            pending.BlocksSinceSent = RebroadcastInterval - 1;
            log.Unusual($"broadcast of {txid} deferred: {e.Message}");
            return new BroadcastResult(txid, true, e.Message);
        }
    }

    public async Task BlockConnectedAsync(Block block, BlockHeight height, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(block);
        List<Transaction> resend = [];
        lock (_lock)
        {
            _confirmed.Remove(height - (uint)Math.Min(height.Value, 100));
            foreach (var tx in block.Transactions)
            {
                if (_pending.Remove(tx.TxId, out var mined))
                {
                    if (!_confirmed.TryGetValue(height, out var list))
                        _confirmed[height] = list = [];
                    list.Add(mined.Transaction);
                    continue;
                }
                var spent = tx.Inputs.Select(i => i.PrevOut).ToHashSet();
                foreach (var (txid, pending) in _pending.ToList())
                {
                    if (pending.Transaction.Inputs.Any(i => spent.Contains(i.PrevOut)))
                    {
                        _pending.Remove(txid);
                        log.Unusual($"{txid} conflicted by {tx.TxId}; no longer rebroadcast");
                    }
                }
            }
            foreach (var pending in _pending.Values)
            {
                if (++pending.BlocksSinceSent >= RebroadcastInterval)
                {
                    pending.BlocksSinceSent = 0;
                    resend.Add(pending.Transaction);
                }
            }
        }
        foreach (var tx in resend)
        {
            try
            {
                await sender.SendRawTransactionAsync(tx, cancellationToken).ConfigureAwait(false);
                log.Debug($"rebroadcast {tx.TxId}");
            }
            catch (Exception e) when (e is BitcoindRpcException or BitcoindUnavailableException)
            {
                log.Debug($"rebroadcast of {tx.TxId}: {e.Message}");
            }
        }
    }

    public Task BlockDisconnectedAsync(BlockHash hash, BlockHeight height, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_confirmed.Remove(height, out var unconfirmed))
            {
                // Back to the mempool, or dropped: sent again with the next block.
                foreach (var tx in unconfirmed)
                    _pending[tx.TxId] = new Pending(tx) { BlocksSinceSent = RebroadcastInterval - 1 };
            }
        }
        return Task.CompletedTask;
    }

    private sealed class Pending(Transaction transaction)
    {
        public Transaction Transaction { get; } = transaction;
        public int BlocksSinceSent { get; set; }
    }
}
