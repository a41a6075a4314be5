using Fulgur.Crypto;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Gossip;

/// <summary>The policy we announce for our end of a channel: everything in a <c>channel_update</c> but the signature.</summary>
public sealed record ChannelUpdatePolicy(
    CltvExpiryDelta CltvExpiryDelta,
    MilliSatoshi HtlcMinimumMsat,
    MilliSatoshi FeeBaseMsat,
    uint FeeProportionalMillionths,
    MilliSatoshi HtlcMaximumMsat);

/// <summary>
/// Creates and signs our own gossip: <c>channel_update</c>, <c>node_announcement</c>, <c>announcement_signatures</c>,
/// and the <c>channel_announcement</c> they complete. Origin rules are enforced by throwing: breaking them is a bug.
/// </summary>
public static class GossipSigner
{
    /// <summary>A well-formed signature standing in until the real one is computed (signatures are not hashed).</summary>
    private static readonly EcdsaSignature Placeholder = CreatePlaceholder();

    private static EcdsaSignature CreatePlaceholder()
    {
        var compact = new byte[64];
        compact[31] = 1;
        compact[63] = 1;
        return EcdsaSignature.TryParseCompact(compact, out var signature)
            ? signature
            : throw new InvalidOperationException("placeholder signature");
    }

    /// <summary>Signs a new <c>channel_update</c> for our end of a channel.</summary>
    /// <param name="nodeKey">Our node key, which must be <paramref name="endpoints"/>' end in the update's direction.</param>
    public static ChannelUpdateMessage CreateChannelUpdate(
        PrivateKey nodeKey,
        ChainHash chainHash,
        ShortChannelId shortChannelId,
        ChannelEndpoints endpoints,
        GossipTimestamp timestamp,
        ChannelUpdatePolicy policy,
        bool disabled = false,
        bool dontForward = false)
    {
        ArgumentNullException.ThrowIfNull(nodeKey);
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(policy);
        // BOLT #7: "if the origin node is `node_id_1` in the message: - MUST set the `direction` bit of `channel_flags` to 0."
        var direction = endpoints.DirectionOf(new NodeId(nodeKey.PublicKey));
        // BOLT #7: "MUST set `htlc_minimum_msat` to less than or equal to `htlc_maximum_msat`."
        if (policy.HtlcMinimumMsat > policy.HtlcMaximumMsat)
        {
            throw new ArgumentException(
                $"htlc_minimum_msat {policy.HtlcMinimumMsat} exceeds htlc_maximum_msat {policy.HtlcMaximumMsat}", nameof(policy));
        }
        var update = new ChannelUpdateMessage(Placeholder, chainHash, shortChannelId, timestamp,
            ChannelUpdateMessageFlags.Create(dontForward), ChannelUpdateChannelFlags.Create(direction, disabled),
            policy.CltvExpiryDelta, policy.HtlcMinimumMsat, policy.FeeBaseMsat, policy.FeeProportionalMillionths, policy.HtlcMaximumMsat,
            TlvStream.Empty);
        return Sign(nodeKey, update);
    }

    /// <summary>(Re)signs an update of ours, after changing its fields with <c>with</c>.</summary>
    public static ChannelUpdateMessage Sign(PrivateKey nodeKey, ChannelUpdateMessage update)
    {
        ArgumentNullException.ThrowIfNull(nodeKey);
        ArgumentNullException.ThrowIfNull(update);
        // BOLT #7: "MUST set `timestamp` to greater than 0, AND to greater than any
        // previously-sent `channel_update` for this `short_channel_id`."
        if (update.Timestamp == GossipTimestamp.Zero)
            throw new ArgumentException("a channel_update timestamp must be greater than 0", nameof(update));
        // BOLT #7: "MUST set `signature` to the signature of the double-SHA256 of the entire
        // remaining packet after `signature`, using its own `node_id`."
        return update with { Signature = nodeKey.Sign(GossipHash.Of(update)) };
    }

    /// <summary>Signs our <c>node_announcement</c>.</summary>
    public static NodeAnnouncementMessage CreateNodeAnnouncement(
        PrivateKey nodeKey,
        GossipTimestamp timestamp,
        FeatureBits features,
        RgbColor color,
        NodeAlias alias,
        NodeAddressList addresses)
    {
        ArgumentNullException.ThrowIfNull(nodeKey);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(addresses);
        // BOLT #7: "MUST set `alias` to a valid UTF-8 string, with any `alias` trailing-bytes equal to 0."
        if (!alias.IsWellFormed)
            throw new ArgumentException("the alias is not UTF-8 followed by zero bytes", nameof(alias));
        // BOLT #7: "SHOULD set `flen` to the minimum length required to hold the `features`
        // bits it sets."
        var minimal = FeatureBits.FromBits(features.SetBits);
        var nodeId = new NodeId(nodeKey.PublicKey);
        var announcement = new NodeAnnouncementMessage(Placeholder, minimal, timestamp, nodeId, color, alias, addresses, TlvStream.Empty);
        // BOLT #7: "MUST set `signature` to the signature of the double-SHA256 of the entire
        // remaining packet after `signature` (using the key given by `node_id`)."
        return announcement with { Signature = nodeKey.Sign(GossipHash.Of(announcement)) };
    }

