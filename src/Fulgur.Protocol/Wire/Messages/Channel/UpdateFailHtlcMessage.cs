using System.Diagnostics.CodeAnalysis;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>BOLT 2 <c>update_fail_htlc</c>: fails an HTLC, with an onion-encrypted <c>reason</c> for its origin.</summary>
/// <param name="Reason">The encrypted failure packet, opaque to this hop (BOLT 4).</param>
/// <param name="AttributionData">The <c>attribution_data</c> TLV (hold times and truncated HMACs, 920 bytes), or null when absent.</param>
public sealed record UpdateFailHtlcMessage(
    ChannelId ChannelId,
    ulong Id,
    ByteVector Reason,
    ByteVector? AttributionData,
    TlvStream UnknownTlvs) : IWireMessage<UpdateFailHtlcMessage>
{
    public UpdateFailHtlcMessage(ChannelId channelId, ulong id, ByteVector reason)
        : this(channelId, id, reason, null, TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(131);

    public static string Name => "update_fail_htlc";

    // The spec lists update_fail_htlc_tlvs after the data block rather than as its last field.
    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("channel_id", "channel_id"),
        new("u64", "id"),
        new("u16", "len"),
        new("len*byte", "reason"),
    ];

    public static TlvNamespace Tlvs { get; } = AttributionTlv.Namespace("update_fail_htlc_tlvs");

    public MessageType Type => MessageType;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out UpdateFailHtlcMessage? message)
    {
        message = null;
        if (!reader.TryReadChannelId(out var channelId)
            || !reader.TryReadU64(out var id)
            || !reader.TryReadU16Prefixed(out var reason)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new UpdateFailHtlcMessage(channelId, id, reason, AttributionTlv.Read(tlvs), tlvs.UnknownTo(Tlvs));
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChannelId(ChannelId);
        writer.WriteU64(Id);
        writer.WriteU16Prefixed(Reason.Span);
        AttributionTlv.With(UnknownTlvs, AttributionData).Write(writer);
    }
}
