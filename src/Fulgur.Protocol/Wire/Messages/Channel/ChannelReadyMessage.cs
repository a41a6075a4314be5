using System.Diagnostics.CodeAnalysis;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// BOLT 2 <c>channel_ready</c>: the funding transaction is deep enough for the sender; carries the next
/// per-commitment point and, optionally, a <c>short_channel_id</c> alias.
/// </summary>
/// <param name="Alias">The <c>short_channel_id</c> TLV's <c>alias</c>, or null when absent.</param>
public sealed record ChannelReadyMessage(
    ChannelId ChannelId,
    PublicKey SecondPerCommitmentPoint,
    ShortChannelId? Alias,
    TlvStream UnknownTlvs) : IWireMessage<ChannelReadyMessage>
{
    private const ulong ShortChannelIdType = 1;

    public ChannelReadyMessage(ChannelId channelId, PublicKey secondPerCommitmentPoint, ShortChannelId? alias = null)
        : this(channelId, secondPerCommitmentPoint, alias, TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(36);

    public static string Name => "channel_ready";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("channel_id", "channel_id"),
        new("point", "second_per_commitment_point"),
        new("channel_ready_tlvs", "tlvs"),
    ];

    public static TlvNamespace Tlvs { get; } = new("channel_ready_tlvs",
        new TlvType(ShortChannelIdType, "short_channel_id", ChannelFieldCodecs.ShortChannelId));

    public MessageType Type => MessageType;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out ChannelReadyMessage? message)
    {
        message = null;
        if (!reader.TryReadChannelId(out var channelId)
            || !reader.TryReadPoint(out var point)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        ShortChannelId? alias = null;
        if (tlvs.TryGetValue(ShortChannelIdType, out var value))
        {
            var valueReader = new WireReader(value.Span);
            valueReader.TryReadShortChannelId(out var scid);
            alias = scid;
        }
        message = new ChannelReadyMessage(channelId, point, alias, tlvs.UnknownTo(Tlvs));
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChannelId(ChannelId);
        writer.WritePoint(SecondPerCommitmentPoint);
        var tlvs = UnknownTlvs;
        if (Alias is { } alias)
            tlvs = tlvs.With(ShortChannelIdType, WireWriter.ToByteVector(w => w.WriteShortChannelId(alias)));
        tlvs.Write(writer);
    }
}
