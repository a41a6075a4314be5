using System.Globalization;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Addresses;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Sighash;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Node.Chain;
using Fulgur.Node.Logging;
using Fulgur.Node.Storage;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Wallet;

/// <summary>Why a spend could not be made; <see cref="Code"/> is the JSON-RPC error code to answer with.</summary>
public sealed class WalletException : Exception
{
    /// <summary>Core Lightning's FUND_CANNOT_AFFORD.</summary>
    public const int CannotAfford = 301;

    public WalletException(int code, string message) : base(message) => Code = code;

    public WalletException() : this(-1, "wallet error") { }

    public WalletException(string message) : this(-1, message) { }

    public WalletException(string message, Exception innerException) : base(message, innerException) => Code = -1;

    public int Code { get; }
}

/// <summary>A broadcast withdraw.</summary>
public sealed record WithdrawResult(Transaction Transaction)
{
    public TxId TxId => Transaction.TxId;
}

/// <summary>
/// The on-chain wallet: P2WPKH addresses from <see cref="WalletKeys"/>, the outputs paying to them as the block
/// watcher reports blocks (confirmed, unconfirmed after a reorg, spent; conflicted change dropped), reservations so
/// two spends never select the same output, and withdraw. Every mutation runs under one gate, so concurrent commands
/// are serialized, and is persisted before it is acted on. A lookahead window of <see cref="Lookahead"/> scripts past
/// the last issued index is recognised, so funds to an address issued before a crash (or by a restored copy) are seen.
/// </summary>
public sealed class OnchainWallet : IChainListener, IDisposable
{
    public const uint Lookahead = 20;

    private readonly WalletKeys _keys;
    private readonly Network _network;
    private readonly IStore _store;
    private readonly IBroadcaster _broadcaster;
    private readonly Logger _log;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<OutPoint, WalletUtxo> _utxos = [];
    private readonly Dictionary<Script, uint> _scripts = [];
    private readonly Dictionary<OutPoint, long> _reserved = [];
    private readonly Dictionary<TxId, Transaction> _sent = [];
    private uint _nextIndex;
    private uint _derivedUpTo;
    private long _nextReservation;
    private bool _loaded;

    public OnchainWallet(WalletKeys keys, Network network, IStore store, IBroadcaster broadcaster, Logger log)
    {
        _keys = keys;
        _network = network;
        _store = store;
        _broadcaster = broadcaster;
        _log = log;
    }

    public Network Network => _network;

    /// <summary>Reads the outputs and the next key index from the store (once; later calls do nothing).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_loaded)
                return;
            await using var tx = await _store.BeginAsync(cancellationToken).ConfigureAwait(false);
            var next = await tx.Vars.GetAsync(WalletVarNames.NextKeyIndex, cancellationToken).ConfigureAwait(false);
            _nextIndex = next is null ? 0 : uint.Parse(next, NumberStyles.None, CultureInfo.InvariantCulture);
            foreach (var utxo in await tx.Wallet.ListOutputsAsync(cancellationToken).ConfigureAwait(false))
                _utxos[utxo.OutPoint] = utxo;
            foreach (var sent in await tx.Wallet.ListTransactionsAsync(cancellationToken).ConfigureAwait(false))
                _sent[sent.TxId] = sent;
            ExtendLookahead();
            _loaded = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A snapshot of every output we know, spent ones included.</summary>
    public IReadOnlyList<WalletUtxo> Outputs
    {
        get
        {
            lock (_utxos)
                return [.. _utxos.Values];
        }
    }

    /// <summary>Transactions we sent whose spends of our outputs are not yet in a block: to broadcast again after a restart.</summary>
    public IReadOnlyList<Transaction> UnconfirmedSent
    {
        get
        {
            lock (_utxos)
            {
                var waiting = _utxos.Values.Where(u => u.Status == UtxoStatus.Spent && u.SpentHeight is null && u.SpentBy is not null)
                    .Select(u => u.SpentBy!.Value).ToHashSet();
                return [.. _sent.Values.Where(t => waiting.Contains(t.TxId))];
            }
        }
    }

