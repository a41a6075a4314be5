using System.Diagnostics.CodeAnalysis;
using Fulgur.Crypto;
using Fulgur.Protocol.Onion;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>BOLT 2 <c>update_add_htlc</c>: offers an HTLC with its onion for the next hop.</summary>
/// <param name="Id">The sender's HTLC id, counting up from 0 per direction.</param>
/// <param name="OnionRoutingPacket">The 1366-byte onion, as sent (its version and key are checked by BOLT 4 processing).</param>
/// <param name="PathKey">The <c>blinded_path</c> TLV's <c>path_key</c>, or null when absent.</param>
public sealed record UpdateAddHtlcMessage(
    ChannelId ChannelId,
    ulong Id,
    MilliSatoshi AmountMsat,
    PaymentHash PaymentHash,
    CltvExpiry CltvExpiry,
    ByteVector OnionRoutingPacket,
    PublicKey? PathKey,
    TlvStream UnknownTlvs) : IWireMessage<UpdateAddHtlcMessage>
{
    /// <summary>The size of <c>onion_routing_packet</c>.</summary>
    public const int OnionRoutingPacketLength = OnionPacket.PaymentPacketLength;

    private const ulong BlindedPathType = 0;

    public static MessageType MessageType => new(128);

    public static string Name => "update_add_htlc";

    // The spec lists update_add_htlc_tlvs after the data block rather than as its last field.
    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("channel_id", "channel_id"),
        new("u64", "id"),
        new("u64", "amount_msat"),
        new("sha256", "payment_hash"),
        new("u32", "cltv_expiry"),
        new("1366*byte", "onion_routing_packet"),
    ];

    public static TlvNamespace Tlvs { get; } = new("update_add_htlc_tlvs",
        new TlvType(BlindedPathType, "blinded_path", TlvFormat.Point));

    public MessageType Type => MessageType;

    /// <summary>The onion as a BOLT 4 packet.</summary>
    public OnionPacket Onion =>
        OnionPacket.TryParsePayment(OnionRoutingPacket.Span, out var packet)
            ? packet
            : throw new InvalidOperationException($"onion_routing_packet is {OnionRoutingPacket.Length} bytes, not {OnionRoutingPacketLength}");

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out UpdateAddHtlcMessage? message)
    {
        message = null;
        if (!reader.TryReadChannelId(out var channelId)
            || !reader.TryReadU64(out var id)
            || !reader.TryReadMilliSatoshi(out var amount)
            || !reader.TryReadPaymentHash(out var paymentHash)
            || !reader.TryReadCltvExpiry(out var cltvExpiry)
            || !reader.TryReadByteVector(OnionRoutingPacketLength, out var onion)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        // The namespace's validator has checked that a present value is a valid point.
        var pathKey = tlvs.TryGetValue(BlindedPathType, out var value) && PublicKey.TryParse(value.Span, out var key) ? key : null;
        message = new UpdateAddHtlcMessage(channelId, id, amount, paymentHash, cltvExpiry, onion, pathKey, tlvs.UnknownTo(Tlvs));
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        if (OnionRoutingPacket.Length != OnionRoutingPacketLength)
            throw new InvalidOperationException($"onion_routing_packet must be {OnionRoutingPacketLength} bytes, not {OnionRoutingPacket.Length}");
        writer.WriteChannelId(ChannelId);
        writer.WriteU64(Id);
        writer.WriteMilliSatoshi(AmountMsat);
        writer.WritePaymentHash(PaymentHash);
        writer.WriteCltvExpiry(CltvExpiry);
        writer.WriteBytes(OnionRoutingPacket.Span);
        var tlvs = UnknownTlvs;
        if (PathKey is not null)
            tlvs = tlvs.With(BlindedPathType, new ByteVector(PathKey.Compressed));
        tlvs.Write(writer);
    }
}
