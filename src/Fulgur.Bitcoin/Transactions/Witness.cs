using System.Collections;
using Fulgur.Bitcoin.Encoding;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Transactions;

/// <summary>
/// An input's witness stack (BIP141), bottom item first as serialized. Immutable; compared by value.
/// </summary>
public sealed class Witness : IEquatable<Witness>, IReadOnlyList<ReadOnlyMemory<byte>>
{
    public static readonly Witness Empty = new([]);

    private readonly byte[][] _items;

    private Witness(byte[][] items) => _items = items;

    public static Witness Create(params ReadOnlySpan<byte[]> items)
    {
        if (items.IsEmpty)
            return Empty;
        var copy = new byte[items.Length][];
        for (var i = 0; i < items.Length; i++)
            copy[i] = (byte[])items[i].Clone();
        return new Witness(copy);
    }

    public static Witness Create(IEnumerable<byte[]> items) => Create([.. items]);

    public int Count => _items.Length;

    public bool IsEmpty => _items.Length == 0;

    public ReadOnlyMemory<byte> this[int index] => _items[index];

    /// <summary>Bytes of the witness as serialized: item count, then each item with its CompactSize length.</summary>
    public int SerializedLength
    {
        get
        {
            var length = BitcoinWriter.CompactSizeLength((ulong)_items.Length);
            foreach (var item in _items)
                length += BitcoinWriter.CompactSizeLength((ulong)item.Length) + item.Length;
            return length;
        }
    }

    public IEnumerator<ReadOnlyMemory<byte>> GetEnumerator()
    {
        foreach (var item in _items)
            yield return item;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(Witness? other)
    {
        if (other is null || other._items.Length != _items.Length)
            return false;
        for (var i = 0; i < _items.Length; i++)
        {
            if (!_items[i].AsSpan().SequenceEqual(other._items[i]))
                return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as Witness);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
            hash.AddBytes(item);
        return hash.ToHashCode();
    }

    public override string ToString() => "[" + string.Join(", ", _items.Select(i => Hex.Encode(i))) + "]";

    internal static bool TryRead(ref BitcoinReader reader, out Witness witness)
    {
        witness = Empty;
        if (!reader.TryReadCount(1, out var count))
            return false;
        if (count == 0)
            return true;
        var items = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            if (!reader.TryReadVarBytes(out var item))
                return false;
            items[i] = item.ToArray();
        }
        witness = new Witness(items);
        return true;
    }

    internal void Write(BitcoinWriter writer)
    {
        writer.WriteCompactSize((ulong)_items.Length);
        foreach (var item in _items)
            writer.WriteVarBytes(item);
    }
}