    /// <summary>The address of a wallet output script.</summary>
    public string AddressOf(Script scriptPubKey) => Address.Format(scriptPubKey, _network);

    /// <summary>Issues the next P2WPKH address (the index is persisted before the address is returned).</summary>
    public async Task<string> NewAddressAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var index = await AllocateIndexAsync(cancellationToken).ConfigureAwait(false);
            return AddressOf(_keys.ScriptPubKey(index));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Selects confirmed, unreserved outputs paying <paramref name="amount"/> to <paramref name="destination"/> at
    /// <paramref name="feeRate"/>, with change to a fresh wallet address, and holds them until
    /// <see cref="CommitAsync"/> or <see cref="ReleaseAsync"/>. Throws <see cref="WalletException"/> (301) when the funds do not suffice.
    /// </summary>
    public async Task<WalletReservation> ReserveAsync(SpendAmount amount, FeeRate feeRate, Script destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var available = _utxos.Values
                .Where(u => u.Status == UtxoStatus.Confirmed && !_reserved.ContainsKey(u.OutPoint))
                .ToList();
            var changeScript = _keys.ScriptPubKey(_nextIndex);
            if (!CoinSelection.TrySelect(available, amount, feeRate, destination, changeScript, out var selection, out var error))
                throw new WalletException(WalletException.CannotAfford, error!);
            if (selection!.Change is not null)
                await AllocateIndexAsync(cancellationToken).ConfigureAwait(false);
            var id = ++_nextReservation;
            foreach (var input in selection.Inputs)
                _reserved[input.OutPoint] = id;
            return new WalletReservation(id, selection.Inputs, destination, selection.Amount, selection.Change, selection.Fee, feeRate);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Frees a reservation's outputs for other spends.</summary>
    public async Task ReleaseAsync(WalletReservation reservation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Unreserve(reservation);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Signs every input of <paramref name="transaction"/> that spends one of the reservation's outputs (BIP143, SIGHASH_ALL).</summary>
    public Transaction Sign(WalletReservation reservation, Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentNullException.ThrowIfNull(transaction);
        var byOutPoint = reservation.Inputs.ToDictionary(u => u.OutPoint);
        var cache = new SegwitV0SighashCache(transaction);
        var signed = transaction;
        for (var i = 0; i < transaction.Inputs.Length; i++)
        {
            if (!byOutPoint.TryGetValue(transaction.Inputs[i].PrevOut, out var utxo))
                continue;
            var key = _keys.PrivateKey(utxo.KeyIndex);
            utxo.ScriptPubKey.TryGetWitnessProgram(out _, out var keyHash);
            var scriptCode = StandardScripts.P2WpkhScriptCode(keyHash);
            var signature = TransactionSignature.SignSegwitV0(key, transaction, i, scriptCode, utxo.Value, SigHashType.All, cache);
            signed = signed.WithWitness(i, Witness.Create(signature.ToBytes(), key.PublicKey.ToCompressed()));
        }
        return signed;
    }

    /// <summary>
    /// Records that <paramref name="transaction"/> (built from <paramref name="reservation"/>, signed) is being sent: its
    /// inputs become spent and its outputs to our scripts unconfirmed outputs. Persisted before returning.
    /// </summary>
    public async Task CommitAsync(WalletReservation reservation, Transaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentNullException.ThrowIfNull(transaction);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var changes = new List<WalletUtxo>();
            foreach (var input in transaction.Inputs)
            {
                if (_utxos.TryGetValue(input.PrevOut, out var utxo))
                    changes.Add(utxo with { Status = UtxoStatus.Spent, SpentBy = transaction.TxId, SpentHeight = null });
            }
            for (var i = 0; i < transaction.Outputs.Length; i++)
            {
                var output = transaction.Outputs[i];
                if (_scripts.TryGetValue(output.ScriptPubKey, out var index))
                    changes.Add(new WalletUtxo(new OutPoint(transaction.TxId, (uint)i), output.Value, index, output.ScriptPubKey,
                        UtxoStatus.Unconfirmed, null, null, null));
            }
            await PersistAsync(changes, [], transaction, null, cancellationToken).ConfigureAwait(false);
            Unreserve(reservation);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// withdraw: reserve, sign, commit, broadcast. A transaction the backend refuses is undone (inputs confirmed again,
    /// its outputs forgotten) and reported as an error.
    /// </summary>
    public async Task<WithdrawResult> WithdrawAsync(Script destination, SpendAmount amount, FeeRate feeRate, CancellationToken cancellationToken)
    {
        var reservation = await ReserveAsync(amount, feeRate, destination, cancellationToken).ConfigureAwait(false);
        Transaction signed;
        try
        {
            signed = Sign(reservation, reservation.BuildUnsigned());
            await CommitAsync(reservation, signed, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ReleaseAsync(reservation, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        var sent = await _broadcaster.BroadcastAsync(signed, cancellationToken).ConfigureAwait(false);
        if (!sent.Accepted)
        {
            await UndoAsync(signed, reservation, CancellationToken.None).ConfigureAwait(false);
            throw new WalletException(-1, $"Error broadcasting transaction: {sent.Error}");
        }
        _log.Info($"withdraw {reservation.Amount.Value}sat in {signed.TxId} (fee {reservation.Fee.Value}sat)");
        return new WithdrawResult(signed);
    }

    private async Task UndoAsync(Transaction transaction, WalletReservation reservation, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var restored = reservation.Inputs.Select(u => u with { Status = UtxoStatus.Confirmed, SpentBy = null, SpentHeight = null }).ToList();
            var removed = _utxos.Keys.Where(o => o.TxId == transaction.TxId).ToList();
            await PersistAsync(restored, removed, null, transaction.TxId, ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task BlockConnectedAsync(Block block, BlockHeight height, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(block);
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var changes = new Dictionary<OutPoint, WalletUtxo>();
            var removed = new List<OutPoint>();
            TxId? conflicted = null;
            WalletUtxo? Current(OutPoint o) => changes.TryGetValue(o, out var c) ? c : _utxos.GetValueOrDefault(o);
            var highestIndex = (long)_nextIndex - 1;
            foreach (var tx in block.Transactions)
            {
                foreach (var input in tx.Inputs)
                {
                    if (Current(input.PrevOut) is not { } spent)
                        continue;
                    if (spent.SpentBy is { } earlier && earlier != tx.TxId)
                    {
                        // Our earlier spend lost to this one: its outputs (our change) will never exist.
                        _log.Unusual($"{earlier} was conflicted by {tx.TxId}; dropping its outputs");
                        removed.AddRange(_utxos.Keys.Where(o => o.TxId == earlier));
                        conflicted = earlier;
                    }
                    changes[input.PrevOut] = spent with { Status = UtxoStatus.Spent, SpentBy = tx.TxId, SpentHeight = height };
                }
                for (var i = 0; i < tx.Outputs.Length; i++)
                {
                    var output = tx.Outputs[i];
                    if (!_scripts.TryGetValue(output.ScriptPubKey, out var index))
                        continue;
                    var outPoint = new OutPoint(tx.TxId, (uint)i);
                    var known = Current(outPoint);
                    changes[outPoint] = known is null
                        ? new WalletUtxo(outPoint, output.Value, index, output.ScriptPubKey, UtxoStatus.Confirmed, height, null, null)
                        : known with { Status = known.Status == UtxoStatus.Spent ? UtxoStatus.Spent : UtxoStatus.Confirmed, BlockHeight = height };
                    highestIndex = Math.Max(highestIndex, index);
                    if (known is null)
                        _log.Info($"received {output.Value.Value}sat in {outPoint} at height {height.Value}");
                }
            }
            removed.RemoveAll(changes.ContainsKey);
            if (changes.Count == 0 && removed.Count == 0)
                return;
            if (highestIndex >= _nextIndex)
                await SetNextIndexAsync((uint)highestIndex + 1, cancellationToken).ConfigureAwait(false);
            await PersistAsync(changes.Values, removed, null, conflicted, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task BlockDisconnectedAsync(BlockHash hash, BlockHeight height, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var changes = new List<WalletUtxo>();
            foreach (var utxo in _utxos.Values)
            {
                var updated = utxo;
                if (utxo.BlockHeight == height)
                {
                    updated = updated with
                    {
                        BlockHeight = null,
                        Status = utxo.Status == UtxoStatus.Spent ? UtxoStatus.Spent : UtxoStatus.Unconfirmed,
                    };
                }
                if (utxo.SpentHeight == height)
                {
                    // The spend is back in the mempool (or gone); ours stays spent by it until a conflict confirms.
                    updated = updated with { SpentHeight = null };
                    if (!IsOurs(utxo.SpentBy))
                        updated = updated with { Status = updated.BlockHeight is null ? UtxoStatus.Unconfirmed : UtxoStatus.Confirmed, SpentBy = null };
                }
                if (!ReferenceEquals(updated, utxo))
                    changes.Add(updated);
            }
            if (changes.Count > 0)
                await PersistAsync(changes, [], null, null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>True when we signed and sent <paramref name="txid"/> (it stays in the mempool after a reorg, so its inputs stay spent).</summary>
    private bool IsOurs(TxId? txid) => txid is { } id && (_sent.ContainsKey(id) || _utxos.Keys.Any(o => o.TxId == id));

    private async Task PersistAsync(
        IEnumerable<WalletUtxo> upserts, IReadOnlyList<OutPoint> deletes, Transaction? sent, TxId? forget, CancellationToken ct)
    {
        var list = upserts.ToList();
        await using (var tx = await _store.BeginAsync(ct).ConfigureAwait(false))
        {
            if (sent is not null)
                await tx.Wallet.AddTransactionAsync(sent, ct).ConfigureAwait(false);
            if (forget is { } forgotten)
                await tx.Wallet.DeleteTransactionAsync(forgotten, ct).ConfigureAwait(false);
            foreach (var utxo in list)
                await tx.Wallet.UpsertOutputAsync(utxo, ct).ConfigureAwait(false);
            foreach (var outPoint in deletes)
                await tx.Wallet.DeleteOutputAsync(outPoint, ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        lock (_utxos)
        {
            foreach (var utxo in list)
                _utxos[utxo.OutPoint] = utxo;
            foreach (var outPoint in deletes)
                _utxos.Remove(outPoint);
            if (sent is not null)
                _sent[sent.TxId] = sent;
            if (forget is { } forgotten)
                _sent.Remove(forgotten);
        }
    }

    private async Task<uint> AllocateIndexAsync(CancellationToken ct)
    {
        var index = _nextIndex;
        await SetNextIndexAsync(index + 1, ct).ConfigureAwait(false);
        return index;
    }

    private async Task SetNextIndexAsync(uint next, CancellationToken ct)
    {
        await using (var tx = await _store.BeginAsync(ct).ConfigureAwait(false))
        {
            await tx.Vars.SetAsync(WalletVarNames.NextKeyIndex, next.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        _nextIndex = next;
        ExtendLookahead();
    }

    private void ExtendLookahead()
    {
        var upTo = _nextIndex + Lookahead;
        for (var i = _derivedUpTo; i < upTo; i++)
            _scripts[_keys.ScriptPubKey(i)] = i;
        _derivedUpTo = Math.Max(_derivedUpTo, upTo);
    }

    public void Dispose() => _gate.Dispose();

    private void Unreserve(WalletReservation reservation)
    {
        foreach (var input in reservation.Inputs)
        {
            if (_reserved.TryGetValue(input.OutPoint, out var id) && id == reservation.Id)
                _reserved.Remove(input.OutPoint);
        }
    }
}
