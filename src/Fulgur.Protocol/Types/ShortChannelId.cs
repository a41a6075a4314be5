using System.Globalization;

namespace Fulgur.Protocol.Types;

/// <summary>How a <see cref="ShortChannelId"/> is printed.</summary>
public enum ShortChannelIdFormat
{
    /// <summary><c>BLOCK:TX:OUT</c>, as the JSON-RPC contract (lightning-sendpay(7)) writes it.</summary>
    Colon,

    /// <summary><c>BLOCKxTXxOUT</c>, BOLT 7's human-readable form.</summary>
    X,
}

/// <summary>
/// BOLT 7's 8-byte channel locator: block height (24 bits), transaction index (24 bits), output index (16 bits).
/// </summary>
public readonly record struct ShortChannelId(ulong Value) : IComparable<ShortChannelId>
{
    public const uint MaxBlockHeight = 0xFF_FFFF;
    public const uint MaxTransactionIndex = 0xFF_FFFF;

    // BOLT #7: "the most significant 3 bytes: indicating the block height"
    public uint BlockHeight => (uint)(Value >> 40);

    // BOLT #7: "the next 3 bytes: indicating the transaction index within the block"
    public uint TransactionIndex => (uint)(Value >> 16) & 0xFF_FFFF;

    // BOLT #7: "the least significant 2 bytes: indicating the output index that pays to the channel."
    public ushort OutputIndex => (ushort)Value;

    public static ShortChannelId Create(uint blockHeight, uint transactionIndex, ushort outputIndex)
    {
        if (blockHeight > MaxBlockHeight)
            throw new ArgumentOutOfRangeException(nameof(blockHeight), blockHeight, "a block height has 24 bits");
        if (transactionIndex > MaxTransactionIndex)
            throw new ArgumentOutOfRangeException(nameof(transactionIndex), transactionIndex, "a transaction index has 24 bits");
        return new ShortChannelId(((ulong)blockHeight << 40) | ((ulong)transactionIndex << 16) | outputIndex);
    }

    /// <summary>Parses <c>BLOCK:TX:OUT</c> or <c>BLOCKxTXxOUT</c> (decimal parts, each within its bit width).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ShortChannelId scid)
    {
        scid = default;
        var separator = text.Contains(':') ? ':' : 'x';
        Span<Range> parts = stackalloc Range[4];
        if (text.Split(parts, separator) != 3)
            return false;
        if (!TryParsePart(text[parts[0]], MaxBlockHeight, out var block)
            || !TryParsePart(text[parts[1]], MaxTransactionIndex, out var tx)
            || !TryParsePart(text[parts[2]], ushort.MaxValue, out var output))
            return false;
        scid = Create(block, tx, (ushort)output);
        return true;
    }

    public static ShortChannelId Parse(string text) =>
        TryParse(text, out var scid) ? scid : throw new FormatException($"'{text}' is not BLOCK:TX:OUT or BLOCKxTXxOUT");

    private static bool TryParsePart(ReadOnlySpan<char> part, uint max, out uint value)
    {
        value = 0;
        // Digits only: no sign, no spaces, no hex.
        if (part.IsEmpty || part.Length > 10)
            return false;
        foreach (var c in part)
        {
            if (c is < '0' or > '9')
                return false;
        }
        return uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= max;
    }

    public string ToString(ShortChannelIdFormat format)
    {
        var separator = format == ShortChannelIdFormat.X ? "x" : ":";
        return string.Create(CultureInfo.InvariantCulture, $"{BlockHeight}{separator}{TransactionIndex}{separator}{OutputIndex}");
    }

    /// <summary><c>BLOCK:TX:OUT</c>, the RPC spelling.</summary>
    public override string ToString() => ToString(ShortChannelIdFormat.Colon);

    public int CompareTo(ShortChannelId other) => Value.CompareTo(other.Value);

    public static bool operator <(ShortChannelId a, ShortChannelId b) => a.Value < b.Value;
    public static bool operator >(ShortChannelId a, ShortChannelId b) => a.Value > b.Value;
    public static bool operator <=(ShortChannelId a, ShortChannelId b) => a.Value <= b.Value;
    public static bool operator >=(ShortChannelId a, ShortChannelId b) => a.Value >= b.Value;
}
