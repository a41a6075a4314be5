using Fulgur.Bitcoin.Transactions;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Channels;

/// <summary>
/// BOLT #3 "Transaction Output Ordering": "first according to their value, smallest first [...] followed by
/// `scriptpubkey`, comparing the common-length prefix lexicographically as if by `memcmp`, then selecting the shorter
/// script (if they differ in length), finally, for HTLC outputs, in increasing `cltv_expiry` order."
/// </summary>
internal static class TransactionOutputOrdering
{
    /// <summary>Compares two outputs; <paramref name="cltvA"/>/<paramref name="cltvB"/> are set for HTLC outputs only.</summary>
    public static int Compare(TxOut a, CltvExpiry? cltvA, TxOut b, CltvExpiry? cltvB)
    {
        var byValue = a.Value.Value.CompareTo(b.Value.Value);
        if (byValue != 0)
            return byValue;
        // SequenceCompareTo is memcmp over the common prefix, then the shorter sequence first.
        var byScript = a.ScriptPubKey.Bytes.SequenceCompareTo(b.ScriptPubKey.Bytes);
        if (byScript != 0)
            return byScript;
        return (cltvA?.Value ?? 0).CompareTo(cltvB?.Value ?? 0);
    }

    /// <summary>A stable sort of <paramref name="items"/> by their outputs.</summary>
    public static List<T> Sort<T>(IEnumerable<T> items, Func<T, TxOut> output, Func<T, CltvExpiry?> cltv)
    {
        var list = items.ToList();
        var order = Enumerable.Range(0, list.Count).ToArray();
        Array.Sort(order, (i, j) =>
        {
            var c = Compare(output(list[i]), cltv(list[i]), output(list[j]), cltv(list[j]));
            return c != 0 ? c : i.CompareTo(j);
        });
        return [.. order.Select(i => list[i])];
    }
}
