using System.Diagnostics.CodeAnalysis;
using Fulgur.Crypto;
using Fulgur.Protocol.Invoices;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Onion;

/// <summary>BOLT 4 <c>payment_data</c> (type 8): the invoice's <c>payment_secret</c> and the whole payment's <c>total_msat</c>.</summary>
public readonly record struct PaymentData(PaymentSecret PaymentSecret, MilliSatoshi TotalMsat);

/// <summary>
/// A payment onion's per-hop <c>payload</c> (BOLT 4 "`payload` format"): the TLV stream one hop reads from its layer.
/// Unknown odd records are kept so the payload re-encodes byte for byte; an unknown even record refuses the payload.
/// </summary>
public sealed record HopPayload
{
    public const ulong AmtToForwardType = 2;
    public const ulong OutgoingCltvValueType = 4;
    public const ulong ShortChannelIdType = 6;
    public const ulong PaymentDataType = 8;
    public const ulong EncryptedRecipientDataType = 10;
    public const ulong CurrentPathKeyType = 12;
    public const ulong PaymentMetadataType = 16;
    public const ulong TotalAmountMsatType = 18;

    /// <summary>The <c>payload</c> TLV namespace: every type BOLT 4 defines, with its value shape.</summary>
    public static readonly TlvNamespace Namespace = new(
        "payload",
        new TlvType(AmtToForwardType, "amt_to_forward", static (ref r) => r.TryReadTruncatedMilliSatoshi(out _)),
        new TlvType(OutgoingCltvValueType, "outgoing_cltv_value", TlvFormat.Tu32),
        new TlvType(ShortChannelIdType, "short_channel_id", TlvFormat.Fixed(8)),
        new TlvType(PaymentDataType, "payment_data", static (ref r) => r.TryReadBytes32(out _) && r.TryReadTruncatedMilliSatoshi(out _)),
        new TlvType(EncryptedRecipientDataType, "encrypted_recipient_data", TlvFormat.Bytes),
        new TlvType(CurrentPathKeyType, "current_path_key", TlvFormat.Point),
        new TlvType(PaymentMetadataType, "payment_metadata", TlvFormat.Bytes),
        new TlvType(TotalAmountMsatType, "total_amount_msat", static (ref r) => r.TryReadTruncatedMilliSatoshi(out _)));

    public MilliSatoshi? AmtToForward { get; init; }
    public CltvExpiry? OutgoingCltvValue { get; init; }
    public ShortChannelId? ShortChannelId { get; init; }
    public PaymentData? PaymentData { get; init; }
    public ByteVector? EncryptedRecipientData { get; init; }
    public PublicKey? CurrentPathKey { get; init; }
    public ByteVector? PaymentMetadata { get; init; }
    public MilliSatoshi? TotalAmountMsat { get; init; }

    /// <summary>Unknown odd records, kept for a byte-exact round trip.</summary>
    public TlvStream UnknownRecords { get; init; } = TlvStream.Empty;

    /// <summary>
    /// A forwarding hop's payload. BOLT #4: "MUST include `amt_to_forward` and `outgoing_cltv_value`." and, for every
    /// non-final node, "MUST include `short_channel_id`".
    /// </summary>
    public static HopPayload ForForwarding(MilliSatoshi amtToForward, CltvExpiry outgoingCltvValue, ShortChannelId shortChannelId) =>
        new() { AmtToForward = amtToForward, OutgoingCltvValue = outgoingCltvValue, ShortChannelId = shortChannelId };

    /// <summary>
    /// The final node's payload. BOLT #4: "if the recipient provided `payment_secret`: - MUST include `payment_data`"
    /// and "if the recipient provided `payment_metadata`: - MUST include `payment_metadata` with every HTLC".
    /// </summary>
    public static HopPayload ForFinalNode(
        MilliSatoshi amtToForward,
        CltvExpiry outgoingCltvValue,
        PaymentData? paymentData = null,
        ByteVector? paymentMetadata = null) =>
        new() { AmtToForward = amtToForward, OutgoingCltvValue = outgoingCltvValue, PaymentData = paymentData, PaymentMetadata = paymentMetadata };

