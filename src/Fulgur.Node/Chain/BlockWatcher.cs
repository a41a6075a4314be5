using System.Globalization;
using System.Text;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Node.Logging;
using Fulgur.Node.Storage;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Chain;

/// <summary>
/// Follows the backend's best chain block by block. Every poll (--dev-bitcoind-poll) it checks that the blocks it
/// processed are still on the best chain, walks back to the fork point telling listeners about each abandoned block,
/// then connects every new block in order. The processed blocks' heights and hashes (the last <see cref="KeptHeaders"/>)
/// are persisted after each step, so a restart resumes where it stopped and delivers the last
/// <see cref="RescanDepth"/> blocks again. A backend that is down or refuses us is logged once per state change and
/// retried with backoff; the node keeps running and getinfo keeps the last known height.
/// </summary>
public sealed class BlockWatcher : INodeComponent, IDisposable
{
    /// <summary>Blocks remembered for reorg detection; deeper reorgs are not expected on any network we run on.</summary>
    public const int KeptHeaders = 100;

    /// <summary>Blocks delivered again after a restart, in case the node stopped between a block and its listeners' writes.</summary>
    public const int RescanDepth = 6;

    internal const string TipVar = "chain_processed";

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    private readonly IChainSource _source;
    private readonly IStore _store;
    private readonly NodeStatus _status;
    private readonly Logger _log;
    private readonly TimeSpan _pollInterval;
    private readonly TimeProvider _clock;
    private readonly List<IChainListener> _listeners = [];
    private readonly List<ChainTip> _processed = [];
    private readonly SemaphoreSlim _pollGate = new(1, 1);
    private CancellationTokenSource? _stop;
    private Task? _loop;
    private bool _loaded;
    private bool _backendDown;
    private string? _lastError;
    private TaskCompletionSource _polled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public BlockWatcher(IChainSource source, IStore store, NodeStatus status, Logger log, TimeSpan pollInterval, TimeProvider clock)
    {
        _source = source;
        _store = store;
        _status = status;
        _log = log;
        _pollInterval = pollInterval <= TimeSpan.Zero ? TimeSpan.FromSeconds(1) : pollInterval;
        _clock = clock;
    }

    public string Name => "chain watcher";

    /// <summary>The last block processed, or null before the first successful poll.</summary>
    public ChainTip? Tip
    {
        get
        {
            lock (_processed)
                return _processed.Count == 0 ? null : _processed[^1];
        }
    }

    /// <summary>True while the backend cannot be reached or refuses us.</summary>
    public bool BackendDown => _backendDown;