    /// <summary>
    /// The <c>channel_announcement</c> for a channel between us and a peer, its signatures not yet filled in.
    /// Both ends build the same one: the node ids and funding keys are ordered by node id.
    /// </summary>
    public static ChannelAnnouncementMessage CreateUnsignedChannelAnnouncement(
        ChainHash chainHash,
        ShortChannelId shortChannelId,
        FeatureBits features,
        NodeId localNodeId,
        NodeId remoteNodeId,
        PublicKey localFundingKey,
        PublicKey remoteFundingKey)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(localNodeId);
        ArgumentNullException.ThrowIfNull(remoteNodeId);
        ArgumentNullException.ThrowIfNull(localFundingKey);
        ArgumentNullException.ThrowIfNull(remoteFundingKey);
        if (localNodeId == remoteNodeId)
            throw new ArgumentException("a channel joins two different nodes", nameof(remoteNodeId));
        // BOLT #7: "MUST set `bitcoin_key_1` and `bitcoin_key_2` to `node_id_1` and `node_id_2`'s
        // respective `funding_pubkey`s."
        var localIsNode1 = localNodeId < remoteNodeId;
        // BOLT #7: "MUST set `len` to the minimum length required to hold the `features` bits
        // it sets."
        var minimal = FeatureBits.FromBits(features.SetBits);
        return new ChannelAnnouncementMessage(Placeholder, Placeholder, Placeholder, Placeholder, minimal, chainHash, shortChannelId,
            localIsNode1 ? localNodeId : remoteNodeId,
            localIsNode1 ? remoteNodeId : localNodeId,
            localIsNode1 ? localFundingKey : remoteFundingKey,
            localIsNode1 ? remoteFundingKey : localFundingKey,
            TlvStream.Empty);
    }

    /// <summary>
    /// Our <c>announcement_signatures</c> for <paramref name="announcement"/> (from <see cref="CreateUnsignedChannelAnnouncement"/>).
    /// </summary>
    public static AnnouncementSignaturesMessage CreateAnnouncementSignatures(
        PrivateKey nodeKey,
        PrivateKey fundingKey,
        ChannelId channelId,
        ChannelAnnouncementMessage announcement)
    {
        ArgumentNullException.ThrowIfNull(nodeKey);
        ArgumentNullException.ThrowIfNull(fundingKey);
        ArgumentNullException.ThrowIfNull(announcement);
        var nodeId = new NodeId(nodeKey.PublicKey);
        var isNode1 = announcement.NodeId1 == nodeId;
        if (!isNode1 && announcement.NodeId2 != nodeId)
            throw new ArgumentException("our node key is neither end of the announcement", nameof(nodeKey));
        if ((isNode1 ? announcement.BitcoinKey1 : announcement.BitcoinKey2) != fundingKey.PublicKey)
            throw new ArgumentException("our funding key is not our end's bitcoin key", nameof(fundingKey));
        // BOLT #7: "The `announcement_signatures` message is created by constructing a `channel_announcement` message,
        // corresponding to the newly confirmed channel funding transaction, and signing it with the secrets
        // matching an endpoint's `node_id` and `bitcoin_key`."
        var hash = GossipHash.Of(announcement);
        return new AnnouncementSignaturesMessage(channelId, announcement.ShortChannelId, nodeKey.Sign(hash), fundingKey.Sign(hash));
    }

    /// <summary>
    /// The complete <c>channel_announcement</c>: <paramref name="announcement"/> with both ends' signatures in place.
    /// Check the peer's first with <see cref="ChannelAnnouncementValidator.ValidateAnnouncementSignatures"/>.
    /// </summary>
    public static ChannelAnnouncementMessage Complete(
        ChannelAnnouncementMessage announcement,
        NodeId localNodeId,
        AnnouncementSignaturesMessage local,
        AnnouncementSignaturesMessage remote)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        ArgumentNullException.ThrowIfNull(localNodeId);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        if (local.ShortChannelId != announcement.ShortChannelId || remote.ShortChannelId != announcement.ShortChannelId)
            throw new ArgumentException("announcement_signatures for another short_channel_id", nameof(remote));
        var (first, second) = announcement.NodeId1 == localNodeId ? (local, remote)
            : announcement.NodeId2 == localNodeId ? (remote, local)
            : throw new ArgumentException("we are neither end of the announcement", nameof(localNodeId));
        // BOLT #7: "MUST set `node_signature_1` and `node_signature_2` to valid
        // signatures of the hash `h` (using `node_id_1` and `node_id_2`'s respective
        // secrets)."
        return announcement with
        {
            NodeSignature1 = first.NodeSignature,
            NodeSignature2 = second.NodeSignature,
            BitcoinSignature1 = first.BitcoinSignature,
            BitcoinSignature2 = second.BitcoinSignature,
        };
    }
}
