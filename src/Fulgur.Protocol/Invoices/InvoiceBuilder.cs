using System.Text;
using Fulgur.Bitcoin;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;

namespace Fulgur.Protocol.Invoices;

/// <summary>
/// Writes an invoice from typed values, following BOLT 11's writer rules. Fields are written in the order
/// s, p, d|h, n, x, c, f…, r…, 9, m (the order of most of the spec's examples).
/// </summary>
public sealed class InvoiceBuilder
{
    /// <summary>BOLT #11: "This is 1023 x 5 bits, or 639 bytes."</summary>
    public const int MaxDescriptionBytes = 639;

    public InvoiceBuilder(Network network, PaymentHash paymentHash, PaymentSecret paymentSecret, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(network);
        Network = network;
        PaymentHash = paymentHash;
        PaymentSecret = paymentSecret;
        Timestamp = timestamp;
    }

    public Network Network { get; }

    /// <summary>BOLT #11: "MUST set `payment_hash` to the SHA2 256-bit hash of the `payment_preimage` that will be given in return for payment."</summary>
    public PaymentHash PaymentHash { get; }

    public PaymentSecret PaymentSecret { get; }

    public DateTimeOffset Timestamp { get; }

    /// <summary>Null for "any amount". BOLT #11: "if a specific minimum `amount` is required for successful payment: - MUST include that `amount`."</summary>
    public MilliSatoshi? Amount { get; set; }

    /// <summary>The <c>d</c> field; set this or <see cref="DescriptionHash"/>.</summary>
    public string? Description { get; set; }

    /// <summary>The <c>h</c> field; set this or <see cref="Description"/>.</summary>
    public Bytes32? DescriptionHash { get; set; }

    /// <summary>Writes an <c>n</c> field; it must be the signing key's. Without it the payer recovers the key.</summary>
    public NodeId? PayeeNodeId { get; set; }

    /// <summary>The <c>x</c> field in whole seconds; null leaves it out (the reader assumes 3600).</summary>
    public TimeSpan? Expiry { get; set; }

    /// <summary>The <c>c</c> field; null leaves it out (the reader assumes 18). BOLT #11: "SHOULD include one `c` field".</summary>
    public CltvExpiryDelta? MinFinalCltvExpiryDelta { get; set; }

    /// <summary>BOLT #11: "MUST specify the most-preferred field first, followed by less-preferred fields, in order."</summary>
    public IList<FallbackAddress> Fallbacks { get; } = [];

    public IList<RouteHint> RouteHints { get; } = [];

    /// <summary>The <c>9</c> field. BOLT #11: "otherwise: - MUST omit the `9` field altogether."</summary>
    public FeatureBits Features { get; set; } = FeatureBits.Empty;

    /// <summary>The <c>m</c> field; null leaves it out.</summary>
    public ByteVector? PaymentMetadata { get; set; }

    /// <summary>
    /// The human-readable part and fields; throws <see cref="ArgumentException"/> when the values break a writer rule
    /// (no description or both kinds, a description over 639 bytes, a zero amount, a fractional expiry, features that
    /// break BOLT 9's rules for the invoice context).
    /// </summary>
    public UnsignedInvoice Build()
    {
        // BOLT #11: "MUST include either exactly one `d` or exactly one `h` field."
        if ((Description is null) == (DescriptionHash is null))
            throw new ArgumentException("an invoice has exactly one of a description and a description hash");
        // BOLT #11: "MUST encode `prefix` using the currency required for successful payment."
        var hrp = Network.InvoicePrefix + (Amount is { } amount ? InvoiceAmount.Format(amount) : "");

        // BOLT #11: "MUST include exactly one `p` field." and "MUST include exactly one `s` field."
        var fields = new List<TaggedField>
        {
            TaggedField.FromBytes(InvoiceFieldType.PaymentSecret, PaymentSecret.ToArray()),
            TaggedField.FromBytes(InvoiceFieldType.PaymentHash, PaymentHash.ToArray()),
        };
        if (Description is not null)
        {
            // BOLT #11: "MUST set `d` to a valid UTF-8 string."
            var bytes = Encoding.UTF8.GetBytes(Description);
            if (bytes.Length > MaxDescriptionBytes)
                throw new ArgumentException($"a description is at most {MaxDescriptionBytes} bytes of UTF-8; commit to a longer one with a hash");
            fields.Add(TaggedField.FromBytes(InvoiceFieldType.Description, bytes));
        }
        else
        {
            fields.Add(TaggedField.FromBytes(InvoiceFieldType.DescriptionHash, DescriptionHash!.Value.ToArray()));
        }
        if (PayeeNodeId is not null)
            fields.Add(TaggedField.FromBytes(InvoiceFieldType.PayeeNodeId, PayeeNodeId.Bytes));
        if (Expiry is { } expiry)
        {
            if (expiry < TimeSpan.Zero || expiry.Ticks % TimeSpan.TicksPerSecond != 0)
                throw new ArgumentException("the expiry is a whole, non-negative number of seconds");
            // BOLT #11: "MUST use the minimum `data_length` possible, i.e. no leading 0 field-elements."
            fields.Add(new TaggedField(InvoiceFieldType.Expiry, ByteVector.TakeOwnership(InvoiceWords.FromUInt64((ulong)(long)expiry.TotalSeconds))));
        }
        if (MinFinalCltvExpiryDelta is { } delta)
            fields.Add(new TaggedField(InvoiceFieldType.MinFinalCltvExpiryDelta, ByteVector.TakeOwnership(InvoiceWords.FromUInt64(delta.Value))));
        foreach (var fallback in Fallbacks)
            fields.Add(fallback.ToField());
        foreach (var hint in RouteHints)
            fields.Add(hint.ToField());
        // BOLT #11: "MUST set the `9` field to a feature vector compliant with the [BOLT 9 origin node requirements](09-features.md#requirements)."
        var violations = FeatureRules.ValidateLocal(Features, FeatureContexts.Invoice);
        if (violations.Count > 0)
            throw new ArgumentException($"invalid invoice features: {string.Join("; ", violations)}");
        if (!Features.IsEmpty)
            fields.Add(new TaggedField(InvoiceFieldType.Features, ByteVector.TakeOwnership(FeatureWords(Features))));
        if (PaymentMetadata is { } metadata)
            fields.Add(TaggedField.FromBytes(InvoiceFieldType.PaymentMetadata, metadata.Span));
        return new UnsignedInvoice(hrp, Network, Amount, Timestamp, fields);
    }

    /// <summary>Builds and signs with the payee's key.</summary>
    public Bolt11Invoice Sign(PrivateKey key) => Build().Sign(key);

    /// <summary>
    /// BOLT #11: "The field is big-endian. The least-significant bit is numbered 0". Bit <c>b</c> is bit <c>b % 5</c> of
    /// the word <c>b / 5</c> places from the end; the first word holds the highest set bit, so none is zero.
    /// </summary>
    private static byte[] FeatureWords(FeatureBits features)
    {
        var count = features.HighestSetBit / 5 + 1;
        if (count > TaggedField.MaxWords)
            throw new ArgumentException($"feature bit {features.HighestSetBit} does not fit in a field");
        var words = new byte[count];
        foreach (var bit in features.SetBits)
            words[count - 1 - bit / 5] |= (byte)(1 << (bit % 5));
        return words;
    }
}
