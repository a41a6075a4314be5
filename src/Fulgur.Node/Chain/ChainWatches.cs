using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Chain;

/// <summary>A watched transaction's depth: 0 when it is not (or no longer) in the best chain.</summary>
public readonly record struct TxDepth(TxId TxId, int Confirmations, BlockHeight? BlockHeight);

/// <summary>A watched output was spent by <paramref name="SpendingTx"/> at <paramref name="BlockHeight"/>, or (SpendingTx null) the spend left the best chain.</summary>
public sealed record OutputSpend(OutPoint OutPoint, Transaction? SpendingTx, BlockHeight? BlockHeight);

/// <summary>
/// Per-transaction and per-output watches on top of the <see cref="BlockWatcher"/>: what channels use for funding depth
/// and for spends of their funding output (closes). Handlers run on the watcher's loop, in chain order; a txid watch
/// hears its depth after every block while it is watched, an output watch hears each spend and each un-spend by a reorg.
/// </summary>
public sealed class ChainWatches : IChainListener
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TxId, TxWatch> _txids = [];
    private readonly Dictionary<OutPoint, OutputWatch> _outputs = [];
    private BlockHeight _tip;

    /// <summary>Watches <paramref name="txid"/>'s confirmation depth; dispose the result to stop.</summary>
    public IDisposable WatchTransaction(TxId txid, Func<TxDepth, CancellationToken, Task> handler)
    {
        var watch = new TxWatch(handler);
        lock (_lock)
            _txids[txid] = watch;
        return new Unwatch(() => { lock (_lock) _txids.Remove(txid); });
    }

    /// <summary>Watches for a transaction spending <paramref name="outPoint"/>; dispose the result to stop.</summary>
    public IDisposable WatchOutput(OutPoint outPoint, Func<OutputSpend, CancellationToken, Task> handler)
    {
        var watch = new OutputWatch(handler);
        lock (_lock)
            _outputs[outPoint] = watch;
        return new Unwatch(() => { lock (_lock) _outputs.Remove(outPoint); });
    }

    public async Task BlockConnectedAsync(Block block, BlockHeight height, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(block);
        var calls = new List<Func<Task>>();
        lock (_lock)
        {
            _tip = height;
            foreach (var tx in block.Transactions)
            {
                if (_txids.TryGetValue(tx.TxId, out var txWatch))
                    txWatch.Height = height;
                foreach (var input in tx.Inputs)
                {
                    if (_outputs.TryGetValue(input.PrevOut, out var outWatch))
                    {
                        outWatch.SpentAt = height;
                        var spend = new OutputSpend(input.PrevOut, tx, height);
                        calls.Add(() => outWatch.Handler(spend, cancellationToken));
                    }
                }
            }
            foreach (var (txid, watch) in _txids)
                calls.Add(DepthCall(txid, watch, cancellationToken));
        }
        foreach (var call in calls)
            await call().ConfigureAwait(false);
    }

    public async Task BlockDisconnectedAsync(BlockHash hash, BlockHeight height, CancellationToken cancellationToken)
    {
        var calls = new List<Func<Task>>();
        lock (_lock)
        {
            _tip = height - 1;
            foreach (var (txid, watch) in _txids)
            {
                if (watch.Height == height)
                    watch.Height = null;
                calls.Add(DepthCall(txid, watch, cancellationToken));
            }
            foreach (var (outPoint, watch) in _outputs)
            {
                if (watch.SpentAt == height)
                {
                    watch.SpentAt = null;
                    var unspend = new OutputSpend(outPoint, null, null);
                    calls.Add(() => watch.Handler(unspend, cancellationToken));
                }
            }
        }
        foreach (var call in calls)
            await call().ConfigureAwait(false);
    }

    private Func<Task> DepthCall(TxId txid, TxWatch watch, CancellationToken ct)
    {
        var depth = watch.Height is { } h ? (int)(_tip - h) + 1 : 0;
        var update = new TxDepth(txid, depth, watch.Height);
        return () => watch.Handler(update, ct);
    }

    private sealed class TxWatch(Func<TxDepth, CancellationToken, Task> handler)
    {
        public Func<TxDepth, CancellationToken, Task> Handler { get; } = handler;
        public BlockHeight? Height { get; set; }
    }

    private sealed class OutputWatch(Func<OutputSpend, CancellationToken, Task> handler)
    {
        public Func<OutputSpend, CancellationToken, Task> Handler { get; } = handler;
        public BlockHeight? SpentAt { get; set; }
    }

    private sealed class Unwatch(Action action) : IDisposable
    {
        private Action? _action = action;

        public void Dispose() => Interlocked.Exchange(ref _action, null)?.Invoke();
    }
}
