using System.Diagnostics.CodeAnalysis;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>BOLT 2 <c>update_fulfill_htlc</c>: settles an HTLC by revealing its preimage.</summary>
/// <param name="AttributionData">The <c>attribution_data</c> TLV (hold times and truncated HMACs, 920 bytes), or null when absent.</param>
public sealed record UpdateFulfillHtlcMessage(
    ChannelId ChannelId,
    ulong Id,
    Preimage PaymentPreimage,
    ByteVector? AttributionData,
    TlvStream UnknownTlvs) : IWireMessage<UpdateFulfillHtlcMessage>
{
    public UpdateFulfillHtlcMessage(ChannelId channelId, ulong id, Preimage paymentPreimage)
        : this(channelId, id, paymentPreimage, null, TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(130);

    public static string Name => "update_fulfill_htlc";

    // The spec lists update_fulfill_htlc_tlvs after the data block rather than as its last field.
    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("channel_id", "channel_id"),
        new("u64", "id"),
        new("32*byte", "payment_preimage"),
    ];

    public static TlvNamespace Tlvs { get; } = AttributionTlv.Namespace("update_fulfill_htlc_tlvs");

    public MessageType Type => MessageType;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out UpdateFulfillHtlcMessage? message)
    {
        message = null;
        if (!reader.TryReadChannelId(out var channelId)
            || !reader.TryReadU64(out var id)
            || !reader.TryReadPreimage(out var preimage)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new UpdateFulfillHtlcMessage(channelId, id, preimage, AttributionTlv.Read(tlvs), tlvs.UnknownTo(Tlvs));
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChannelId(ChannelId);
        writer.WriteU64(Id);
        writer.WritePreimage(PaymentPreimage);
        AttributionTlv.With(UnknownTlvs, AttributionData).Write(writer);
    }
}

/// <summary>The <c>attribution_data</c> TLV (type 1) of <c>update_fulfill_htlc</c> and <c>update_fail_htlc</c>.</summary>
internal static class AttributionTlv
{
    private const ulong AttributionDataType = 1;

    /// <summary><c>[20*u32:htlc_hold_times][210*sha256[..4]:truncated_hmacs]</c>.</summary>
    public const int Length = Onion.AttributionData.Length;

    public static TlvNamespace Namespace(string name) =>
        new(name, new TlvType(AttributionDataType, "attribution_data", TlvFormat.Fixed(Length)));

    public static ByteVector? Read(TlvStream tlvs) => tlvs.TryGetValue(AttributionDataType, out var value) ? value : null;

    public static TlvStream With(TlvStream unknown, ByteVector? attributionData)
    {
        ArgumentNullException.ThrowIfNull(unknown);
        if (attributionData is not { } data)
            return unknown;
        if (data.Length != Length)
            throw new InvalidOperationException($"attribution_data must be {Length} bytes, not {data.Length}");
        return unknown.With(AttributionDataType, data);
    }
}
