using System.Diagnostics.CodeAnalysis;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// BOLT 7 <c>channel_announcement</c>: proof that a funding output belongs to a channel between two nodes, signed
/// by both nodes and both funding keys over <see cref="Gossip.GossipHash.Of(ChannelAnnouncementMessage)"/>.
/// Validation lives in <see cref="Gossip.ChannelAnnouncementValidator"/>.
/// </summary>
public sealed record ChannelAnnouncementMessage(
    EcdsaSignature NodeSignature1,
    EcdsaSignature NodeSignature2,
    EcdsaSignature BitcoinSignature1,
    EcdsaSignature BitcoinSignature2,
    FeatureBits Features,
    ChainHash ChainHash,
    ShortChannelId ShortChannelId,
    NodeId NodeId1,
    NodeId NodeId2,
    PublicKey BitcoinKey1,
    PublicKey BitcoinKey2,
    TlvStream UnknownTlvs) : IWireMessage<ChannelAnnouncementMessage>
{
    public static MessageType MessageType => new(256);

    public static string Name => "channel_announcement";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("signature", "node_signature_1"),
        new("signature", "node_signature_2"),
        new("signature", "bitcoin_signature_1"),
        new("signature", "bitcoin_signature_2"),
        new("u16", "len"),
        new("len*byte", "features"),
        new("chain_hash", "chain_hash"),
        new("short_channel_id", "short_channel_id"),
        new("point", "node_id_1"),
        new("point", "node_id_2"),
        new("point", "bitcoin_key_1"),
        new("point", "bitcoin_key_2"),
    ];

    public static TlvNamespace Tlvs => TlvNamespace.None;

    public MessageType Type => MessageType;

    /// <summary>The node id of the end that sends updates in <paramref name="direction"/>.</summary>
    public NodeId NodeIdFor(Gossip.ChannelDirection direction) => direction == Gossip.ChannelDirection.FromNode1 ? NodeId1 : NodeId2;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out ChannelAnnouncementMessage? message)
    {
        message = null;
        if (!reader.TryReadSignature(out var nodeSignature1)
            || !reader.TryReadSignature(out var nodeSignature2)
            || !reader.TryReadSignature(out var bitcoinSignature1)
            || !reader.TryReadSignature(out var bitcoinSignature2)
            || !reader.TryReadFeatures(out var features)
            || !reader.TryReadChainHash(out var chainHash)
            || !reader.TryReadShortChannelId(out var scid)
            || !reader.TryReadNodeId(out var nodeId1)
            || !reader.TryReadNodeId(out var nodeId2)
            || !reader.TryReadPoint(out var bitcoinKey1)
            || !reader.TryReadPoint(out var bitcoinKey2)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new ChannelAnnouncementMessage(nodeSignature1, nodeSignature2, bitcoinSignature1, bitcoinSignature2, features, chainHash,
            scid, nodeId1, nodeId2, bitcoinKey1, bitcoinKey2, tlvs);
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteSignature(NodeSignature1);
        writer.WriteSignature(NodeSignature2);
        writer.WriteSignature(BitcoinSignature1);
        writer.WriteSignature(BitcoinSignature2);
        writer.WriteFeatures(Features);
        writer.WriteChainHash(ChainHash);
        writer.WriteShortChannelId(ShortChannelId);
        writer.WriteNodeId(NodeId1);
        writer.WriteNodeId(NodeId2);
        writer.WritePoint(BitcoinKey1);
        writer.WritePoint(BitcoinKey2);
        UnknownTlvs.Write(writer);
    }
}
