using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin.Transactions;

namespace Fulgur.DevChain.Mempool;

/// <summary>
/// The set of accepted, unconfirmed transactions in acceptance order (so parents always precede children), with the
/// outpoints they spend. Policy lives in <see cref="MempoolPolicy"/>; this class only stores. Not thread-safe.
/// </summary>
internal sealed class TxMempool
{
    private readonly List<MempoolEntry> _entries = [];
    private readonly Dictionary<TxId, MempoolEntry> _byTxId = [];
    private readonly Dictionary<TxId, MempoolEntry> _byWTxId = [];
    private readonly Dictionary<OutPoint, TxId> _spentBy = [];

    public IReadOnlyList<MempoolEntry> Entries => _entries;

    public int Count => _entries.Count;

    public bool Contains(TxId txId) => _byTxId.ContainsKey(txId);

    public bool ContainsWitnessId(TxId wtxId) => _byWTxId.ContainsKey(wtxId);

    public bool TryGet(TxId txId, [NotNullWhen(true)] out MempoolEntry? entry) => _byTxId.TryGetValue(txId, out entry);

    /// <summary>The mempool transaction spending <paramref name="outPoint"/>, if any.</summary>
    public bool TryGetSpender(OutPoint outPoint, out TxId spender) => _spentBy.TryGetValue(outPoint, out spender);

    /// <summary>An output created by a mempool transaction (spent or not).</summary>
    public bool TryGetOutput(OutPoint outPoint, [NotNullWhen(true)] out TxOut? output)
    {
        output = null;
        if (!_byTxId.TryGetValue(outPoint.TxId, out var entry) || outPoint.Index >= entry.Transaction.Outputs.Length)
            return false;
        output = entry.Transaction.Outputs[(int)outPoint.Index];
        return true;
    }

    public void Add(MempoolEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _entries.Add(entry);
        _byTxId.Add(entry.TxId, entry);
        _byWTxId[entry.Transaction.WTxId] = entry;
        foreach (var input in entry.Transaction.Inputs)
            _spentBy[input.PrevOut] = entry.TxId;
    }

    /// <summary>Empties the mempool and returns what it held, in acceptance order.</summary>
    public IReadOnlyList<MempoolEntry> Clear()
    {
        var all = _entries.ToArray();
        _entries.Clear();
        _byTxId.Clear();
        _byWTxId.Clear();
        _spentBy.Clear();
        return all;
    }
}
