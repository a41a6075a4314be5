using System.Diagnostics.CodeAnalysis;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// BOLT 7 <c>announcement_signatures</c>: sent to the channel peer only, it carries the sender's two signatures
/// for the <c>channel_announcement</c> both ends build (see <see cref="Gossip.GossipSigner"/>).
/// </summary>
public sealed record AnnouncementSignaturesMessage(
    ChannelId ChannelId,
    ShortChannelId ShortChannelId,
    EcdsaSignature NodeSignature,
    EcdsaSignature BitcoinSignature,
    TlvStream UnknownTlvs) : IWireMessage<AnnouncementSignaturesMessage>
{
    public AnnouncementSignaturesMessage(ChannelId channelId, ShortChannelId shortChannelId, EcdsaSignature nodeSignature,
        EcdsaSignature bitcoinSignature)
        : this(channelId, shortChannelId, nodeSignature, bitcoinSignature, TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(259);

    public static string Name => "announcement_signatures";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("channel_id", "channel_id"),
        new("short_channel_id", "short_channel_id"),
        new("signature", "node_signature"),
        new("signature", "bitcoin_signature"),
    ];

    public static TlvNamespace Tlvs => TlvNamespace.None;

    public MessageType Type => MessageType;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out AnnouncementSignaturesMessage? message)
    {
        message = null;
        if (!reader.TryReadChannelId(out var channelId)
            || !reader.TryReadShortChannelId(out var scid)
            || !reader.TryReadSignature(out var nodeSignature)
            || !reader.TryReadSignature(out var bitcoinSignature)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new AnnouncementSignaturesMessage(channelId, scid, nodeSignature, bitcoinSignature, tlvs);
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteChannelId(ChannelId);
        writer.WriteShortChannelId(ShortChannelId);
        writer.WriteSignature(NodeSignature);
        writer.WriteSignature(BitcoinSignature);
        UnknownTlvs.Write(writer);
    }
}
