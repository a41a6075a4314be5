using System.Diagnostics.CodeAnalysis;
using System.Text;
using Fulgur.Bitcoin;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;

namespace Fulgur.Protocol.Invoices;

/// <summary>
/// A signed BOLT 11 invoice that passed every reader check: bech32 checksum, a known prefix, a well-formed amount, one
/// payment hash, a payment secret, exactly one description, no unknown even feature and a valid signature. The payee
/// is the <c>n</c> field when present, otherwise the key recovered from the signature. All tagged fields are kept in
/// <see cref="Fields"/>, unknown and skipped ones too, so <see cref="ToUnsigned"/> re-signs to the same string.
/// Decode with <see cref="TryDecode"/>; create with <see cref="InvoiceBuilder"/> or <see cref="UnsignedInvoice.Sign"/>.
/// </summary>
public sealed class Bolt11Invoice
{
    /// <summary>
    /// The longest string we read. BOLT #11: "MUST parse the address as Bech32, as specified in BIP-0173 (also without
    /// the character limit)"; this cap, far above any real invoice or QR code, only bounds the work untrusted input can cause.
    /// </summary>
    public const int MaxLength = 65_536;

    /// <summary>BOLT #11: "`timestamp`: seconds-since-1970 (35 bits, big-endian)".</summary>
    public const int TimestampWords = 7;

    /// <summary>BOLT #11: "`signature`: compact ECDSA/secp256k1 signature of the above (520 bits: 64-byte R||S + 1-byte recovery id)".</summary>
    public const int SignatureWords = 104;

    /// <summary>BOLT #11: "Default is 3600 (1 hour) if not specified."</summary>
    public static readonly TimeSpan DefaultExpiry = TimeSpan.FromSeconds(3600);

    /// <summary>BOLT #11: "Default is 18 if not specified."</summary>
    public static readonly CltvExpiryDelta DefaultMinFinalCltvExpiryDelta = new(18);

    internal Bolt11Invoice()
    {
    }

    /// <summary>The lowercase string: human-readable part, '1', data, checksum.</summary>
    public required string Encoded { get; init; }

    /// <summary>The human-readable part as written (<c>lnbc2500u</c>), lowercase; the signature covers it.</summary>
    public required string HumanReadablePart { get; init; }

    /// <summary>The network whose <see cref="Network.InvoicePrefix"/> starts the invoice.</summary>
    public required Network Network { get; init; }

    /// <summary>The amount requested, or null when the payer chooses ("SHOULD indicate to the payer that amount is unspecified").</summary>
    public required MilliSatoshi? Amount { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The first valid <c>p</c> field. BOLT #11: "SHOULD use the first `p` field as the payment hash."</summary>
    public required PaymentHash PaymentHash { get; init; }

    /// <summary>BOLT #11: "MUST use the `s` field as [`payment_secret`]".</summary>
    public required PaymentSecret PaymentSecret { get; init; }

    /// <summary>The <c>d</c> field, or null when the invoice commits to a description by hash.</summary>
    public required string? Description { get; init; }

    /// <summary>The <c>h</c> field: SHA256 of a description delivered some other way; null with a <c>d</c> field.</summary>
    public required Bytes32? DescriptionHash { get; init; }

    /// <summary>The payee: the <c>n</c> field, or the key recovered from the signature.</summary>
    public required NodeId Payee { get; init; }

    /// <summary>True when the payee came from an <c>n</c> field rather than public-key recovery.</summary>
    public required bool HasPayeeField { get; init; }

    /// <summary>The <c>x</c> field, or <see cref="DefaultExpiry"/>.</summary>
    public required TimeSpan Expiry { get; init; }

    /// <summary>The <c>c</c> field, or <see cref="DefaultMinFinalCltvExpiryDelta"/>.</summary>
    public required CltvExpiryDelta MinFinalCltvExpiryDelta { get; init; }

    /// <summary>The <c>f</c> fields of known versions, most preferred first.</summary>
    public required IReadOnlyList<FallbackAddress> Fallbacks { get; init; }

    /// <summary>The <c>r</c> fields, most preferred first.</summary>
    public required IReadOnlyList<RouteHint> RouteHints { get; init; }

    /// <summary>The <c>9</c> field (empty when absent).</summary>
    public required FeatureBits Features { get; init; }

    /// <summary>The <c>m</c> field. BOLT #11: "MUST use that as [`payment_metadata`]".</summary>
    public required ByteVector? PaymentMetadata { get; init; }

    /// <summary>Every tagged field in order, as written.</summary>
    public required IReadOnlyList<TaggedField> Fields { get; init; }

    /// <summary>The 65-byte signature: R (32), S (32), recovery id (1).</summary>
    public required ByteVector Signature { get; init; }

    /// <summary>SHA256 of the human-readable part and the data part before the signature: what was signed.</summary>
    public required Bytes32 SigningHash { get; init; }

    /// <summary>When the invoice stops being payable: timestamp plus expiry (saturating at the calendar's end).</summary>
    public DateTimeOffset ExpiresAt =>
        Expiry >= DateTimeOffset.MaxValue - Timestamp ? DateTimeOffset.MaxValue : Timestamp + Expiry;

    /// <summary>BOLT #11: "after the `timestamp` plus `expiry` has passed: - SHOULD NOT attempt a payment."</summary>
    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>
    /// BOLT #11: "MUST check that the SHA2 256-bit hash in the `h` field exactly matches the hashed description."
    /// With a <c>d</c> field, the description must be that text.
    /// </summary>
    public bool DescriptionMatches(string description)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (Description is not null)
            return string.Equals(Description, description, StringComparison.Ordinal);
        return DescriptionHash == Bytes32.FromSpan(Sha256.Hash(Encoding.UTF8.GetBytes(description)));
    }

    /// <summary>The same human-readable part, timestamp and fields, unsigned: signing it with the payee's key gives this invoice back.</summary>
    public UnsignedInvoice ToUnsigned() => new(HumanReadablePart, Network, Amount, Timestamp, Fields);

    /// <summary>Decodes an invoice the user gave us, throwing <see cref="FormatException"/> with the reason.</summary>
    public static Bolt11Invoice Decode(string text) =>
        TryDecode(text, out var invoice, out var error) ? invoice : throw new FormatException($"invalid invoice: {error.Detail}");

    public override string ToString() => Encoded;

    /// <summary>Decodes and checks <paramref name="text"/> (a <c>lightning:</c> URI prefix is accepted and removed).</summary>
    public static bool TryDecode(string? text, [NotNullWhen(true)] out Bolt11Invoice? invoice, out Bolt11Error error) =>
        Bolt11Reader.TryRead(text, out invoice, out error);
}
