using System.Diagnostics.CodeAnalysis;
using Fulgur.Crypto;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// BOLT 7 <c>node_announcement</c>: a node's features, colour, alias and addresses, signed by the node. The
/// <see cref="Addresses"/> keep their bytes, so an announcement with unknown address types still verifies.
/// Validation lives in <see cref="NodeAnnouncementValidator"/>.
/// </summary>
public sealed record NodeAnnouncementMessage(
    EcdsaSignature Signature,
    FeatureBits Features,
    GossipTimestamp Timestamp,
    NodeId NodeId,
    RgbColor RgbColor,
    NodeAlias Alias,
    NodeAddressList Addresses,
    TlvStream UnknownTlvs) : IWireMessage<NodeAnnouncementMessage>
{
    public static MessageType MessageType => new(257);

    public static string Name => "node_announcement";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("signature", "signature"),
        new("u16", "flen"),
        new("flen*byte", "features"),
        new("u32", "timestamp"),
        new("point", "node_id"),
        new("3*byte", "rgb_color"),
        new("32*byte", "alias"),
        new("u16", "addrlen"),
        new("addrlen*byte", "addresses"),
    ];

    public static TlvNamespace Tlvs => TlvNamespace.None;

    public MessageType Type => MessageType;

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out NodeAnnouncementMessage? message)
    {
        message = null;
        if (!reader.TryReadSignature(out var signature)
            || !reader.TryReadFeatures(out var features)
            || !reader.TryReadU32(out var timestamp)
            || !reader.TryReadNodeId(out var nodeId)
            || !reader.TryReadBytes(RgbColor.Length, out var rgb)
            || !reader.TryReadBytes32(out var alias)
            || !reader.TryReadU16Prefixed(out var addresses)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;
        message = new NodeAnnouncementMessage(signature, features, new GossipTimestamp(timestamp), nodeId, RgbColor.FromSpan(rgb),
            new NodeAlias(alias), NodeAddressList.FromWire(addresses.Span), tlvs);
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteSignature(Signature);
        writer.WriteFeatures(Features);
        writer.WriteU32(Timestamp.Value);
        writer.WriteNodeId(NodeId);
        writer.WriteU8(RgbColor.Red);
        writer.WriteU8(RgbColor.Green);
        writer.WriteU8(RgbColor.Blue);
        writer.WriteBytes32(Alias.Value);
        // BOLT #7: "MUST set `addrlen` to the number of bytes in `addresses`."
        writer.WriteU16Prefixed(Addresses.Raw.Span);
        UnknownTlvs.Write(writer);
    }
}
