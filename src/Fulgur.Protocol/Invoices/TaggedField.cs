using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Invoices;

/// <summary>The 5-bit <c>type</c> of a tagged field; the letter is the bech32 character of the value.</summary>
public enum InvoiceFieldType : byte
{
    /// <summary><c>p</c> (1): <c>data_length</c> 52, the SHA256 payment_hash.</summary>
    PaymentHash = 1,

    /// <summary><c>r</c> (3): private route hops.</summary>
    RouteHint = 3,

    /// <summary><c>9</c> (5): feature bits.</summary>
    Features = 5,

    /// <summary><c>x</c> (6): expiry in seconds.</summary>
    Expiry = 6,

    /// <summary><c>f</c> (9): on-chain fallback address.</summary>
    FallbackAddress = 9,

    /// <summary><c>d</c> (13): UTF-8 description.</summary>
    Description = 13,

    /// <summary><c>s</c> (16): <c>data_length</c> 52, the payment secret.</summary>
    PaymentSecret = 16,

    /// <summary><c>n</c> (19): <c>data_length</c> 53, the payee's node id.</summary>
    PayeeNodeId = 19,

    /// <summary><c>h</c> (23): <c>data_length</c> 52, SHA256 of a long description.</summary>
    DescriptionHash = 23,

    /// <summary><c>c</c> (24): <c>min_final_cltv_expiry_delta</c>.</summary>
    MinFinalCltvExpiryDelta = 24,

    /// <summary><c>m</c> (27): payment metadata.</summary>
    PaymentMetadata = 27,
}

/// <summary>
/// One tagged field exactly as written: its type and its data as 5-bit words. An invoice keeps all of them in order,
/// unknown and skipped ones included, so that it re-encodes to the same string.
/// </summary>
public sealed record TaggedField
{
    /// <summary>BOLT #11: "the maximum length of a Tagged Field's `data` is constricted by the maximum value of `data_length`" (10 bits).</summary>
    public const int MaxWords = 1023;

    public TaggedField(InvoiceFieldType type, ByteVector words)
    {
        if ((byte)type > 31)
            throw new ArgumentOutOfRangeException(nameof(type), type, "a field type is 5 bits");
        if (words.Length > MaxWords)
            throw new ArgumentException($"a field holds at most {MaxWords} words", nameof(words));
        foreach (var word in words.Span)
        {
            if (word > 31)
                throw new ArgumentException("words are 5-bit values", nameof(words));
        }
        Type = type;
        Words = words;
    }

    public InvoiceFieldType Type { get; }

    /// <summary>The <c>data</c>, one 5-bit value per byte.</summary>
    public ByteVector Words { get; }

    /// <summary>The field's letter: <c>p</c>, <c>s</c>, <c>d</c>, …</summary>
    public char Letter => InvoiceWords.Charset[(int)Type];

    /// <summary>A field holding bytes, zero-padded to whole words.</summary>
    public static TaggedField FromBytes(InvoiceFieldType type, ReadOnlySpan<byte> bytes) =>
        new(type, ByteVector.TakeOwnership(InvoiceWords.FromBytes(bytes)));

    public override string ToString() => $"{Letter}({Words.Length} words)";
}