    public static bool TryRead(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out HopPayload? hopPayload, out WireError error)
    {
        hopPayload = null;
        if (!TlvStream.TryParse(payload, Namespace, out var stream, out error))
            return false;
        // Every known value passed its validator above, so these reads cannot fail.
        var result = new HopPayload { UnknownRecords = stream.UnknownTo(Namespace) };
        if (stream.TryGetValue(AmtToForwardType, out var value))
            result = result with { AmtToForward = ReadAmount(value) };
        if (stream.TryGetValue(OutgoingCltvValueType, out value))
        {
            var r = new WireReader(value.Span);
            r.TryReadTu32(out var cltv);
            result = result with { OutgoingCltvValue = new CltvExpiry(cltv) };
        }
        if (stream.TryGetValue(ShortChannelIdType, out value))
        {
            var r = new WireReader(value.Span);
            r.TryReadShortChannelId(out var scid);
            result = result with { ShortChannelId = scid };
        }
        if (stream.TryGetValue(PaymentDataType, out value))
        {
            var r = new WireReader(value.Span);
            r.TryReadBytes32(out var secret);
            r.TryReadTruncatedMilliSatoshi(out var total);
            result = result with { PaymentData = new PaymentData(new PaymentSecret(secret), total) };
        }
        if (stream.TryGetValue(EncryptedRecipientDataType, out value))
            result = result with { EncryptedRecipientData = value };
        if (stream.TryGetValue(CurrentPathKeyType, out value))
        {
            var r = new WireReader(value.Span);
            r.TryReadPoint(out var key);
            result = result with { CurrentPathKey = key };
        }
        if (stream.TryGetValue(PaymentMetadataType, out value))
            result = result with { PaymentMetadata = value };
        if (stream.TryGetValue(TotalAmountMsatType, out value))
            result = result with { TotalAmountMsat = ReadAmount(value) };
        hopPayload = result;
        return true;
    }

    private static MilliSatoshi ReadAmount(ByteVector value)
    {
        var r = new WireReader(value.Span);
        r.TryReadTruncatedMilliSatoshi(out var amount);
        return amount;
    }

    /// <summary>The TLV records, known and unknown, in type order.</summary>
    public TlvStream ToTlvStream()
    {
        var records = new List<TlvRecord>(UnknownRecords.Records);
        if (AmtToForward is { } amount)
            records.Add(new TlvRecord(AmtToForwardType, WireWriter.ToByteVector(w => w.WriteTruncatedMilliSatoshi(amount))));
        if (OutgoingCltvValue is { } cltv)
            records.Add(new TlvRecord(OutgoingCltvValueType, WireWriter.ToByteVector(w => w.WriteTu32(cltv.Value))));
        if (ShortChannelId is { } scid)
            records.Add(new TlvRecord(ShortChannelIdType, WireWriter.ToByteVector(w => w.WriteShortChannelId(scid))));
        if (PaymentData is { } data)
        {
            records.Add(new TlvRecord(PaymentDataType, WireWriter.ToByteVector(w =>
            {
                w.WriteBytes32(data.PaymentSecret.Value);
                w.WriteTruncatedMilliSatoshi(data.TotalMsat);
            })));
        }
        if (EncryptedRecipientData is { } encrypted)
            records.Add(new TlvRecord(EncryptedRecipientDataType, encrypted));
        if (CurrentPathKey is { } pathKey)
            records.Add(new TlvRecord(CurrentPathKeyType, new ByteVector(pathKey.Compressed)));
        if (PaymentMetadata is { } metadata)
            records.Add(new TlvRecord(PaymentMetadataType, metadata));
        if (TotalAmountMsat is { } total)
            records.Add(new TlvRecord(TotalAmountMsatType, WireWriter.ToByteVector(w => w.WriteTruncatedMilliSatoshi(total))));
        return TlvStream.Create(records);
    }

    /// <summary>The payload bytes the Sphinx builder takes (without the BigSize length it adds).</summary>
    public byte[] ToArray() => ToTlvStream().ToArray();

    /// <summary>
    /// The reader's checks that need only the payload and whether this node is the final one (BOLT 4 "The reader",
    /// outside a blinded route). Amount and expiry comparisons against the HTLC belong to the caller. On failure,
    /// <paramref name="failure"/> is the <c>invalid_onion_payload</c> to return, naming the offending type.
    /// </summary>
    public bool TryValidate(bool isFinalNode, [NotNullWhen(false)] out InvalidOnionPayload? failure)
    {
        failure = null;
        // Blinded routes (encrypted_recipient_data, current_path_key) are not supported by this node yet.
        if (EncryptedRecipientData is not null)
            failure = new InvalidOnionPayload(EncryptedRecipientDataType, 0);
        // BOLT #4: "MUST return an error if `path_key` is set in the incoming `update_add_htlc` or `current_path_key` is present."
        else if (CurrentPathKey is not null)
            failure = new InvalidOnionPayload(CurrentPathKeyType, 0);
        // BOLT #4: "MUST return an error if `amt_to_forward` or `outgoing_cltv_value` are not present."
        else if (AmtToForward is null)
            failure = new InvalidOnionPayload(AmtToForwardType, 0);
        else if (OutgoingCltvValue is null)
            failure = new InvalidOnionPayload(OutgoingCltvValueType, 0);
        // BOLT #4: "`short_channel_id` is not present,"
        else if (!isFinalNode && ShortChannelId is null)
            failure = new InvalidOnionPayload(ShortChannelIdType, 0);
        return failure is null;
    }

    /// <summary>BOLT #4: "MUST treat `total_msat` as if it were equal to `amt_to_forward` if it is not present."</summary>
    public MilliSatoshi? TotalMsat => PaymentData?.TotalMsat ?? TotalAmountMsat ?? AmtToForward;
}