    /// <summary>Adds a listener; call before <see cref="StartAsync"/>.</summary>
    public void Subscribe(IChainListener listener) => _listeners.Add(listener);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stop = new CancellationTokenSource();
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stop is null || _loop is null)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        _stop.Dispose();
        _stop = null;
    }

    public void Dispose()
    {
        _stop?.Dispose();
        _pollGate.Dispose();
    }

    /// <summary>Completes after the next poll finishes (successfully or not); for callers that want fresh chain state.</summary>
    public Task NextPollAsync() => Volatile.Read(ref _polled).Task;

    private async Task RunAsync(CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            var ok = await PollOnceAsync(ct).ConfigureAwait(false);
            failures = ok ? 0 : failures + 1;
            var delay = ok ? _pollInterval : Backoff(failures);
            await Task.Delay(delay, _clock, ct).ConfigureAwait(false);
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 6));
        var delay = TimeSpan.FromTicks((long)(_pollInterval.Ticks * factor));
        return delay > MaxBackoff ? MaxBackoff : delay;
    }

    /// <summary>One poll: follow the backend to its tip. Returns false when the backend failed (already logged).</summary>
    public async Task<bool> PollOnceAsync(CancellationToken ct)
    {
        await _pollGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await SyncAsync(ct).ConfigureAwait(false);
            if (_backendDown)
            {
                _backendDown = false;
                _lastError = null;
                _log.Info($"bitcoind backend reachable again; processed height {_status.BlockHeight}");
            }
            return true;
        }
        catch (Exception e) when (e is BitcoindUnavailableException or BitcoindRpcException)
        {
            // One line per state change, not per retry.
            if (!_backendDown || _lastError != e.Message)
                _log.Unusual($"bitcoind backend unavailable, will retry: {e.Message}");
            _backendDown = true;
            _lastError = e.Message;
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A listener or the store failed: keep the node up, retry from the last recorded block.
            _log.Broken($"processing the chain failed, will retry: {e.Message}");
            _loaded = false;
            return false;
        }
        finally
        {
            _pollGate.Release();
            Interlocked.Exchange(ref _polled, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    private async Task SyncAsync(CancellationToken ct)
    {
        if (!_loaded)
            await LoadAsync(ct).ConfigureAwait(false);
        var tip = await _source.GetTipAsync(ct).ConfigureAwait(false);
        if (Tip is null)
        {
            // A fresh node starts at the current tip: it has no addresses or channels in older blocks.
            await RecordAsync(add: tip, ct).ConfigureAwait(false);
            _log.Info($"following the chain from height {tip.Height.Value} ({tip.Hash})");
            return;
        }

        // Walk back to the fork point.
        while (Tip is { } top)
        {
            var hash = await _source.GetBlockHashAsync(top.Height, ct).ConfigureAwait(false);
            if (hash == top.Hash)
                break;
            _log.Info($"block {top.Height.Value} {top.Hash} left the best chain");
            foreach (var listener in _listeners)
                await listener.BlockDisconnectedAsync(top.Hash, top.Height, ct).ConfigureAwait(false);
            await RecordAsync(add: null, ct).ConfigureAwait(false);
            if (Tip is null)
            {
                // Deeper than we remember: resume just below the oldest block we knew.
                var baseHeight = top.Height.Value == 0 ? 0 : top.Height.Value - 1;
                var baseHash = await _source.GetBlockHashAsync(new BlockHeight(baseHeight), ct).ConfigureAwait(false)
                    ?? throw new BitcoindUnavailableException($"backend has no block at height {baseHeight}");
                _log.Broken($"reorg deeper than {KeptHeaders} blocks; resuming from height {baseHeight}");
                await RecordAsync(add: new ChainTip(new BlockHeight(baseHeight), baseHash), ct).ConfigureAwait(false);
            }
        }

        // Connect the new blocks.
        while (Tip is { } top)
        {
            var next = top.Height + 1;
            var hash = await _source.GetBlockHashAsync(next, ct).ConfigureAwait(false);
            if (hash is null)
                break;
            var block = await _source.GetBlockAsync(hash.Value, ct).ConfigureAwait(false);
            if (block.Header.PreviousBlock != top.Hash)
                break; // The chain changed under us; the next poll rewinds.
            foreach (var listener in _listeners)
                await listener.BlockConnectedAsync(block, next, ct).ConfigureAwait(false);
            await RecordAsync(add: new ChainTip(next, hash.Value), ct).ConfigureAwait(false);
            _log.Debug($"processed block {next.Value} {hash.Value}");
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        string? stored;
        await using (var tx = await _store.BeginAsync(ct).ConfigureAwait(false))
            stored = await tx.Vars.GetAsync(TipVar, ct).ConfigureAwait(false);
        var headers = ParseHeaders(stored);
        lock (_processed)
        {
            _processed.Clear();
            _processed.AddRange(headers);
        }
        _loaded = true;
        if (headers.Count == 0)
            return;
        var top = headers[^1];
        _status.BlockHeight = top.Height.Value;
        _log.Info($"resuming the chain at height {top.Height.Value} ({top.Hash}); rescanning the last {RescanDepth} blocks");
        // Deliver the last blocks again (still checked against the best chain first by the normal reorg walk).
        var rescan = headers.Skip(Math.Max(0, headers.Count - RescanDepth)).ToList();
        foreach (var header in rescan)
        {
            var current = await _source.GetBlockHashAsync(header.Height, ct).ConfigureAwait(false);
            if (current != header.Hash)
                break;
            var block = await _source.GetBlockAsync(header.Hash, ct).ConfigureAwait(false);
            foreach (var listener in _listeners)
                await listener.BlockConnectedAsync(block, header.Height, ct).ConfigureAwait(false);
        }
    }

    private async Task RecordAsync(ChainTip? add, CancellationToken ct)
    {
        string text;
        lock (_processed)
        {
            if (add is { } header)
            {
                _processed.Add(header);
                if (_processed.Count > KeptHeaders)
                    _processed.RemoveAt(0);
            }
            else
            {
                _processed.RemoveAt(_processed.Count - 1);
            }
            text = FormatHeaders(_processed);
        }
        await using (var tx = await _store.BeginAsync(ct).ConfigureAwait(false))
        {
            await tx.Vars.SetAsync(TipVar, text, ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        if (Tip is { } tip)
            _status.BlockHeight = tip.Height.Value;
    }

    /// <summary>"height:hash" pairs separated by commas, oldest first.</summary>
    internal static string FormatHeaders(IEnumerable<ChainTip> headers)
    {
        var text = new StringBuilder();
        foreach (var h in headers)
        {
            if (text.Length > 0)
                text.Append(',');
            text.Append(h.Height.Value.ToString(CultureInfo.InvariantCulture)).Append(':').Append(h.Hash.ToString());
        }
        return text.ToString();
    }

    internal static List<ChainTip> ParseHeaders(string? text)
    {
        var list = new List<ChainTip>();
        if (string.IsNullOrEmpty(text))
            return list;
        foreach (var part in text.Split(','))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0
                || !uint.TryParse(part.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var height)
                || !BlockHash.TryParse(part.AsSpan(colon + 1), out var hash))
                return [];
            list.Add(new ChainTip(new BlockHeight(height), hash));
        }
        return list;
    }
}
