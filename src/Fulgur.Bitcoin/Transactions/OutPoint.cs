using System.Globalization;
using Fulgur.Bitcoin.Encoding;

namespace Fulgur.Bitcoin.Transactions;

/// <summary>A reference to a transaction output: txid and output index. Displays as <c>txid:index</c>.</summary>
public readonly record struct OutPoint(TxId TxId, uint Index)
{
    public const int SerializedLength = 36;

    /// <summary>The null outpoint (zero txid, index 0xffffffff) that a coinbase input spends.</summary>
    public static readonly OutPoint Null = new(TxId.Zero, uint.MaxValue);

    public bool IsNull => Index == uint.MaxValue && TxId.Hash.IsZero;

    public static bool TryParse(string text, out OutPoint outPoint)
    {
        outPoint = default;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !TxId.TryParse(text.AsSpan(0, colon), out var txId)
            || !uint.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            return false;
        outPoint = new OutPoint(txId, index);
        return true;
    }

    public override string ToString() => $"{TxId}:{Index.ToString(CultureInfo.InvariantCulture)}";

    internal static bool TryRead(ref BitcoinReader reader, out OutPoint outPoint)
    {
        outPoint = default;
        if (!Hash256.TryRead(ref reader, out var hash) || !reader.TryReadUInt32(out var index))
            return false;
        outPoint = new OutPoint(new TxId(hash), index);
        return true;
    }

    internal void Write(BitcoinWriter writer)
    {
        TxId.Hash.Write(writer);
        writer.WriteUInt32(Index);
    }
}
