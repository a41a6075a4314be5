using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin.Transactions;

namespace Fulgur.DevChain.Chain;

/// <summary>Pending changes over a coin set (bitcoind's CCoinsViewCache): read through, commit only when all is valid.</summary>
internal sealed class CoinsOverlay(IReadOnlyDictionary<OutPoint, Coin> baseCoins)
{
    private readonly Dictionary<OutPoint, Coin> _added = [];
    private readonly HashSet<OutPoint> _spent = [];

    public bool TryGet(OutPoint outPoint, [NotNullWhen(true)] out Coin? coin)
    {
        if (_spent.Contains(outPoint))
        {
            coin = null;
            return false;
        }
        return _added.TryGetValue(outPoint, out coin) || baseCoins.TryGetValue(outPoint, out coin);
    }

    public void Add(OutPoint outPoint, Coin coin)
    {
        _spent.Remove(outPoint);
        _added[outPoint] = coin;
    }

    public void Spend(OutPoint outPoint)
    {
        if (!_added.Remove(outPoint))
            _spent.Add(outPoint);
    }

    public void CommitTo(Dictionary<OutPoint, Coin> target)
    {
        foreach (var outPoint in _spent)
            target.Remove(outPoint);
        foreach (var (outPoint, coin) in _added)
            target[outPoint] = coin;
    }
}
